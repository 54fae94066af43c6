/**
 * The delivery log the console shows (one page with its total; newest first) with each
 * delivery's attempts, and manual redelivery.
 */
import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { afterCursor, cursorKey, orderByKeyset, type Cursor, type Sort } from "@/server/orders/console-query";
import { wakeAfterCommit } from "./emit";
import { DELIVERY_SORTS, DELIVERY_STATUSES } from "./events";

export const deliveryListSchema = z.object({
  endpointId: z.uuid().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  type: z.string().trim().max(64).optional(),
  sort: z.enum(DELIVERY_SORTS).default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type DeliveryListInput = z.input<typeof deliveryListSchema>;

function where(f: Pick<DeliveryFilter, "endpointId" | "status" | "type">): SQL | undefined {
  return and(
    f.endpointId ? eq(webhookDeliveries.endpointId, f.endpointId) : undefined,
    f.status ? eq(webhookDeliveries.status, f.status) : undefined,
    f.type ? eq(webhookEvents.type, f.type) : undefined,
  );
}

/** The filters alone (the CSV export reads them from the query string). */
export const deliveryFilterSchema = deliveryListSchema.omit({ limit: true, offset: true });
export type DeliveryFilter = z.output<typeof deliveryFilterSchema>;

const joinEvent = and(eq(webhookEvents.tenantId, webhookDeliveries.tenantId), eq(webhookEvents.id, webhookDeliveries.eventId));
const sortOf = (f: Pick<DeliveryFilter, "dir">): Sort => ({ column: webhookDeliveries.createdAt, cast: "timestamptz", desc: f.dir === "desc" });

function selectRows(tx: Tx, sort: Sort) {
  return tx
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      type: webhookEvents.type,
      orderingKey: webhookDeliveries.orderingKey,
      endpointId: webhookDeliveries.endpointId,
      endpointUrl: webhookEndpoints.url,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
      sortKey: cursorKey(sort),
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, joinEvent)
    .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.tenantId, webhookDeliveries.tenantId), eq(webhookEndpoints.id, webhookDeliveries.endpointId)));
}

export async function listDeliveries(tx: Tx, raw: DeliveryListInput) {
  const input = deliveryListSchema.parse(raw);
  const w = where(input);
  const sort = sortOf(input);
  const [total] = await tx.select({ n: count() }).from(webhookDeliveries).innerJoin(webhookEvents, joinEvent).where(w);
  const rows = await selectRows(tx, sort).where(w).orderBy(...orderByKeyset(sort, webhookDeliveries.id)).limit(input.limit).offset(input.offset);
  return { total: Number(total?.n ?? 0), items: rows.map(({ sortKey: _, ...r }) => r) };
}

/** Keyset chunks over the same order, for the CSV export. */
export async function deliveryChunk(tx: Tx, filter: DeliveryFilter, cursor: Cursor | null, limit: number) {
  const sort = sortOf(filter);
  const rows = await selectRows(tx, sort)
    .where(and(where(filter), cursor ? afterCursor(sort, webhookDeliveries.id, cursor) : undefined))
    .orderBy(...orderByKeyset(sort, webhookDeliveries.id))
    .limit(limit);
  const last = rows.at(-1);
  return { rows, next: rows.length === limit && last ? { key: last.sortKey, id: last.id } : null };
}

/** One delivery with its event's body and every attempt (status, duration, error). */
export async function getDelivery(tx: Tx, id: string) {
  const [d] = await tx
    .select({
      id: webhookDeliveries.id,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      endpointId: webhookDeliveries.endpointId,
      event: { id: webhookEvents.id, type: webhookEvents.type, data: webhookEvents.data, createdAt: webhookEvents.createdAt },
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, and(eq(webhookEvents.tenantId, webhookDeliveries.tenantId), eq(webhookEvents.id, webhookDeliveries.eventId)))
    .where(eq(webhookDeliveries.id, id));
  if (!d) throw new AppError("NOT_FOUND", "Webhook delivery not found.");
  const log = await tx
    .select({ attemptNo: webhookAttempts.attemptNo, statusCode: webhookAttempts.statusCode, durationMs: webhookAttempts.durationMs, error: webhookAttempts.error, trigger: webhookAttempts.trigger, at: webhookAttempts.at })
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, id))
    .orderBy(desc(webhookAttempts.at));
  return { ...d, log };
}

/**
 * Sends a delivery again, whatever became of it: due now, tried even while its endpoint is
 * disabled, logged as manual. Its place in its order's sequence still holds: it waits for an
 * earlier delivery of the same order that is still pending.
 */
export async function redeliver(tx: Tx, id: string) {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({ status: "pending", nextAttemptAt: sql`now()`, manual: true, lockedUntil: null })
    .where(eq(webhookDeliveries.id, id))
    .returning({ id: webhookDeliveries.id });
  if (!row) throw new AppError("NOT_FOUND", "Webhook delivery not found.");
  wakeAfterCommit(tx, await currentTenantId(tx));
  return row;
}
