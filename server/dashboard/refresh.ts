/**
 * Keeps the dashboard aggregates (db/schema/dashboard.ts) current without touching ingest.
 *
 * Step 1 (queue): every source row with a uuid v7 id at or after (watermark − lag) names a
 * brand day that may have changed: order events (created, completed, refund, cancelled) and
 * ledger journals with an order (accrual, refund, hold decisions) name their order's paid day;
 * settlement journals name the paid days of the orders whose commissions they settled; link
 * clicks, bindings and distributors name their own day. Those days go into
 * dashboard_dirty_days and the watermark moves to the refresh's start.
 *
 * Step 2 (fold): up to `maxDays` queued days, newest first, are recomputed whole from orders,
 * lines and commissions. The distributor-month rollup is moved by the difference between a
 * day's old and new rows, so a day folded twice leaves it as it was.
 *
 * Why a lag: ids are drawn when a row is built, before its transaction commits. A transaction
 * that commits after a refresh has read past its ids would be missed; re-reading the last
 * `lagMs` every time catches any transaction shorter than that, and re-queuing a day that did
 * not change costs a recompute, never a wrong figure.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { firstRow, rowsOf } from "@/db/tenant";
import { jsonParam } from "@/server/ledger/post";

export const DEFAULT_LAG_MS = 120_000;
export const DEFAULT_MAX_DAYS = 62;

/** The smallest uuid v7 drawn at or after `ms`: ids compare bytewise, time first. */
export function uuidFloor(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, "0").slice(-12);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}

/** A timestamptz expression's Asia/Shanghai calendar day (a fixed +08:00, no DST since 1991). */
const day = (col: ReturnType<typeof sql.raw>) =>
  sql`((${col} at time zone 'UTC') + interval '8 hours')::date`;
const TENANT = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
/** A brand day's first instant and the next day's (day is a date expression). */
const dayStart = (d: ReturnType<typeof sql.raw>) =>
  sql`((${d})::timestamp - interval '8 hours') at time zone 'UTC'`;
const dayEnd = (d: ReturnType<typeof sql.raw>) =>
  sql`((${d})::timestamp + interval '16 hours') at time zone 'UTC'`;

export interface RefreshResult {
  /** Another refresher holds this brand (only with `skipLocked`): nothing was done. */
  skipped: boolean;
  queued: number;
  folded: string[];
  /** Days still queued after this run. */
  remaining: number;
}

export interface RefreshOptions {
  now?: Date;
  lagMs?: number;
  maxDays?: number;
  /** Read paths pass true: rather than wait for a running refresh, read what is there. */
  skipLocked?: boolean;
  /** Queued days in this range (ISO dates, inclusive) are folded first: the ones being read. */
  prefer?: { from: string; to: string };
}

export async function refreshDashboard(tx: Tx, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const now = opts.now ?? new Date();
  const lagMs = opts.lagMs ?? DEFAULT_LAG_MS;
  const maxDays = opts.maxDays ?? DEFAULT_MAX_DAYS;
  await tx.execute(sql`insert into dashboard_state (tenant_id, watermark_at, refreshed_at)
    values (${TENANT}, 'epoch', 'epoch') on conflict do nothing`);
  const state = firstRow<{ watermark_at: string | Date }>(
    await tx.execute(
      sql`select watermark_at from dashboard_state ${opts.skipLocked ? sql`for update skip locked` : sql`for update`}`,
    ),
  );
  if (!state) return { skipped: true, queued: 0, folded: [], remaining: 0 };
  const watermark = new Date(state.watermark_at);
  const queued =
    watermark.getTime() <= 0
      ? await queueEverything(tx)
      : await queueSince(tx, uuidFloor(watermark.getTime() - lagMs));
  await tx.execute(
    sql`update dashboard_state set watermark_at = ${now.toISOString()}::timestamptz, refreshed_at = ${now.toISOString()}::timestamptz`,
  );

  const days = rowsOf<{ day: string }>(
    await tx.execute(sql`delete from dashboard_dirty_days where day in
      (select day from dashboard_dirty_days
        order by ${opts.prefer ? sql`(day between ${opts.prefer.from}::date and ${opts.prefer.to}::date) desc,` : sql``} day desc
        limit ${maxDays}) returning day::text as day`),
  ).map((r) => r.day);
  if (days.length) await foldDays(tx, days);
  const left = firstRow<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from dashboard_dirty_days`),
  );
  return { skipped: false, queued, folded: days.sort(), remaining: Number(left?.n ?? 0) };
}

/**
 * A brand's first refresh: every day that has a source row. (Not every calendar day between
 * the first and the last: an empty day folds to nothing, and a brand with one order years
 * before the rest would queue thousands of them.)
 */
async function queueEverything(tx: Tx): Promise<number> {
  const r = await tx.execute(sql`
    with days as (
      select distinct ${day(sql.raw("paid_at"))} as day from orders
      union select distinct ${day(sql.raw("created_at"))} from link_clicks
      union select distinct ${day(sql.raw("bound_at"))} from bindings
      union select distinct ${day(sql.raw("applied_at"))} from distributors
    )
    insert into dashboard_dirty_days (tenant_id, day)
    select ${TENANT}, day from days where day is not null
    on conflict do nothing`);
  return affected(r);
}

async function queueSince(tx: Tx, since: string): Promise<number> {
  const r = await tx.execute(sql`
    with changed_orders as (
      select order_id from order_events where id >= ${since}::uuid
      union select order_id from ledger_journals where id >= ${since}::uuid and order_id is not null
      -- A settlement journal is per earner, not per order: its commissions are found by its
      -- earner (commissions_distributor_idx). No index on settle_journal_id: settlement writes it,
      -- and must not write index entries (db/schema/orders.ts).
      union select c.order_id from ledger_journals j
        join ledger_postings p on p.tenant_id = j.tenant_id and p.journal_id = j.id and p.account_type = 'pending'
        join commissions c on c.tenant_id = p.tenant_id and c.distributor_id = p.distributor_id and c.settle_journal_id = j.id
        where j.id >= ${since}::uuid and j.kind = 'settlement'
    ), days as (
      select ${day(sql.raw("o.paid_at"))} as day from orders o where o.id in (select order_id from changed_orders)
      union select ${day(sql.raw("created_at"))} from link_clicks where id >= ${since}::uuid
      union select ${day(sql.raw("bound_at"))} from bindings where id >= ${since}::uuid
      union select ${day(sql.raw("applied_at"))} from distributors where id >= ${since}::uuid
    )
    insert into dashboard_dirty_days (tenant_id, day) select ${TENANT}, day from days
    on conflict do nothing`);
  return affected(r);
}

function affected(r: unknown): number {
  const o = r as { count?: number; affectedRows?: number };
  return Number(o.count ?? o.affectedRows ?? 0);
}

/**
 * The orders paid on the given brand days, as a WHERE clause on `o.paid_at`: one literal range
 * per day, OR-ed. Literal bounds let the planner read orders_paid_idx for just those days; a join
 * to the day list (ranges computed from its rows) is estimated at a ninth of the brand's orders
 * per day, and Postgres then scanned every order (and every commission) to refold one day.
 */
export function paidOnDays(days: string[]) {
  return sql.join(
    days.map((day) => {
      const start = Date.parse(`${day}T00:00:00+08:00`);
      if (Number.isNaN(start)) throw new Error(`dashboard: not a day: ${day}`);
      return sql`(o.paid_at >= ${new Date(start).toISOString()}::timestamptz and o.paid_at < ${new Date(start + 86_400_000).toISOString()}::timestamptz)`;
    }),
    sql` or `,
  );
}

/** Recomputes the given brand days (ISO dates) from orders, lines and commissions. */
export async function foldDays(tx: Tx, days: string[]) {
  const list = sql`${`{${days.join(",")}}`}::date[]`;
  const paid = paidOnDays(days);
  // A busy day's statements are estimated past jit_above_cost, and compiling them took 210 ms of
  // an 810 ms refold of a 40,000-order today (auto_explain, 2026-12-06), to run each once. The
  // per-day aggregates and sorts of such a day also spilled to disk at the default work_mem.
  // Both for this transaction only.
  await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`);

  // The distributor days are recomputed (GMV and orders for the attributed distributor,
  // commission for every earner: pending, held or settled, what the brand owes on these days'
  // orders) and compared with what is stored. Only rows that changed are written, and the
  // distributor-month rollup moves by their differences: refolding today while orders arrive
  // touches the distributors with new orders, not every distributor who sold today. Upserts and
  // deletes name disjoint keys, so one statement does it all.
  const emptied = rowsOf<{ month: string; channel: string; distributor_id: string }>(
    await tx.execute(sql`
    with day_orders as (
      select ${day(sql.raw("o.paid_at"))} as day, o.* from orders o where ${paid}
    ), facts as (
      select o.day, o.distributor_id, o.channel::text as channel, 1 as orders,
             o.amount_fen - o.refunded_fen as gmv, 0::bigint as commission
        from day_orders o where o.distributor_id is not null and o.status <> 'cancelled'
      union all
      select o.day, c.distributor_id, o.channel::text, 0, 0, c.amount_fen
        from day_orders o join commissions c on c.order_id = o.id where c.amount_fen <> 0
    ), fresh as (
      select day, distributor_id, channel, sum(orders)::int as orders, sum(gmv)::bigint as gmv_fen, sum(commission)::bigint as commission_fen
        from facts group by day, distributor_id, channel
    ), stored as (
      select day, distributor_id, channel, orders, gmv_fen, commission_fen
        from dashboard_distributor_days where day = any(${list})
    ), diff as materialized (
      select coalesce(f.day, s.day) as day, coalesce(f.distributor_id, s.distributor_id) as distributor_id,
             coalesce(f.channel, s.channel) as channel, f.day is null as gone,
             f.orders, f.gmv_fen, f.commission_fen,
             coalesce(f.orders, 0) - coalesce(s.orders, 0) as d_orders,
             coalesce(f.gmv_fen, 0) - coalesce(s.gmv_fen, 0) as d_gmv,
             coalesce(f.commission_fen, 0) - coalesce(s.commission_fen, 0) as d_commission
        from fresh f full join stored s
          on s.day = f.day and s.distributor_id = f.distributor_id and s.channel = f.channel
       where f.day is null or s.day is null
          or (f.orders, f.gmv_fen, f.commission_fen) is distinct from (s.orders, s.gmv_fen, s.commission_fen)
    ), upserted as (
      insert into dashboard_distributor_days as dd (tenant_id, day, distributor_id, channel, orders, gmv_fen, commission_fen)
      select ${TENANT}, day, distributor_id, channel, orders, gmv_fen, commission_fen from diff where not gone
      on conflict (tenant_id, day, distributor_id, channel) do update
         set orders = excluded.orders, gmv_fen = excluded.gmv_fen, commission_fen = excluded.commission_fen
    ), removed as (
      delete from dashboard_distributor_days dd using diff
       where diff.gone and dd.day = diff.day and dd.distributor_id = diff.distributor_id and dd.channel = diff.channel
    ), moves as (
      select date_trunc('month', day)::date as month, v.ch as channel, distributor_id,
             sum(d_orders)::int as orders, sum(d_gmv)::bigint as gmv, sum(d_commission)::bigint as commission
        from diff cross join lateral (values (diff.channel), ('*')) v(ch)
       group by 1, 2, 3
      having sum(d_orders) <> 0 or sum(d_gmv) <> 0 or sum(d_commission) <> 0
    ), moved as (
      insert into dashboard_distributor_months as m (tenant_id, month, channel, distributor_id, orders, gmv_fen, commission_fen)
      select ${TENANT}, month, channel, distributor_id, orders, gmv, commission from moves
      on conflict (tenant_id, month, channel, distributor_id) do update
         set orders = m.orders + excluded.orders, gmv_fen = m.gmv_fen + excluded.gmv_fen, commission_fen = m.commission_fen + excluded.commission_fen
      returning m.month::text as month, m.channel, m.distributor_id, m.orders = 0 and m.gmv_fen = 0 and m.commission_fen = 0 as zero
    )
    select month, channel, distributor_id from moved where zero`),
  );
  // Rollup rows that came to nothing are dropped (a distributor with no sales that month).
  if (emptied.length) {
    await tx.execute(sql`
      delete from dashboard_distributor_months m
      using jsonb_to_recordset(${jsonParam(emptied)}) as x(month date, channel text, distributor_id uuid)
      where m.month = x.month and m.channel = x.channel and m.distributor_id = x.distributor_id
        and m.orders = 0 and m.gmv_fen = 0 and m.commission_fen = 0`);
  }

  await tx.execute(sql`delete from dashboard_days where day = any(${list})`);
  await tx.execute(sql`
    with day_orders as (
      select ${day(sql.raw("o.paid_at"))} as day, o.id, o.channel::text as channel, o.status, o.risk_verdict,
             o.distributor_id is not null and o.status <> 'cancelled' as counted,
             o.amount_fen - o.refunded_fen as gmv
        from orders o where ${paid}
    ), per_order as (
      select o.*, c.commission, c.settled
        from day_orders o
        cross join lateral (
          select coalesce(sum(amount_fen), 0)::bigint as commission,
                 coalesce(bool_or(status = 'settled') and not bool_or(status in ('pending', 'held')), false) as settled
            from commissions where order_id = o.id
        ) c
    )
    insert into dashboard_days (tenant_id, day, channel, orders, gmv_fen, commission_fen, settled_orders, blocked_orders)
    select ${TENANT}, day, channel,
           count(*) filter (where counted)::int,
           coalesce(sum(gmv) filter (where counted), 0)::bigint,
           sum(commission)::bigint,
           count(*) filter (where counted and settled)::int,
           count(*) filter (where risk_verdict = 'block')::int
      from per_order group by day, channel`);

  // Activity: one range read per source over the batch's span, kept for the queued days. Bound
  // buyers are the bindings made that day that still hold (the partial index of current
  // bindings serves it; a scan of every binding ever made would not be bounded work).
  await tx.execute(sql`delete from dashboard_activity_days where day = any(${list})`);
  await tx.execute(sql`
    with span as (select min(x) as lo, max(x) as hi from unnest(${list}) x),
    clicks as (
      select ${day(sql.raw("c.created_at"))} as day, count(*)::int as n from link_clicks c, span
       where c.created_at >= ${dayStart(sql.raw("span.lo"))} and c.created_at < ${dayEnd(sql.raw("span.hi"))} group by 1
    ), bound as (
      select ${day(sql.raw("b.bound_at"))} as day, count(*)::int as n from bindings b, span
       where b.ended_at is null
         and b.bound_at >= ${dayStart(sql.raw("span.lo"))} and b.bound_at < ${dayEnd(sql.raw("span.hi"))} group by 1
    ), joined as (
      select ${day(sql.raw("x.applied_at"))} as day, count(*)::int as n from distributors x, span
       where x.applied_at >= ${dayStart(sql.raw("span.lo"))} and x.applied_at < ${dayEnd(sql.raw("span.hi"))}
         and x.status in ('applied', 'active', 'frozen', 'disabled') group by 1
    )
    insert into dashboard_activity_days (tenant_id, day, clicks, bound_buyers, new_distributors)
    select ${TENANT}, q.day, coalesce(c.n, 0), coalesce(b.n, 0), coalesce(j.n, 0)
      from unnest(${list}) q(day)
      left join clicks c on c.day = q.day left join bound b on b.day = q.day left join joined j on j.day = q.day
     where coalesce(c.n, 0) + coalesce(b.n, 0) + coalesce(j.n, 0) > 0`);
}

/**
 * For a change to an order that leaves no order event and no journal behind (a risk verdict
 * set by a review that moves no money, say): queue its paid day, in the same transaction, so
 * the next refresh refolds it. Everything that posts or records an event needs nothing.
 */
export async function queueOrderDays(tx: Tx, orderIds: string[]) {
  if (!orderIds.length) return;
  await tx.execute(sql`insert into dashboard_dirty_days (tenant_id, day)
    select distinct ${TENANT}, ${day(sql.raw("paid_at"))} from orders where id = any(${`{${orderIds.join(",")}}`}::uuid[])
    on conflict do nothing`);
}
