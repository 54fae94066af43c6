/**
 * A brand's saved column mappings: named, keyed by the header signature of the file they were
 * made for, so the next export with the same headers imports without asking again.
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { importMappings } from "@/db/schema";
import { ORDER_CHANNELS } from "@/db/kinds";
import { AppError, isUniqueViolation } from "@/server/errors";
import { FIELD_NAMES, LAYOUTS, layoutFromMapping, recogniseHeader, type ColumnMapping } from "@/server/orders/import";
import { IDENTITY_KINDS } from "@/server/orders/import/types";
import { headerSignature } from "./detect";

const header = z.string().trim().min(1).max(200);
const layoutIds = LAYOUTS.map((l) => l.id) as [string, ...string[]];

export const columnMappingSchema = z.strictObject({
  channel: z.enum(ORDER_CHANNELS),
  columns: z.partialRecord(z.enum(FIELD_NAMES), header),
  statuses: z.record(header, z.enum(["unpaid", "paid", "completed", "cancelled"])).optional(),
  afterSales: z.record(header, z.enum(["none", "open", "refunded"])).optional(),
  kind: z.enum(["orders", "refunds"]).optional(),
  grain: z.enum(["order", "line"]).optional(),
  amountScope: z.enum(["line", "order"]).optional(),
  accountKind: z.enum(IDENTITY_KINDS).optional(),
  basedOn: z.enum(layoutIds).optional(),
});

export const saveMappingSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** The file's header row, as the refused upload reported it. */
  headers: z.array(header).min(1).max(300),
  mapping: columnMappingSchema,
});

export type SaveMappingInput = z.infer<typeof saveMappingSchema>;

export function toColumnMapping(stored: unknown): ColumnMapping {
  return columnMappingSchema.parse(stored) as ColumnMapping;
}

const view = (m: typeof importMappings.$inferSelect) => ({
  id: m.id,
  name: m.name,
  headers: m.headers,
  mapping: toColumnMapping(m.mapping),
  updatedAt: m.updatedAt,
});

export async function listMappings(tx: Tx) {
  return (await tx.select().from(importMappings).orderBy(asc(importMappings.name))).map(view);
}

/**
 * Saves (or replaces, by name) a mapping, after checking that it reads the headers it was made
 * for: every field the import needs names one of them.
 */
export async function saveMapping(tx: Tx, tenantId: string, input: SaveMappingInput) {
  const mapping = input.mapping as ColumnMapping;
  const rec = recogniseHeader(input.headers, { layouts: [layoutFromMapping(mapping)] });
  if (!rec.ok) {
    throw new AppError("UNPROCESSABLE", `The mapping does not name a column for: ${rec.missing.join(", ")}.`, {
      fields: { mapping: "incomplete" },
    });
  }
  const values = { name: input.name, headers: input.headers, headerSignature: headerSignature(input.headers), mapping: input.mapping, updatedAt: new Date() };
  try {
    const [row] = await tx
      .insert(importMappings)
      .values({ tenantId, ...values })
      .onConflictDoUpdate({ target: [importMappings.tenantId, importMappings.name], set: values })
      .returning();
    return view(row!);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "A mapping with this name already exists.");
    throw e;
  }
}

export async function deleteMapping(tx: Tx, id: string) {
  const gone = await tx.delete(importMappings).where(eq(importMappings.id, id)).returning({ id: importMappings.id });
  if (!gone.length) throw new AppError("NOT_FOUND", "No such mapping.");
}

export async function getMapping(tx: Tx, id: string) {
  const [row] = await tx.select().from(importMappings).where(eq(importMappings.id, id));
  return row ? view(row) : null;
}

/** The newest mapping saved for files with exactly these headers. */
export async function mappingForSignature(tx: Tx, signature: string) {
  const rows = await tx.select().from(importMappings).where(and(eq(importMappings.headerSignature, signature))).orderBy(asc(importMappings.updatedAt));
  const row = rows.at(-1);
  return row ? view(row) : null;
}
