/**
 * Runs an order import: the stored file is parsed in chunks (500 data rows by default) and
 * each chunk goes through the same services as /api/v1 — ingestOrders for orders, the order
 * events for completions, cancellations and refunds — in its own tenant transaction, which
 * also records the chunk's issues and moves the progress counts. A chunk is committed with
 * `chunks_done`, so an import stopped anywhere (a crash, a restart, a failed chunk) resumes
 * after its last committed chunk; the parser gives the same chunks for the same bytes.
 *
 * Ingest and events are idempotent on the order's (channel, externalId) and the refund id, so
 * importing a file again creates nothing: its orders and refunds count as unchanged.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { orderImportFiles, orderImportIssues, orderImports, orders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { sendJobEvents, type JobEvent } from "@/server/jobs/events";
import { applyOrderEvent, cancelOrder, completeOrder } from "@/server/orders/events";
import { ingestOrders } from "@/server/orders/ingest";
import { parseOrderFile, type Channel, type ImportedOrder, type ImportIssue, type ParseChunk } from "@/server/orders/import";
import { cellText } from "@/server/orders/import/cell-text";
import { makeIssue } from "@/server/orders/import/issues";
import type { OrderInput } from "@/server/orders/schemas";
import { applyAfterSales } from "./after-sales";
import { toColumnMapping } from "./mappings";

/** How long a runner holds an import between chunks; after it the sweep may take it over. */
export const IMPORT_LEASE_MS = 2 * 60_000;

export interface RunOptions {
  now?: () => Date;
  /** Stops between chunks, leaving the import running (as a shutdown would); the sweep resumes it. */
  signal?: AbortSignal;
  /** Called after each committed chunk with the number of chunks done. */
  afterChunk?: (chunksDone: number) => void;
}

export interface ChunkCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

type Issue = ImportIssue & { raw: Record<string, string> };

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** An order or refund the services refused: reported on its first row, the others go on. */
function refused(rows: number[], key: string, params: Record<string, string>, raw: Record<string, string>): Issue {
  return { ...makeIssue(rows[0] ?? 0, "row", key, params), raw };
}

async function inSavepoint<T>(tx: Tx, fn: (sp: Tx) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await tx.transaction(fn) };
  } catch (error) {
    return { ok: false, error };
  }
}

const orderRaw = (o: ImportedOrder) => ({ channel: o.order.channel, orderId: o.order.externalId });

/** Orders through ingest: the chunk at once, or one by one when one of them is refused. */
async function importOrders(tx: Tx, tenantId: string, importId: string, actorId: string, list: ImportedOrder[], counts: ChunkCounts, issues: Issue[], jobs: JobEvent[]) {
  if (!list.length) return;
  const ctx = { tenantId, actor: { type: "staff" as const, id: actorId }, source: "import" as const, importId };
  const inputs = list.map((o) => o.order as OrderInput);
  const outcomes: ({ status: "created" | "existing"; orderId: string } | null)[] = new Array<null>(list.length).fill(null);
  const whole = await inSavepoint(tx, (sp) => ingestOrders(sp, ctx, inputs));
  if (whole.ok) {
    for (const o of whole.value) outcomes[o.index] = o;
  } else {
    for (const [i, order] of list.entries()) {
      const one = await inSavepoint(tx, (sp) => ingestOrders(sp, ctx, [inputs[i]!]));
      if (one.ok) outcomes[i] = one.value[0]!;
      else issues.push(refused(order.rows, "ingest.refused", { message: errorText(one.error) }, orderRaw(order)));
    }
  }

  const ids = outcomes.flatMap((o) => (o ? [o.orderId] : []));
  const current = ids.length
    ? await tx.select({ id: orders.id, status: orders.status }).from(orders).where(inArray(orders.id, ids))
    : [];
  const statusOf = new Map(current.map((r) => [r.id, r.status]));
  const touched: string[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    const imported = list[i]!;
    if (!outcome) {
      counts.failed += 1;
      continue;
    }
    if (outcome.status === "created") {
      counts.created += 1;
      touched.push(outcome.orderId);
      continue;
    }
    // Known already: a later export may say it has since completed or been cancelled.
    const { status, completedAt } = imported.order;
    const was = statusOf.get(outcome.orderId);
    const evCtx = { tenantId, source: "import" as const };
    let step: Awaited<ReturnType<typeof inSavepoint<{ applied: boolean }>>> = { ok: true, value: { applied: false } };
    if (status === "completed" && completedAt && was === "paid") step = await inSavepoint(tx, (sp) => completeOrder(sp, evCtx, outcome.orderId, new Date(completedAt)));
    else if (status === "cancelled" && was === "paid") step = await inSavepoint(tx, (sp) => cancelOrder(sp, evCtx, outcome.orderId, new Date(imported.order.paidAt)));
    if (!step.ok) {
      counts.failed += 1;
      issues.push(refused(imported.rows, "ingest.refused", { message: errorText(step.error) }, orderRaw(imported)));
    } else if (step.value.applied) {
      counts.updated += 1;
      touched.push(outcome.orderId);
    } else counts.unchanged += 1;
  }
  // Completed orders start their after-sales clock: wake the settlement job for them.
  if (touched.length) {
    const due = await tx
      .select({ id: orders.id, settleAfter: orders.settleAfter })
      .from(orders)
      .where(and(inArray(orders.id, touched), isNotNull(orders.settleAfter)));
    for (const o of due) jobs.push({ name: "order/completed", data: { tenantId, orderId: o.id, settleAfter: o.settleAfter!.toISOString() } });
  }
}

async function importRefunds(tx: Tx, tenantId: string, chunk: ParseChunk, counts: ChunkCounts, issues: Issue[], jobs: JobEvent[]) {
  for (const refund of chunk.refunds) {
    const raw = { channel: refund.channel, orderId: refund.externalId, refundId: refund.event.refundId };
    const [order] = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.channel, refund.channel), eq(orders.externalId, refund.externalId)));
    if (!order) {
      counts.failed += 1;
      issues.push(refused(refund.rows, "ingest.orderNotFound", { orderId: refund.externalId }, raw));
      continue;
    }
    const step = await inSavepoint(tx, (sp) => applyOrderEvent(sp, { tenantId, source: "import" }, order.id, refund.event));
    if (!step.ok) {
      counts.failed += 1;
      issues.push(refused(refund.rows, "ingest.refused", { message: errorText(step.error) }, raw));
    } else if (step.value.applied) {
      counts.updated += 1;
      jobs.push({ name: "order/refunded", data: { tenantId, orderId: order.id } });
    } else counts.unchanged += 1;
  }
}

/** A row's non-blank cells by header (a repeated header gets its column number), or null. */
function rowValues(chunk: Pick<ParseChunk, "sourceRows">, row: number): Record<string, string> | null {
  const cells = row > 0 ? chunk.sourceRows?.rows[row] : undefined;
  if (!cells) return null;
  const header = chunk.sourceRows!.header;
  const out: Record<string, string> = {};
  cells.forEach((cell, j) => {
    const value = cellText(cell);
    if (value.trim() === "") return;
    const name = header[j]?.trim() || `#${j + 1}`;
    out[name in out ? `${name} (#${j + 1})` : name] = value;
  });
  return out;
}

/**
 * One chunk in the caller's transaction. False when the import is not ours to continue (another
 * runner took it over, or it finished): nothing is written then.
 */
export async function processChunk(tx: Tx, tenantId: string, importId: string, index: number, chunk: ParseChunk, now: Date, jobs: JobEvent[]) {
  const [imp] = await tx.select().from(orderImports).where(eq(orderImports.id, importId)).for("update");
  if (!imp || imp.status !== "running" || imp.chunksDone !== index) return false;
  const counts: ChunkCounts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const issues: Issue[] = [];
  await importOrders(tx, tenantId, importId, imp.createdBy, chunk.orders, counts, issues, jobs);
  await importRefunds(tx, tenantId, chunk, counts, issues, jobs);
  // After the refunds, so a case that ended in a refund is cleared once the refund is in.
  const cases = await applyAfterSales(tx, chunk);
  if (imp.kind === "refunds") {
    // An order export's cases go with its orders' own counts; a refund export is its cases.
    counts.updated += cases.changed;
    counts.unchanged += cases.unchanged;
    for (const m of cases.missing) {
      counts.failed += 1;
      const raw = { orderId: m.externalId, sku: m.sku };
      issues.push(refused([m.row], m.order ? "ingest.lineNotFound" : "ingest.orderNotFound", m.order ? raw : { orderId: m.externalId }, raw));
    }
  }

  // The parser's rows that never became an order are failures too (one per row), and so is
  // each order it refused without a row of its own (row 0: a legacy pair's 订单报表 order that
  // its 宝贝报表 never names).
  const parseErrors = chunk.issues.filter((i) => i.severity === "error");
  counts.failed += new Set(parseErrors.filter((i) => i.row > 0).map((i) => i.row)).size;
  counts.failed += parseErrors.filter((i) => i.row === 0 && i.field === "orderId").length;
  // "Values in the row" of the report: a refused row as the file has it, where the chunk still
  // holds its text; else (and for warnings, which may be on every row) what the issue knows.
  const all: Issue[] = [...chunk.issues.map((i) => ({ ...i, raw: i.params })), ...issues].map((i) =>
    i.severity === "error" ? { ...i, raw: rowValues(chunk, i.row) ?? i.raw } : i,
  );
  if (all.length) {
    await tx.insert(orderImportIssues).values(
      all.map((i) => ({ tenantId, importId, row: i.row, field: i.field, key: i.key, params: i.params, severity: i.severity, message: i.message, raw: i.raw })),
    );
  }
  const processed = chunk.progress.rowsDone;
  await tx
    .update(orderImports)
    .set({
      chunksDone: index + 1,
      processedRows: processed,
      totalRows: chunk.done ? processed : (chunk.progress.rowsTotal ?? imp.totalRows),
      created: imp.created + counts.created,
      updated: imp.updated + counts.updated,
      unchanged: imp.unchanged + counts.unchanged,
      failed: imp.failed + counts.failed,
      leaseUntil: new Date(now.getTime() + IMPORT_LEASE_MS),
      updatedAt: now,
      ...(chunk.done ? { status: "done" as const, finishedAt: now, leaseUntil: null } : {}),
    })
    .where(eq(orderImports.id, importId));
  // Done: the bytes are no longer needed to resume, and the brand's file is not kept longer.
  if (chunk.done) await tx.delete(orderImportFiles).where(eq(orderImportFiles.importId, importId));
  return true;
}

/** Imports this process is running now: the sweep leaves them alone. */
const active = new Set<string>();

/** Takes the import (queued, or running with its lease run out) and loads what it needs. */
async function claim(db: Db, tenantId: string, importId: string, now: Date) {
  return withTenant(db, tenantId, async (tx) => {
    const [imp] = await tx.select().from(orderImports).where(eq(orderImports.id, importId)).for("update");
    if (!imp) return null;
    const held = imp.status === "running" && imp.leaseUntil !== null && imp.leaseUntil > now;
    if (imp.status === "done" || imp.status === "failed" || held) return null;
    const [file] = await tx.select({ content: orderImportFiles.content }).from(orderImportFiles).where(eq(orderImportFiles.importId, importId));
    if (!file) {
      await tx.update(orderImports).set({ status: "failed", error: "The uploaded file is no longer stored; upload it again.", updatedAt: now }).where(eq(orderImports.id, importId));
      return null;
    }
    await tx
      .update(orderImports)
      .set({ status: "running", error: null, leaseUntil: new Date(now.getTime() + IMPORT_LEASE_MS), startedAt: imp.startedAt ?? now, updatedAt: now })
      .where(eq(orderImports.id, importId));
    return { imp, bytes: new Uint8Array(file.content) };
  });
}

/**
 * Runs (or resumes) an import to its end. Returns how it ended: "done", "failed" (a chunk could
 * not be committed; the error is on the import and Resume continues from there), "stopped" (the
 * signal), or "skipped" (nothing to run: finished, or another runner holds it).
 */
export async function runImport(db: Db, tenantId: string, importId: string, opts: RunOptions = {}): Promise<"done" | "failed" | "stopped" | "skipped"> {
  if (active.has(importId)) return "skipped";
  active.add(importId);
  const now = opts.now ?? (() => new Date());
  try {
    const claimed = await claim(db, tenantId, importId, now());
    if (!claimed) return "skipped";
    const { imp, bytes } = claimed;
    const mapping = imp.mapping ? toColumnMapping(imp.mapping) : undefined;
    let index = 0;
    try {
      for await (const chunk of parseOrderFile(bytes, { chunkSize: imp.chunkSize, channel: imp.channel as Channel, ...(mapping ? { mapping } : {}), now: now() })) {
        if (index < imp.chunksDone) {
          index += 1;
          continue;
        }
        if (opts.signal?.aborted) return "stopped";
        const jobs: JobEvent[] = [];
        const ours = await withTenant(db, tenantId, (tx) => {
          jobs.length = 0;
          return processChunk(tx, tenantId, importId, index, chunk, now(), jobs);
        });
        if (!ours) return "skipped";
        // After the commit, as the REST routes do.
        await sendJobEvents(jobs);
        index += 1;
        opts.afterChunk?.(index);
      }
      return "done";
    } catch (e) {
      console.error(`order import ${importId} failed`, e);
      await withTenant(db, tenantId, (tx) =>
        tx.update(orderImports).set({ status: "failed", error: errorText(e).slice(0, 500), leaseUntil: null, updatedAt: now() }).where(eq(orderImports.id, importId)),
      );
      return "failed";
    }
  } finally {
    active.delete(importId);
  }
}

export function isImportActive(importId: string) {
  return active.has(importId);
}
