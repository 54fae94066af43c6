/** What the console reads about imports: the history with progress, one import, its issues. */
import { and, asc, count, desc, eq, gt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { orderImportIssues, orderImports, orders } from "@/db/schema";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import type { Locale } from "@/server/i18n/config";
import type { Cursor } from "@/server/orders/console-query";
import { issueMessage } from "@/server/orders/import";

const summary = {
  id: orderImports.id,
  fileName: orderImports.fileName,
  sizeBytes: orderImports.sizeBytes,
  format: orderImports.format,
  encoding: orderImports.encoding,
  layout: orderImports.layout,
  channel: orderImports.channel,
  kind: orderImports.kind,
  status: orderImports.status,
  totalRows: orderImports.totalRows,
  processedRows: orderImports.processedRows,
  created: orderImports.created,
  updated: orderImports.updated,
  unchanged: orderImports.unchanged,
  failed: orderImports.failed,
  error: orderImports.error,
  leaseUntil: orderImports.leaseUntil,
  createdAt: orderImports.createdAt,
  finishedAt: orderImports.finishedAt,
};

export type ImportSummary = Awaited<ReturnType<typeof listImports>>["items"][number];

export async function listImports(tx: Tx, page: { limit: number; offset: number }) {
  const items = await tx.select(summary).from(orderImports).orderBy(desc(orderImports.createdAt), desc(orderImports.id)).limit(page.limit).offset(page.offset);
  const [total] = await tx.select({ n: count() }).from(orderImports);
  return { items, total: total?.n ?? 0 };
}

export async function getImport(tx: Tx, id: string) {
  const [row] = await tx.select(summary).from(orderImports).where(eq(orderImports.id, id));
  if (!row) throw new AppError("NOT_FOUND", "No such import.");
  return row;
}

/**
 * One import with, for an order export that has stopped, how the orders it created were
 * attributed (PLATFORMS.md: say how each imported order was attributed; the order list and its
 * export say it per order). Null while it runs: the console polls this every second then.
 */
export async function importDetail(tx: Tx, id: string) {
  const imp = await getImport(tx, id);
  if (imp.kind !== "orders" || imp.status === "queued" || imp.status === "running") return { ...imp, attribution: null };
  const attribution = { referral_code: 0, binding: 0, none: 0 };
  const rows = await tx
    .select({ source: orders.attributionSource, n: count() })
    .from(orders)
    .where(eq(orders.importId, id))
    .groupBy(orders.attributionSource);
  for (const r of rows) attribution[r.source] = r.n;
  return { ...imp, attribution };
}

export const issuesFilterSchema = z.object({
  importId: z.uuid(),
  severity: z.enum(["error", "warning", "note"]).optional(),
});

export async function issuesPage(tx: Tx, filter: z.infer<typeof issuesFilterSchema>, page: { limit: number; offset: number }, locale: Locale) {
  await getImport(tx, filter.importId);
  const where = and(eq(orderImportIssues.importId, filter.importId), filter.severity ? eq(orderImportIssues.severity, filter.severity) : undefined);
  const rows = await tx.select().from(orderImportIssues).where(where).orderBy(asc(orderImportIssues.row), asc(orderImportIssues.id)).limit(page.limit).offset(page.offset);
  const [total] = await tx.select({ n: count() }).from(orderImportIssues).where(where);
  return {
    total: total?.n ?? 0,
    items: rows.map((r) => ({ id: r.id, row: r.row, field: r.field, key: r.key, severity: r.severity, raw: r.raw, message: issueMessage(r.key, r.params, locale) })),
  };
}

/** The error report, in row order, a keyset chunk at a time (the CSV export reads it so). */
export async function issuesChunk(tx: Tx, filter: z.infer<typeof issuesFilterSchema>, cursor: Cursor | null, limit: number) {
  await getImport(tx, filter.importId);
  const after = cursor
    ? or(gt(orderImportIssues.row, Number(cursor.key)), and(eq(orderImportIssues.row, Number(cursor.key)), gt(orderImportIssues.id, cursor.id)))
    : undefined;
  const rows = await tx
    .select()
    .from(orderImportIssues)
    .where(and(eq(orderImportIssues.importId, filter.importId), filter.severity ? eq(orderImportIssues.severity, filter.severity) : undefined, after))
    .orderBy(asc(orderImportIssues.row), asc(orderImportIssues.id))
    .limit(limit);
  const last = rows.length === limit ? rows.at(-1) : undefined;
  return { rows, next: last ? { key: String(last.row), id: last.id } : null };
}

/**
 * Makes a stopped import runnable again (a failed chunk, or a runner that died): the runner
 * then continues after the last committed chunk. A running import with a live lease is left.
 */
export async function markResumable(tx: Tx, id: string, now = new Date()) {
  const imp = await getImport(tx, id);
  if (imp.status === "done") throw new AppError("CONFLICT", "This import has finished.");
  if (imp.status === "running" && imp.leaseUntil && imp.leaseUntil > now) throw new AppError("CONFLICT", "This import is running.");
  await tx.update(orderImports).set({ status: "queued", error: null, leaseUntil: null, updatedAt: now }).where(eq(orderImports.id, id));
}

/** Imports that stopped mid-way in every brand (the sweep): brand id → import ids. */
export async function staleImports(db: Db, now: Date) {
  const tenants = await withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from fx_tenants_with_stale_imports(${now.toISOString()}::timestamptz)`)).map((r) => r.tenant_id),
  );
  const out: { tenantId: string; importIds: string[] }[] = [];
  for (const tenantId of tenants) {
    const rows = await withTenant(db, tenantId, (tx) =>
      tx
        .select({ id: orderImports.id, status: orderImports.status, leaseUntil: orderImports.leaseUntil })
        .from(orderImports)
        .where(or(eq(orderImports.status, "queued"), eq(orderImports.status, "running")))
        .orderBy(asc(orderImports.createdAt)),
    );
    const ids = rows.filter((r) => !r.leaseUntil || r.leaseUntil < now).map((r) => r.id);
    if (ids.length) out.push({ tenantId, importIds: ids });
  }
  return out;
}
