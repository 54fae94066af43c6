/**
 * Level changes from settled sales (DOMAIN.md §8). Figures over the brand's look-back window:
 * GMV (net of refunds), orders, and direct customers — the distinct buyers of those orders, so a
 * level is earned by selling, never by recruiting.
 *
 * Upgrades happen as sales settle: the settlement sweep passes the earners of each chunk and one
 * statement re-evaluates them all. Demotion (only when the brand enables it) runs at month close
 * over every distributor holding a level, again one statement. Each change is written to
 * level_changes with the figures that justified it; rules keyed on level pay the new rate from
 * the next order ingested, since ingest reads the earner's level as it stands.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { UUIDV7 } from "@/db/sql-uuid";
import { getIncentiveSettings } from "./settings";
import { orderNetFen, settledOrderFilter } from "./settled-sales";

const DAY_MS = 86_400_000;

/** Figures per distributor for the distributors `cand` names, over [from, to). */
function figuresCte(from: Date, to: Date): SQL {
  return sql`fig as materialized (
    select o.distributor_id as id, sum(x.net)::bigint as gmv, count(*)::int as orders,
      count(distinct o.buyer_member_id)::int as customers
    from orders o cross join lateral (select ${orderNetFen} as net) x
    where o.distributor_id in (select id from cand) and ${settledOrderFilter(from, to)} and x.net > 0
    group by o.distributor_id
  )`;
}

/**
 * Level `alias` has a threshold (hasThreshold in levels-rules.ts): one without any is assigned by
 * hand (or as the entry level) only.
 */
const hasThreshold = (alias: "l" | "cur") =>
  sql.raw(`(${alias}.min_gmv_fen is not null or ${alias}.min_orders is not null or ${alias}.min_direct_customers is not null)`);

/**
 * The levels a distributor's figures (`f`, may be null) meet: every threshold the level has. A
 * level with none is never "met" — counted met, a brand's hand-assigned 金牌 with no conditions
 * was handed to every earner of the first settlement.
 */
const METS = sql`${hasThreshold("l")}
  and (l.min_gmv_fen is null or coalesce(f.gmv, 0) >= l.min_gmv_fen)
  and (l.min_orders is null or coalesce(f.orders, 0) >= l.min_orders)
  and (l.min_direct_customers is null or coalesce(f.customers, 0) >= l.min_direct_customers)`;

/**
 * Upgrades the given distributors whose settled sales now meet a higher level. Returns the
 * number upgraded. Inactive distributors keep their level until they are active again.
 */
export async function upgradeFromSettledSales(tx: Tx, tenantId: string, distributorIds: string[], now = new Date()): Promise<number> {
  if (!distributorIds.length) return 0;
  // A brand without levels (most, at first) pays nothing for this on every settlement chunk.
  const [any] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from (select 1 from distributor_levels limit 1) x`));
  if (!any?.n) return 0;
  const { levelLookbackDays } = await getIncentiveSettings(tx);
  const from = new Date(now.getTime() - levelLookbackDays * DAY_MS);
  const rows = rowsOf<{ distributor_id: string }>(
    await tx.execute(sql`
      with cand as materialized (
        select d.id, d.level_id, coalesce(cur.rank, -2147483648) as cur_rank
        from distributors d left join distributor_levels cur on cur.tenant_id = d.tenant_id and cur.id = d.level_id
        where d.id = any(${`{${distributorIds.join(",")}}`}::uuid[]) and d.status = 'active'
      ),
      ${figuresCte(from, now)},
      target as materialized (
        select c.id, c.level_id as from_level, best.id as to_level,
          coalesce(f.gmv, 0) as gmv, coalesce(f.orders, 0) as orders, coalesce(f.customers, 0) as customers
        from cand c left join fig f on f.id = c.id
        cross join lateral (
          select l.id, l.rank from distributor_levels l where ${METS} order by l.rank desc limit 1
        ) best
        where best.rank > c.cur_rank
      ),
      moved as (
        update distributors d set level_id = t.to_level from target t where d.id = t.id
      )
      insert into level_changes (tenant_id, id, distributor_id, from_level_id, to_level_id, direction, trigger,
        gmv_fen, order_count, direct_customer_count, lookback_days)
      select ${tenantId}::uuid, ${UUIDV7}, t.id, t.from_level, t.to_level, 'upgrade', 'settlement',
        t.gmv, t.orders, t.customers, ${levelLookbackDays}
      from target t
      returning distributor_id`),
  );
  return rows.length;
}

/**
 * Month close: when the brand enables demotion, every active distributor whose settled sales
 * over the look-back (ending at the month's end) no longer meet its level moves down to the
 * highest level they do meet — or the lowest level, since demotion never takes a level away. A
 * level without thresholds was given by hand and is left alone.
 */
export async function demoteAtMonthClose(tx: Tx, tenantId: string, asOf: Date): Promise<number> {
  const { levelLookbackDays, levelDemotion } = await getIncentiveSettings(tx);
  if (!levelDemotion) return 0;
  const from = new Date(asOf.getTime() - levelLookbackDays * DAY_MS);
  const rows = rowsOf<{ distributor_id: string }>(
    await tx.execute(sql`
      with cand as materialized (
        select d.id, d.level_id, cur.rank as cur_rank
        from distributors d join distributor_levels cur on cur.tenant_id = d.tenant_id and cur.id = d.level_id
        -- A level without thresholds was given by hand: figures do not take it away either.
        where d.status = 'active' and ${hasThreshold("cur")}
      ),
      ${figuresCte(from, asOf)},
      lowest as (select id, rank from distributor_levels order by rank limit 1),
      target as materialized (
        select c.id, c.level_id as from_level, coalesce(best.id, lowest.id) as to_level,
          coalesce(f.gmv, 0) as gmv, coalesce(f.orders, 0) as orders, coalesce(f.customers, 0) as customers
        from cand c left join fig f on f.id = c.id
        cross join lowest
        left join lateral (
          select l.id, l.rank from distributor_levels l where ${METS} order by l.rank desc limit 1
        ) best on true
        where coalesce(best.rank, lowest.rank) < c.cur_rank
      ),
      moved as (
        update distributors d set level_id = t.to_level from target t where d.id = t.id
      )
      insert into level_changes (tenant_id, id, distributor_id, from_level_id, to_level_id, direction, trigger,
        gmv_fen, order_count, direct_customer_count, lookback_days)
      select ${tenantId}::uuid, ${UUIDV7}, t.id, t.from_level, t.to_level, 'demotion', 'month_close',
        t.gmv, t.orders, t.customers, ${levelLookbackDays}
      from target t
      returning distributor_id`),
  );
  return rows.length;
}

export interface LevelFiguresNow {
  gmvFen: number;
  orderCount: number;
  directCustomerCount: number;
}

/** One distributor's figures over the look-back, as the evaluation above counts them. */
export async function figuresOf(tx: Tx, distributorId: string, now = new Date()): Promise<LevelFiguresNow & { lookbackDays: number }> {
  const { levelLookbackDays } = await getIncentiveSettings(tx);
  const from = new Date(now.getTime() - levelLookbackDays * DAY_MS);
  const [row] = rowsOf<{ gmv: string | number | null; orders: number | null; customers: number | null }>(
    await tx.execute(sql`
      with cand as (select ${distributorId}::uuid as id), ${figuresCte(from, now)}
      select f.gmv, f.orders, f.customers from cand c left join fig f on f.id = c.id`),
  );
  return {
    gmvFen: Number(row?.gmv ?? 0),
    orderCount: Number(row?.orders ?? 0),
    directCustomerCount: Number(row?.customers ?? 0),
    lookbackDays: levelLookbackDays,
  };
}
