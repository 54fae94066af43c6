/**
 * Growth value (issue 12 item 6): an attributed order's settled GMV — paid minus refunded,
 * once its after-sales window has passed with no after-sales case open — accrues to its
 * buyer's and its distributor's member profile (members.growth_value_fen); a refund after that
 * takes back what it refunds.
 *
 * A fold, not a write in settlement: member_growth_orders remembers what each order has
 * contributed, the fold sets it to what the order is worth now and moves the members' totals by
 * the difference, in one statement. Running it twice, or over an event it has seen, moves
 * nothing, so growth = Σ counted over the member's orders at every commit.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { foldFloor, lastFold, saveWatermark, tryFoldLock, unseenEvent } from "@/server/incentives/leaderboards/watermark";
import { onGrowthChanged, type GrowthChange } from "./events";

export interface GrowthFoldResult {
  folded: boolean;
  orders: number;
  changes: GrowthChange[];
}

/** `freshMs`: skip when the last fold started less than this long ago (the portal's reads). */
export async function foldGrowth(tx: Tx, tenantId: string, opts: { now?: Date; limit?: number; freshMs?: number } = {}): Promise<GrowthFoldResult> {
  const wall = new Date();
  if (opts.freshMs) {
    const last = await lastFold(tx, "growth");
    if (last && wall.getTime() - last.getTime() < opts.freshMs) return { folded: false, orders: 0, changes: [] };
  }
  if (!(await tryFoldLock(tx, tenantId, "growth"))) return { folded: false, orders: 0, changes: [] };
  const now = opts.now ?? wall;
  const limit = opts.limit ?? 50_000;
  // The first fold reads every order event: growth is lifetime, not a window.
  const { floor, seenXmin, xmin } = await foldFloor(tx, "growth", new Date(0));
  // Orders that changed: (re)track them, to be counted once due.
  await tx.execute(sql`
    insert into member_growth_orders as g (tenant_id, id, buyer_member_id, distributor_member_id, due_at, checked)
    select distinct on (o.id) ${tenantId}::uuid, o.id, o.buyer_member_id, d.member_id,
      case when o.status = 'completed' then o.settle_after end, false
    from order_events e
    join orders o on o.tenant_id = e.tenant_id and o.id = e.order_id
    join distributors d on d.tenant_id = o.tenant_id and d.id = o.distributor_id
    where e.tenant_id = ${tenantId}::uuid and e.id >= ${floor}::uuid and ${unseenEvent("e", seenXmin)}
    order by o.id
    on conflict (tenant_id, id) do update set due_at = excluded.due_at, checked = false, updated_at = now()`);
  await saveWatermark(tx, tenantId, "growth", wall, xmin);

  const nowIso = now.toISOString();
  const rows = rowsOf<{ member_id: string; delta: string | number; growth: string | number; orders: string | number }>(
    await tx.execute(sql`
      with due as (
        select g.id, g.buyer_member_id, g.distributor_member_id, g.counted_fen, o.status, o.settle_after, o.risk_verdict, o.amount_fen,
          exists (select 1 from order_lines l where l.tenant_id = g.tenant_id and l.order_id = g.id and l.after_sales_open) as open_case,
          o.refunded_fen as refunded
        from member_growth_orders g
        join orders o on o.tenant_id = g.tenant_id and o.id = g.id
        where g.tenant_id = ${tenantId}::uuid and not g.checked and (g.due_at is null or g.due_at <= ${nowIso}::timestamptz)
        order by g.id
        limit ${limit}
        for update of g
      ),
      valued as (
        select d.*,
          -- A line still in after-sales is not settled yet: keep what was counted and look again.
          (d.status = 'completed' and d.settle_after <= ${nowIso}::timestamptz and d.open_case) as waiting,
          case when d.status = 'completed' and d.settle_after <= ${nowIso}::timestamptz and d.risk_verdict <> 'block'
            then greatest(d.amount_fen - d.refunded, 0) else 0 end as worth
        from due d
      ),
      counted as (
        select v.*, case when v.waiting then v.counted_fen else v.worth end as target from valued v
      ),
      marked as (
        update member_growth_orders g set counted_fen = c.target, checked = not c.waiting, updated_at = now()
        from counted c where g.tenant_id = ${tenantId}::uuid and g.id = c.id
        returning g.id
      ),
      deltas as (
        select m.member_id, sum(c.target - c.counted_fen)::bigint as delta
        from counted c
        -- A buyer who is the distributor (self-purchase) grows once per order, not twice.
        cross join lateral (select distinct x as member_id from unnest(array[c.buyer_member_id, c.distributor_member_id]) x) m
        group by m.member_id
        having sum(c.target - c.counted_fen) <> 0
      ),
      moved as (
        update members m set growth_value_fen = m.growth_value_fen + x.delta
        from deltas x where m.tenant_id = ${tenantId}::uuid and m.id = x.member_id
        returning m.id as member_id, x.delta, m.growth_value_fen as growth
      )
      select member_id, delta, growth, (select count(*) from marked) as orders from moved
      union all
      select null, 0, 0, (select count(*) from marked) where not exists (select 1 from moved)`),
  );
  const changes = rows
    .filter((r) => r.member_id !== null)
    .map((r) => ({ memberId: r.member_id, deltaFen: Number(r.delta), growthValueFen: Number(r.growth) }));
  if (changes.length) await onGrowthChanged(tx, tenantId, changes);
  return { folded: true, orders: Number(rows[0]?.orders ?? 0), changes };
}
