/**
 * The dashboard's figures, read from the aggregates only (db/schema/dashboard.ts): a month's
 * figures with the month before for the change, the daily series, the channel mix, new
 * distributors per week, the funnel, and the top distributors. Every read is a primary-key or
 * index range over at most a few months of day rows, whatever the number of orders.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { CHANNELS } from "@/server/orders/console-schemas";
import { shanghaiIso } from "@/server/shared/time";
import { addMonths, change, daysOf, MONTH_RE, monthDays, weekOf } from "./month";

export const dashboardInputSchema = z.object({
  month: z.string().regex(MONTH_RE),
  channel: z.enum(CHANNELS).optional(),
});
export type DashboardInput = z.infer<typeof dashboardInputSchema>;

export const topInputSchema = dashboardInputSchema.extend({
  limit: z.number().int().min(1).max(50).default(10),
});
export type TopInput = z.input<typeof topInputSchema>;

export interface MonthFigures {
  activeDistributors: number;
  gmvFen: number;
  commissionFen: number;
  blockedOrders: number;
  orders: number;
  settledOrders: number;
}

export interface Figure {
  value: number;
  previous: number;
  /** Month-on-month change as a fraction; null when last month was 0 and this one is not. */
  change: number | null;
}

export interface DashboardData {
  month: string;
  channel: string | null;
  figures: {
    activeDistributors: Figure;
    gmvFen: Figure;
    commissionFen: Figure;
    blockedOrders: Figure;
  };
  daily: { day: string; gmvFen: number; commissionFen: number }[];
  channels: { channel: string; gmvFen: number; orders: number }[];
  newDistributorsByWeek: { week: string; count: number }[];
  funnel: { clicks: number; boundBuyers: number; orders: number; settled: number };
}

const channelKey = (channel: string | undefined) => channel ?? "*";
const channelWhere = (channel: string | undefined) =>
  channel ? sql`and channel = ${channel}` : sql``;
const num = (v: unknown) => Number(v ?? 0);

/** A month's headline figures from the day and distributor-month aggregates. */
export async function monthFigures(tx: Tx, month: string, channel?: string): Promise<MonthFigures> {
  const { first, last } = monthDays(month);
  const [days] = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select coalesce(sum(orders), 0) as orders, coalesce(sum(gmv_fen), 0) as gmv,
        coalesce(sum(commission_fen), 0) as commission, coalesce(sum(settled_orders), 0) as settled,
        coalesce(sum(blocked_orders), 0) as blocked
      from dashboard_days where day between ${first}::date and ${last}::date ${channelWhere(channel)}`),
  );
  const [active] = rowsOf<{ n: unknown }>(
    await tx.execute(sql`select count(*) as n from dashboard_distributor_months
      where month = ${first}::date and channel = ${channelKey(channel)} and orders > 0`),
  );
  return {
    activeDistributors: num(active?.n),
    gmvFen: num(days?.gmv),
    commissionFen: num(days?.commission),
    blockedOrders: num(days?.blocked),
    orders: num(days?.orders),
    settledOrders: num(days?.settled),
  };
}

const figure = (value: number, previous: number): Figure => ({
  value,
  previous,
  change: change(value, previous),
});

export async function dashboardData(tx: Tx, input: DashboardInput): Promise<DashboardData> {
  const { month, channel } = input;
  const { first, last } = monthDays(month);
  const [now, before] = [
    await monthFigures(tx, month, channel),
    await monthFigures(tx, addMonths(month, -1), channel),
  ];

  const dailyRows = rowsOf<{ day: string; gmv: unknown; commission: unknown }>(
    await tx.execute(sql`select day::text as day, sum(gmv_fen) as gmv, sum(commission_fen) as commission
      from dashboard_days where day between ${first}::date and ${last}::date ${channelWhere(channel)} group by day`),
  );
  const byDay = new Map(dailyRows.map((r) => [r.day, r]));
  const daily = daysOf(month).map((day) => ({
    day,
    gmvFen: num(byDay.get(day)?.gmv),
    commissionFen: num(byDay.get(day)?.commission),
  }));

  // The mix is across channels, so the channel filter does not narrow it.
  const channels = rowsOf<{ channel: string; gmv: unknown; orders: unknown }>(
    await tx.execute(sql`select channel, sum(gmv_fen) as gmv, sum(orders) as orders from dashboard_days
      where day between ${first}::date and ${last}::date group by channel having sum(orders) > 0 order by sum(gmv_fen) desc, channel`),
  ).map((r) => ({ channel: r.channel, gmvFen: num(r.gmv), orders: num(r.orders) }));

  // Twelve weeks ending with the month's last week (this week, for the month in progress).
  const today = shanghaiIso(new Date()).slice(0, 10);
  const lastWeek = weekOf(last < today ? last : today);
  const firstWeek = new Date(Date.parse(`${lastWeek}T00:00:00Z`) - 11 * 7 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const activity = rowsOf<{ day: string; clicks: unknown; bound: unknown; joined: unknown }>(
    await tx.execute(sql`select day::text as day, clicks, bound_buyers as bound, new_distributors as joined
      from dashboard_activity_days where day between ${firstWeek}::date and ${last}::date`),
  );
  const weeks = new Map<string, number>();
  for (let i = 0; i < 12; i++)
    weeks.set(
      new Date(Date.parse(`${firstWeek}T00:00:00Z`) + i * 7 * 86_400_000)
        .toISOString()
        .slice(0, 10),
      0,
    );
  let clicks = 0;
  let boundBuyers = 0;
  for (const r of activity) {
    const w = weekOf(r.day);
    weeks.set(w, (weeks.get(w) ?? 0) + num(r.joined));
    if (r.day >= first) {
      clicks += num(r.clicks);
      boundBuyers += num(r.bound);
    }
  }

  return {
    month,
    channel: channel ?? null,
    figures: {
      activeDistributors: figure(now.activeDistributors, before.activeDistributors),
      gmvFen: figure(now.gmvFen, before.gmvFen),
      commissionFen: figure(now.commissionFen, before.commissionFen),
      blockedOrders: figure(now.blockedOrders, before.blockedOrders),
    },
    daily,
    channels,
    newDistributorsByWeek: [...weeks].map(([week, count]) => ({ week, count })),
    funnel: { clicks, boundBuyers, orders: now.orders, settled: now.settledOrders },
  };
}

export type TopBadge = "top" | "active" | "new" | "pending_review" | "frozen" | "disabled";

export interface TopDistributor {
  id: string;
  code: string;
  name: string;
  role: string;
  level: string | null;
  gmvFen: number;
  commissionFen: number;
  orders: number;
  badge: TopBadge;
}

/** How many leaders carry the TOP badge. */
export const TOP_BADGE_COUNT = 3;

/**
 * The month's leading distributors by GMV (then commission), read from the first rows of the
 * (month, channel, gmv desc) index. A distributor whose month came to nothing (its orders all
 * refunded in full) sold nothing and is left out, though the rollup keeps its order count.
 * Badge: TOP for the first three that are active; a distributor not yet approved is pending
 * review; one that joined this month is new.
 */
export async function topDistributors(tx: Tx, input: TopInput): Promise<TopDistributor[]> {
  const { month, channel, limit } = topInputSchema.parse(input);
  const { first } = monthDays(month);
  const rows = rowsOf<Record<string, unknown> & { level: string | null }>(
    await tx.execute(sql`select m.distributor_id as id, d.code, d.name, d.role::text as role, d.status::text as status, l.name as level,
        m.gmv_fen as gmv, m.commission_fen as commission, m.orders,
        ((d.applied_at at time zone 'UTC') + interval '8 hours')::date >= ${first}::date as joined_this_month
      from (select * from dashboard_distributor_months where month = ${first}::date and channel = ${channelKey(channel)}
               and (gmv_fen <> 0 or commission_fen <> 0)
             order by gmv_fen desc, commission_fen desc, distributor_id limit ${limit}) m
      join distributors d on d.id = m.distributor_id
      left join distributor_levels l on l.id = d.level_id
      order by m.gmv_fen desc, m.commission_fen desc, m.distributor_id`),
  );
  return rows.map((r, i) => {
    const status = String(r.status);
    const badge: TopBadge =
      status === "applied"
        ? "pending_review"
        : status === "frozen" || status === "disabled"
          ? status
          : i < TOP_BADGE_COUNT && num(r.gmv) > 0
            ? "top"
            : r.joined_this_month
              ? "new"
              : "active";
    return {
      id: String(r.id),
      code: String(r.code),
      name: String(r.name),
      role: String(r.role),
      level: typeof r.level === "string" ? r.level : null,
      gmvFen: num(r.gmv),
      commissionFen: num(r.commission),
      orders: num(r.orders),
      badge,
    };
  });
}
