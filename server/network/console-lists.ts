/**
 * The distributor list and the bindings list as the console's shared table and its exports read
 * them: zod filters from the URL, an offset page with a total (bindings), and keyset chunks over
 * the same order for CSV / XLSX (server/export/lists.ts).
 */
import { and, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { bindings, distributorLevels, distributors, memberIdentities } from "@/db/schema";
import {
  afterCursor,
  cursorKey,
  distributorMatches,
  orderByKeyset,
  type Cursor,
  type Sort,
} from "@/server/orders/console-query";
import { brandDateSchema, brandDayEnd, brandDayStart, MAX_OFFSET } from "@/server/orders/console-schemas";
import { distributorOrderDesc, distributorWhere } from "./distributors";
import { BINDING_SOURCES, DISTRIBUTOR_ROLES, DISTRIBUTOR_SORTS, DISTRIBUTOR_STATUSES } from "./schemas";

/**
 * The distributors export's filters: the console table's query string, whose names are
 * distributors.list's input fields (status, role, levelId, q, sort, dir).
 */
export const distributorExportSchema = z.object({
  status: z.enum(DISTRIBUTOR_STATUSES).optional(),
  role: z.enum(DISTRIBUTOR_ROLES).optional(),
  levelId: z.uuid().optional(),
  q: z.string().trim().max(60).optional(),
  sort: z.enum(DISTRIBUTOR_SORTS).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
});
export type DistributorExportFilter = z.infer<typeof distributorExportSchema>;

const upline = alias(distributors, "upline");

export async function distributorChunk(tx: Tx, f: DistributorExportFilter, cursor: Cursor | null, limit: number) {
  const where = distributorWhere(f);
  // The list page's order (distributorOrderDesc), so the file reads like the table.
  const byApplied: Sort = { column: distributors.appliedAt, cast: "timestamptz", desc: distributorOrderDesc(f) };
  const rows = await tx
    .select({
      id: distributors.id,
      key: cursorKey(byApplied),
      code: distributors.code,
      name: distributors.name,
      phoneMasked: distributors.phoneMasked,
      status: distributors.status,
      role: distributors.role,
      region: distributors.region,
      levelName: distributorLevels.name,
      uplineCode: upline.code,
      appliedAt: distributors.appliedAt,
      approvedAt: distributors.approvedAt,
      directCustomerCount: distributors.directCustomerCount,
      gmvFen: distributors.gmvFen,
      orderCount: distributors.orderCount,
    })
    .from(distributors)
    .leftJoin(distributorLevels, and(eq(distributorLevels.tenantId, distributors.tenantId), eq(distributorLevels.id, distributors.levelId)))
    .leftJoin(upline, and(eq(upline.tenantId, distributors.tenantId), eq(upline.id, distributors.uplineId)))
    .where(and(where, cursor ? afterCursor(byApplied, distributors.id, cursor) : undefined))
    .orderBy(...orderByKeyset(byApplied, distributors.id))
    .limit(limit);
  const last = rows.at(-1);
  return { rows, next: rows.length === limit && last ? { key: last.key, id: last.id } : null };
}

/** The bindings table's one sort. */
export const BINDING_SORTS = ["boundAt"] as const;

const bindingFilterShape = {
  /** A distributor's code (exact) or part of its name. */
  distributor: z.string().trim().max(60).optional(),
  source: z.enum(BINDING_SOURCES).optional(),
  boundFrom: brandDateSchema.optional(),
  boundTo: brandDateSchema.optional(),
  /** Current bindings only (default), or the whole history with ended ones. */
  state: z.enum(["current", "all"]).default("current"),
  sort: z.enum(BINDING_SORTS).default("boundAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
};
const validRange = (v: { boundFrom?: string; boundTo?: string }) => !v.boundFrom || !v.boundTo || v.boundFrom <= v.boundTo;
const rangeError = { path: ["boundTo"], message: "The end date is before the start date." };

export const bindingFilterSchema = z.object(bindingFilterShape).refine(validRange, rangeError);
export type BindingFilter = z.infer<typeof bindingFilterSchema>;
export const bindingListInputSchema = z
  .object({
    ...bindingFilterShape,
    limit: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(MAX_OFFSET).default(0),
  })
  .refine(validRange, rangeError);
export type BindingListInput = z.infer<typeof bindingListInputSchema>;

function bindingWhere(f: BindingFilter): SQL | undefined {
  return and(
    f.state === "current" ? isNull(bindings.endedAt) : undefined,
    f.source ? eq(bindings.source, f.source) : undefined,
    f.distributor ? distributorMatches(bindings.distributorId, f.distributor) : undefined,
    f.boundFrom ? gte(bindings.boundAt, brandDayStart(f.boundFrom)) : undefined,
    f.boundTo ? lt(bindings.boundAt, brandDayEnd(f.boundTo)) : undefined,
  );
}

const bindingSort = (f: BindingFilter): Sort => ({ column: bindings.boundAt, cast: "timestamptz", desc: f.dir === "desc" });

/** The buyer's masked phone (or other identity): who, without revealing them. */
const buyerMasked = sql<string | null>`(select ${memberIdentities.masked} from ${memberIdentities} where ${memberIdentities.memberId} = ${bindings.buyerMemberId} order by (${memberIdentities.kind} = 'phone') desc, ${memberIdentities.createdAt} limit 1)`;

function bindingRows(tx: Tx, sort: Sort) {
  return tx
    .select({
      id: bindings.id,
      key: cursorKey(sort),
      buyerMemberId: bindings.buyerMemberId,
      buyer: buyerMasked,
      distributor: { id: distributors.id, code: distributors.code, name: distributors.name },
      source: bindings.source,
      boundAt: bindings.boundAt,
      protectedUntil: bindings.protectedUntil,
      endedAt: bindings.endedAt,
      endedReason: bindings.endedReason,
    })
    .from(bindings)
    .innerJoin(distributors, and(eq(distributors.tenantId, bindings.tenantId), eq(distributors.id, bindings.distributorId)));
}

/** A page of bindings, newest first by default, with the filtered total. */
export async function listBindings(tx: Tx, input: BindingListInput) {
  const f = bindingListInputSchema.parse(input);
  const where = bindingWhere(f);
  const sort = bindingSort(f);
  const [total, items] = await Promise.all([
    tx.select({ n: sql<number>`count(*)::int` }).from(bindings).where(where),
    bindingRows(tx, sort).where(where).orderBy(...orderByKeyset(sort, bindings.id)).limit(f.limit).offset(f.offset),
  ]);
  return { total: total[0]?.n ?? 0, items: items.map(({ key: _k, ...r }) => r) };
}

export async function bindingChunk(tx: Tx, f: BindingFilter, cursor: Cursor | null, limit: number) {
  const sort = bindingSort(f);
  const rows = await bindingRows(tx, sort)
    .where(and(bindingWhere(f), cursor ? afterCursor(sort, bindings.id, cursor) : undefined))
    .orderBy(...orderByKeyset(sort, bindings.id))
    .limit(limit);
  const last = rows.at(-1);
  return { rows, next: rows.length === limit && last ? { key: last.key, id: last.id } : null };
}

