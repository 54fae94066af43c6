/**
 * Folds order changes into the leaderboard rollup (db/schema/incentives-kpi.ts).
 *
 * Reads the order events since the watermark, takes the (distributor, buyer) pairs they touch,
 * and rebuilds every week and month of those distributors that holds one of the pairs' orders —
 * all regions at once, from the orders themselves. A pair, not just the order, because a
 * cancelled first order makes the buyer's next order with that distributor the first one (a
 * new customer in another period). Only periods that end after the horizon are kept current:
 * the boards show this week and month, and KPI tasks last month too.
 *
 * Figures, per distributor and period, over its attributed orders paid in the period that are
 * not cancelled (net = paid − refunded):
 *   gmv = Σ net (orders with net > 0), orders = #(net > 0),
 *   new customers = buyers whose earliest not-cancelled order with this distributor is in the
 *   period and still has net > 0.
 * A region key ('' all, province, "province city") counts the orders shipped there.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { foldFloor, lastFold, saveWatermark, tryFoldLock, unseenEvent } from "./watermark";

const DAY_MS = 86_400_000;
/** Long enough to reach back to the start of last month. */
export const LEADERBOARD_HORIZON_DAYS = 62;

export interface FoldResult {
  folded: boolean;
  periods: number;
}

/**
 * `freshMs`: skip the fold when the last one started less than this long ago (reads pass a few
 * seconds, so a busy board does not rebuild the same recent changes on every request).
 */
export async function foldLeaderboards(tx: Tx, tenantId: string, opts: { now?: Date; freshMs?: number } = {}): Promise<FoldResult> {
  const wall = new Date();
  if (opts.freshMs) {
    const last = await lastFold(tx, "leaderboards");
    if (last && wall.getTime() - last.getTime() < opts.freshMs) return { folded: false, periods: 0 };
  }
  if (!(await tryFoldLock(tx, tenantId, "leaderboards"))) return { folded: false, periods: 0 };
  const now = opts.now ?? wall;
  const cutoff = new Date(now.getTime() - LEADERBOARD_HORIZON_DAYS * DAY_MS);
  // Events are stamped by the wall clock; an order paid after the cutoff was ingested after it.
  const { floor, first, seenXmin, xmin } = await foldFloor(tx, "leaderboards", new Date(Math.min(wall.getTime(), cutoff.getTime())));
  const local = (col: string) => sql.raw(`(${col} at time zone 'UTC' + interval '8 hours')`);
  // The periods to rebuild go into a transaction-local table: the delete and the rebuild each
  // join it (hash or index joins), where one statement over a CTE read twice let the planner
  // guess a handful of rows and anti-join the rollup against the rebuild row by row.
  await tx.execute(sql`
    create temp table if not exists lb_affected (n bigint not null, distributor_id uuid not null, period leaderboard_period not null, start date not null)
    on commit drop`);
  await tx.execute(sql`truncate lb_affected`);
  const periodsOf = sql`cross join lateral (values
      ('week'::leaderboard_period, date_trunc('week', ${local("o.paid_at")})::date),
      ('month'::leaderboard_period, date_trunc('month', ${local("o.paid_at")})::date)) p(period, start)`;
  // The first fold builds every period since the cutoff straight from the orders: going through
  // the events' (distributor, buyer) pairs and back to the orders would join every order with
  // itself, which passed the 30 s statement timeout at 2M orders on a busy machine.
  const affected = first
    ? sql`select row_number() over (), x.* from (
        select distinct o.distributor_id, p.period, p.start from orders o ${periodsOf}
        where o.tenant_id = ${tenantId}::uuid and o.paid_at >= ${cutoff.toISOString()}::timestamptz and o.distributor_id is not null) x`
    : sql`with touched as (
      select distinct o.distributor_id, o.buyer_member_id
      from order_events e
      join orders o on o.tenant_id = e.tenant_id and o.id = e.order_id
      where e.tenant_id = ${tenantId}::uuid and e.id >= ${floor}::uuid and ${unseenEvent("e", seenXmin)}
        and o.distributor_id is not null
    )
    select row_number() over (), x.* from (
    select distinct o.distributor_id, p.period, p.start
    from touched t
    join orders o on o.tenant_id = ${tenantId}::uuid and o.buyer_member_id = t.buyer_member_id and o.distributor_id = t.distributor_id
    ${periodsOf}
    where o.paid_at >= ${cutoff.toISOString()}::timestamptz) x`;
  await tx.execute(sql`insert into lb_affected (n, distributor_id, period, start) ${affected}`);
  // Each rebuild chunk reads its range of n: an index, not a scan of a million rows per chunk.
  await tx.execute(sql`create index if not exists lb_affected_n on lb_affected (n)`);
  await tx.execute(sql`analyze lb_affected`);
  const counted = rowsOf<{ n: string | number }>(await tx.execute(sql`select count(*) as n from lb_affected`));
  await tx.execute(sql`
    delete from leaderboard_rollups r using lb_affected a
    where r.tenant_id = ${tenantId}::uuid and r.distributor_id = a.distributor_id and r.period = a.period and r.period_start = a.start`);
  // Rebuilt in chunks of periods, so the first fold of a big brand stays within the statement
  // timeout of an app transaction.
  const total = Number(counted[0]?.n ?? 0);
  for (let lo = 0; lo < total; lo += REBUILD_CHUNK) await rebuild(tx, tenantId, lo, lo + REBUILD_CHUNK);
  await saveWatermark(tx, tenantId, "leaderboards", wall, xmin);
  return { folded: true, periods: total };
}

// 10,000 distributor-periods a statement: about 5 s at 2M orders over 40 days on two cores, well
// inside an app transaction's 30 s statement timeout.
const REBUILD_CHUNK = 10_000;

async function rebuild(tx: Tx, tenantId: string, lo: number, hi: number) {
  await tx.execute(sql`
    with src as (
      select a.period, a.start, o.distributor_id, o.shipping_region,
        o.amount_fen - o.refunded_fen as net,
        not exists (
          select 1 from orders p
          where p.tenant_id = ${tenantId}::uuid and p.buyer_member_id = o.buyer_member_id
            and p.distributor_id = o.distributor_id and p.status <> 'cancelled'
            and (p.paid_at < o.paid_at or (p.paid_at = o.paid_at and p.id < o.id))
        ) as first
      from (select * from lb_affected where n > ${lo} and n <= ${hi} offset 0) a
      -- Each period's orders by orders_distributor_idx, forced by the lateral (OFFSET 0 keeps it
      -- from being flattened into a join): under row-level security the planner estimated one
      -- order for the brand and drove a nested loop from a scan of all of them, past the
      -- statement timeout at 2M orders (2 s a chunk this way).
      cross join lateral (
        select o.* from orders o
        where o.tenant_id = ${tenantId}::uuid and o.distributor_id = a.distributor_id
          and o.paid_at >= (a.start::timestamp - interval '8 hours') at time zone 'UTC'
          and o.paid_at < ((a.start + case when a.period = 'week' then interval '7 days' else interval '1 month' end) - interval '8 hours') at time zone 'UTC'
          and o.status <> 'cancelled'
        offset 0
      ) o
    )
    insert into leaderboard_rollups as lr (tenant_id, period, period_start, region, distributor_id, gmv_fen, order_count, new_customers)
    select ${tenantId}::uuid, s.period, s.start, k.region, s.distributor_id,
      coalesce(sum(s.net) filter (where s.net > 0), 0)::bigint,
      (count(*) filter (where s.net > 0))::int,
      (count(*) filter (where s.first and s.net > 0))::int
    from src s
    cross join lateral unnest(array_remove(array[
      '',
      nullif(split_part(coalesce(s.shipping_region, ''), ' ', 1), ''),
      case when split_part(coalesce(s.shipping_region, ''), ' ', 2) <> ''
        then split_part(s.shipping_region, ' ', 1) || ' ' || split_part(s.shipping_region, ' ', 2) end
    ], null)) k(region)
    group by s.period, s.start, k.region, s.distributor_id
    on conflict (tenant_id, period, period_start, region, distributor_id) do update
      set gmv_fen = excluded.gmv_fen, order_count = excluded.order_count, new_customers = excluded.new_customers`);
}
