/**
 * Reading withdrawals: the console's review queue (one page with its total; keyset chunks for
 * the CSV export, over the same order), the console detail (masked identity, balances and
 * their history, risk flags, the tax computation, the timeline), and the portal's own list and
 * detail. Nothing here returns the encrypted account or an unmasked number.
 */
import { and, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributors, memberships, orders, users, withdrawalEvents, withdrawals } from "@/db/schema";
import { isUuid } from "@/db/ids";
import { AppError } from "@/server/errors";
import { balancesOfOne, distributorStatement } from "@/server/ledger/balances";
import { afterCursor, cursorKey, distributorMatches, orderByKeyset, type Cursor, type Sort } from "@/server/orders/console-query";
import { brandDayEnd, brandDayStart } from "@/server/orders/console-schemas";
import { identityForStaff } from "./deps";
import { getPayoutSettings } from "./settings";
import { yuanTextToFen, type WithdrawalFilter, type WithdrawalListInput } from "./schemas";

function where(f: Partial<WithdrawalFilter>): SQL | undefined {
  return and(
    f.channel ? eq(withdrawals.channel, f.channel) : undefined,
    f.status ? eq(withdrawals.status, f.status) : undefined,
    f.requestedFrom ? gte(withdrawals.requestedAt, brandDayStart(f.requestedFrom)) : undefined,
    f.requestedTo ? lt(withdrawals.requestedAt, brandDayEnd(f.requestedTo)) : undefined,
    f.minYuan ? gte(withdrawals.amountFen, yuanTextToFen(f.minYuan)) : undefined,
    f.maxYuan ? lte(withdrawals.amountFen, yuanTextToFen(f.maxYuan)) : undefined,
    f.distributor ? distributorMatches(withdrawals.distributorId, f.distributor) : undefined,
  );
}

function sortOf(f: Pick<WithdrawalFilter, "sort" | "dir">): Sort {
  return {
    column: f.sort === "amount" ? withdrawals.amountFen : withdrawals.requestedAt,
    cast: f.sort === "amount" ? "bigint" : "timestamptz",
    desc: f.dir === "desc",
  };
}

function selectRows(tx: Tx, sort: Sort) {
  return tx
    .select({
      id: withdrawals.id,
      outBillNo: withdrawals.outBillNo,
      channel: withdrawals.channel,
      status: withdrawals.status,
      amountFen: withdrawals.amountFen,
      feeFen: withdrawals.feeFen,
      taxFen: withdrawals.taxFen,
      netFen: withdrawals.netFen,
      payeeName: withdrawals.payeeName,
      payeeAccountMasked: withdrawals.payeeAccountMasked,
      firstApprovedBy: withdrawals.firstApprovedBy,
      requestedAt: withdrawals.requestedAt,
      paidAt: withdrawals.paidAt,
      distributorId: withdrawals.distributorId,
      distributorName: distributors.name,
      distributorCode: distributors.code,
      sortKey: cursorKey(sort),
    })
    .from(withdrawals)
    .innerJoin(distributors, and(eq(distributors.tenantId, withdrawals.tenantId), eq(distributors.id, withdrawals.distributorId)));
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

function toRow(r: RawRow) {
  return {
    id: r.id,
    outBillNo: r.outBillNo,
    channel: r.channel,
    status: r.status,
    amountFen: Number(r.amountFen),
    feeFen: Number(r.feeFen),
    taxFen: Number(r.taxFen),
    netFen: Number(r.netFen),
    payeeName: r.payeeName,
    payeeAccountMasked: r.payeeAccountMasked,
    awaitingSecondApproval: r.status === "reviewing" && !!r.firstApprovedBy,
    requestedAt: r.requestedAt,
    paidAt: r.paidAt,
    distributor: { id: r.distributorId, name: r.distributorName, code: r.distributorCode },
  };
}
export type ConsoleWithdrawalRow = ReturnType<typeof toRow>;

export async function listWithdrawals(tx: Tx, input: WithdrawalListInput) {
  const w = where(input);
  const sort = sortOf(input);
  const [total] = await tx.select({ n: count() }).from(withdrawals).where(w);
  const sums = await tx
    .select({ n: count(), amount: sql<string>`coalesce(sum(${withdrawals.amountFen}), 0)` })
    .from(withdrawals)
    .where(and(w, eq(withdrawals.status, "reviewing")));
  const rows = await selectRows(tx, sort)
    .where(w)
    .orderBy(...orderByKeyset(sort, withdrawals.id))
    .limit(input.limit)
    .offset(input.offset);
  return {
    total: Number(total?.n ?? 0),
    reviewing: { count: Number(sums[0]?.n ?? 0), amountFen: Number(sums[0]?.amount ?? 0) },
    items: rows.map(toRow),
  };
}

export async function withdrawalChunk(tx: Tx, filter: WithdrawalFilter, cursor: Cursor | null, limit: number) {
  const sort = sortOf(filter);
  const rows = await selectRows(tx, sort)
    .where(and(where(filter), cursor ? afterCursor(sort, withdrawals.id, cursor) : undefined))
    .orderBy(...orderByKeyset(sort, withdrawals.id))
    .limit(limit);
  const last = rows.at(-1);
  return { rows: rows.map(toRow), next: rows.length === limit && last ? { key: last.sortKey, id: last.id } : null };
}

export interface TimelineEntry {
  id: string;
  fromStatus: string | null;
  toStatus: string;
  actorType: string;
  /** Staff members' names for the console; null for the portal and for other actors. */
  actorName: string | null;
  reason: string | null;
  at: Date;
}

async function timelineOf(tx: Tx, withdrawalId: string, withStaffNames: boolean): Promise<TimelineEntry[]> {
  const ev = await tx
    .select()
    .from(withdrawalEvents)
    .where(eq(withdrawalEvents.withdrawalId, withdrawalId))
    .orderBy(withdrawalEvents.at, withdrawalEvents.id);
  const names = new Map<string, string>();
  const ids = [...new Set(ev.filter((e) => e.actorType === "staff" && e.actorId && isUuid(e.actorId)).map((e) => e.actorId!))];
  if (withStaffNames && ids.length) {
    const rows = await tx
      .select({ id: users.id, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(inArray(memberships.userId, ids));
    for (const r of rows) names.set(r.id, r.name);
  }
  return ev.map((e) => ({
    id: e.id,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorType: e.actorType,
    actorName: withStaffNames && e.actorId ? (names.get(e.actorId) ?? null) : null,
    reason: e.reason,
    at: e.at,
  }));
}

function publicFields(w: typeof withdrawals.$inferSelect) {
  return {
    id: w.id,
    outBillNo: w.outBillNo,
    channel: w.channel,
    status: w.status,
    amountFen: Number(w.amountFen),
    feeFen: Number(w.feeFen),
    taxFen: Number(w.taxFen),
    netFen: Number(w.netFen),
    /** True while the tax is an estimate (fixed when the payout starts). */
    taxEstimated: w.taxMonth === null && !["paid"].includes(w.status),
    taxMethod: w.taxMethod,
    taxNote: w.taxNote,
    payeeName: w.payeeName,
    payeeAccountMasked: w.payeeAccountMasked,
    payeeBankName: w.payeeBankName,
    reason: w.reason,
    expiresAt: w.expiresAt,
    requestedAt: w.requestedAt,
    paidAt: w.paidAt,
  };
}

/** The console's review detail. */
export async function withdrawalDetail(tx: Tx, id: string) {
  const [w] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id));
  if (!w) throw new AppError("NOT_FOUND", "Withdrawal not found.");
  const [d] = await tx
    .select({ id: distributors.id, code: distributors.code, name: distributors.name, status: distributors.status })
    .from(distributors)
    .where(eq(distributors.id, w.distributorId));
  const riskWhere = and(eq(orders.distributorId, w.distributorId), inArray(orders.riskVerdict, ["review", "block"]));
  const [riskCount] = await tx.select({ n: count() }).from(orders).where(riskWhere);
  const risky = await tx
    .select({ id: orders.id, channel: orders.channel, externalId: orders.externalId, riskVerdict: orders.riskVerdict, paidAt: orders.paidAt, amountFen: orders.amountFen })
    .from(orders)
    .where(riskWhere)
    .orderBy(desc(orders.paidAt))
    .limit(10);
  const approverNames = await (async () => {
    const ids = [w.firstApprovedBy, w.approvedBy].filter((x): x is string => !!x);
    if (!ids.length) return new Map<string, string>();
    const rows = await tx.select({ id: users.id, name: users.name }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(inArray(memberships.userId, ids));
    return new Map(rows.map((r) => [r.id, r.name]));
  })();
  return {
    ...publicFields(w),
    taxMonth: w.taxMonth,
    taxDetail: w.taxDetail ?? {},
    dualApprovalFromFen: (await getPayoutSettings(tx)).dualApprovalFromFen,
    firstApproval: w.firstApprovedBy ? { by: w.firstApprovedBy, name: approverNames.get(w.firstApprovedBy) ?? null, at: w.firstApprovedAt } : null,
    approval: w.approvedBy ? { by: w.approvedBy, name: approverNames.get(w.approvedBy) ?? null, at: w.approvedAt } : null,
    distributor: d ?? null,
    identity: await identityForStaff(tx, w.distributorId),
    balances: await balancesOfOne(tx, w.distributorId),
    balanceHistory: (await distributorStatement(tx, { distributorId: w.distributorId, types: ["available", "withdrawing", "arrears"], limit: 20 })).map((l) => ({
      postingId: l.postingId,
      at: l.at,
      accountType: l.accountType,
      changeFen: l.changeFen,
      kind: l.kind,
      causeType: l.causeType,
      memo: l.memo,
    })),
    risk: {
      flaggedOrders: Number(riskCount?.n ?? 0),
      orders: risky.map((o) => ({ ...o, amountFen: Number(o.amountFen) })),
    },
    timeline: await timelineOf(tx, w.id, true),
  };
}

/** The distributor's own withdrawals, newest first. */
export async function myWithdrawals(tx: Tx, distributorId: string, page: { limit: number; offset: number }) {
  const mine = eq(withdrawals.distributorId, distributorId);
  const [total] = await tx.select({ n: count() }).from(withdrawals).where(mine);
  const rows = await tx.select().from(withdrawals).where(mine).orderBy(desc(withdrawals.requestedAt), desc(withdrawals.id)).limit(page.limit).offset(page.offset);
  return { total: Number(total?.n ?? 0), items: rows.map(publicFields) };
}

/** One of the distributor's own withdrawals with its timeline; another's reads as not found. */
export async function myWithdrawal(tx: Tx, distributorId: string, id: string) {
  const [w] = await tx.select().from(withdrawals).where(and(eq(withdrawals.id, id), eq(withdrawals.distributorId, distributorId)));
  if (!w) throw new AppError("NOT_FOUND", "Withdrawal not found.");
  return { ...publicFields(w), timeline: await timelineOf(tx, w.id, false) };
}

/** REST: by distributor code and status, newest first, keyset-paged on (requestedAt, id). */
export async function apiWithdrawals(tx: Tx, f: { distributorId?: string; status?: WithdrawalFilter["status"]; limit: number; offset: number }) {
  const w = and(f.distributorId ? eq(withdrawals.distributorId, f.distributorId) : undefined, f.status ? eq(withdrawals.status, f.status) : undefined);
  const rows = await tx
    .select({ w: withdrawals, code: distributors.code })
    .from(withdrawals)
    .innerJoin(distributors, and(eq(distributors.tenantId, withdrawals.tenantId), eq(distributors.id, withdrawals.distributorId)))
    .where(w)
    .orderBy(desc(withdrawals.requestedAt), desc(withdrawals.id))
    .limit(f.limit)
    .offset(f.offset);
  return rows.map((r) => ({ ...publicFields(r.w), distributorCode: r.code }));
}

export async function apiWithdrawal(tx: Tx, id: string) {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", "Withdrawal not found.");
  const [r] = await tx
    .select({ w: withdrawals, code: distributors.code })
    .from(withdrawals)
    .innerJoin(distributors, and(eq(distributors.tenantId, withdrawals.tenantId), eq(distributors.id, withdrawals.distributorId)))
    .where(eq(withdrawals.id, id));
  if (!r) throw new AppError("NOT_FOUND", "Withdrawal not found.");
  return { ...publicFields(r.w), distributorCode: r.code, timeline: await timelineOf(tx, id, false) };
}
