/**
 * Fold watermarks over order events. Every change to an order (created, completed, refund,
 * cancelled) writes an order_events row whose id is a uuidv7 made from the app's clock, so
 * "events since T" is a range scan of order_events' primary key (tenant_id, id) — no index
 * on the hot ingest path is added for the folds.
 *
 * A transaction that made its ids before T may commit after the fold read past T, so each
 * fold reads again from T − MARGIN. The folds recompute what they touch (they never add
 * deltas per event), so reading an event twice changes nothing — but it costs: under steady
 * ingest every fold would rebuild the last five minutes' distributors again. So each fold also
 * keeps the xmin of a snapshot taken as it began, and the next one skips, within the margin,
 * the events whose transaction id is older than that xmin: such a transaction (or the one a
 * savepoint's id belongs to) had ended before that snapshot, so its committed events were
 * visible to the fold's later read and were folded then.
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

export interface FoldStart {
  /** Read events with id ≥ this uuid. */
  floor: string;
  first: boolean;
  /** The last fold's snapshot xmin (64-bit), or null: see `unseenEvent`. */
  seenXmin: number | null;
  /** This fold's snapshot xmin, to save with its watermark. */
  xmin: number;
}

/**
 * Where a fold starts reading: the last run's start less the margin, or `fresh` the first time.
 * Call it before the fold reads any event: the snapshot it takes must not be newer than the
 * read's (under READ COMMITTED each statement takes its own, later one).
 */
export async function foldFloor(tx: Tx, name: string, fresh: Date): Promise<FoldStart> {
  const rows = rowsOf<{ seen_until: string | Date | null; seen_xmin: string | number | null; xmin: string | number }>(
    await tx.execute(sql`
      select w.seen_until, w.seen_xmin, pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin
      from (select 1) one left join incentive_watermarks w on w.name = ${name}`),
  );
  const row = rows[0];
  const xmin = Number(row?.xmin);
  const seen = row?.seen_until;
  if (seen === undefined || seen === null) return { floor: uuidv7Floor(fresh), first: true, seenXmin: null, xmin };
  const seenXmin = row?.seen_xmin === null || row?.seen_xmin === undefined ? null : Number(row.seen_xmin);
  return { floor: uuidv7Floor(new Date(new Date(seen).getTime() - FOLD_MARGIN_MS)), first: false, seenXmin, xmin };
}

/**
 * True for an event row (`alias`.xmin) the last fold could not have read: its transaction id is
 * not older than that fold's snapshot xmin. Transaction ids are compared modulo 2^32, as
 * Postgres does: the rows within the margin are minutes old, far inside the 2^31 window.
 */
export function unseenEvent(alias: string, seenXmin: number | null) {
  if (seenXmin === null) return sql`true`;
  const low = seenXmin % 2 ** 32;
  return sql`((${sql.raw(alias)}.xmin::text::bigint - ${low}::bigint + 4294967296) % 4294967296 < 2147483648)`;
}

/** When the fold last ran (its start), or null if never. */
export async function lastFold(tx: Tx, name: string): Promise<Date | null> {
  const rows = rowsOf<{ seen_until: string | Date }>(await tx.execute(sql`select seen_until from incentive_watermarks where name = ${name}`));
  return rows[0] ? new Date(rows[0].seen_until) : null;
}

export async function saveWatermark(tx: Tx, tenantId: string, name: string, startedAt: Date, xmin: number) {
  await tx.execute(sql`
    insert into incentive_watermarks (tenant_id, id, name, seen_until, seen_xmin)
    values (${tenantId}::uuid, gen_random_uuid(), ${name}, ${startedAt.toISOString()}::timestamptz, ${xmin}::bigint)
    on conflict (tenant_id, name) do update set seen_until = excluded.seen_until, seen_xmin = excluded.seen_xmin, updated_at = now()`);
}

/**
 * One fold of a kind per brand at a time (two would race on the same rows). A caller that does
 * not get the lock skips its fold: the one holding it is doing the same work.
 */
export async function tryFoldLock(tx: Tx, tenantId: string, name: string): Promise<boolean> {
  const rows = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${`${tenantId}:${name}`})) as ok`));
  return rows[0]?.ok === true;
}
