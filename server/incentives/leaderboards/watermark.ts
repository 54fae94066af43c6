/**
 * Fold watermarks over order events. Every change to an order (created, completed, refund,
 * cancelled) writes an order_events row whose id is a uuidv7 made from the app's clock, so
 * "events since T" is a range scan of order_events' primary key (tenant_id, id) — no index
 * on the hot ingest path is added for the folds.
 *
 * A transaction that made its ids before T may commit after the fold read past T, so each
 * fold reads again from T − MARGIN. The folds recompute what they touch (they never add
 * deltas per event), so reading an event twice changes nothing.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";

export const FOLD_MARGIN_MS = 5 * 60_000;

/** The smallest uuidv7 made at or after `at`: ids compare bytewise, timestamp first. */
export function uuidv7Floor(at: Date): string {
  const hex = Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** Where a fold starts reading: the last run's start less the margin, or `fresh` the first time. */
export async function foldFloor(tx: Tx, name: string, fresh: Date): Promise<{ floor: string; first: boolean }> {
  const rows = rowsOf<{ seen_until: string | Date }>(await tx.execute(sql`select seen_until from incentive_watermarks where name = ${name}`));
  const seen = rows[0]?.seen_until;
  if (seen === undefined) return { floor: uuidv7Floor(fresh), first: true };
  return { floor: uuidv7Floor(new Date(new Date(seen).getTime() - FOLD_MARGIN_MS)), first: false };
}

/** When the fold last ran (its start), or null if never. */
export async function lastFold(tx: Tx, name: string): Promise<Date | null> {
  const rows = rowsOf<{ seen_until: string | Date }>(await tx.execute(sql`select seen_until from incentive_watermarks where name = ${name}`));
  return rows[0] ? new Date(rows[0].seen_until) : null;
}

export async function saveWatermark(tx: Tx, tenantId: string, name: string, startedAt: Date) {
  await tx.execute(sql`
    insert into incentive_watermarks (tenant_id, id, name, seen_until)
    values (${tenantId}::uuid, gen_random_uuid(), ${name}, ${startedAt.toISOString()}::timestamptz)
    on conflict (tenant_id, name) do update set seen_until = excluded.seen_until, updated_at = now()`);
}

/**
 * One fold of a kind per brand at a time (two would race on the same rows). A caller that does
 * not get the lock skips its fold: the one holding it is doing the same work.
 */
export async function tryFoldLock(tx: Tx, tenantId: string, name: string): Promise<boolean> {
  const rows = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${`${tenantId}:${name}`})) as ok`));
  return rows[0]?.ok === true;
}
