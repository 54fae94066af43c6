/**
 * What needs attention, counted where it lives: the console home's figures (distributors
 * active and waiting for review, customers bound, visits), the review queue's badge, and visit /
 * visitor / binding figures per distributor and per link for the console and the portal's
 * Promote page. "Today" and "this week" are the brand's (Asia/Shanghai, weeks from Monday).
 * Each figure is one aggregate over an index (distributors_status_idx, bindings_current_key,
 * bindings_current_bound_idx, link_clicks_created_idx, link_clicks_distributor_idx), never a row scan
 * in the application. A visitor is a device (the fx_did cookie), else a network (the IP hash).
 */
import { and, count, eq, gte, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bindings, distributors, linkClicks, products, shortLinks } from "@/db/schema";
import { shanghaiDayStart, shanghaiWeekStart } from "@/server/shared/time";
import { requireDistributor } from "./find";

const visitors = sql<number>`count(distinct coalesce(${linkClicks.deviceId}, ${linkClicks.ipHash}))::int`;

/** Applications waiting for review: the sidebar's badge. */
export async function pendingReviewCount(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(distributors).where(eq(distributors.status, "applied"));
  return row?.n ?? 0;
}

// Bounds go as ISO text with a cast: a Date inside a raw sql fragment is not serialised by
// postgres-js (PGlite accepts it, a real server errors).
export async function consoleCounts(tx: Tx, now: Date = new Date()) {
  const today = shanghaiDayStart(now);
  const week = shanghaiWeekStart(now);
  const [status, bound, clicks] = await Promise.all([
    tx
      .select({
        active: sql<number>`count(*) filter (where ${distributors.status} = 'active')::int`,
        pending: sql<number>`count(*) filter (where ${distributors.status} = 'applied')::int`,
      })
      .from(distributors)
      .where(sql`${distributors.status} in ('active', 'applied')`),
    tx
      .select({
        total: sql<number>`count(*)::int`,
        today: sql<number>`count(*) filter (where ${bindings.boundAt} >= ${today.toISOString()}::timestamptz)::int`,
      })
      .from(bindings)
      .where(isNull(bindings.endedAt)),
    tx
      .select({
        week: sql<number>`count(*)::int`,
        today: sql<number>`count(*) filter (where ${linkClicks.createdAt} >= ${today.toISOString()}::timestamptz)::int`,
        visitors,
      })
      .from(linkClicks)
      .where(gte(linkClicks.createdAt, week)),
  ]);
  return {
    distributorsActive: status[0]?.active ?? 0,
    pendingReview: status[0]?.pending ?? 0,
    customersBound: bound[0]?.total ?? 0,
    customersBoundToday: bound[0]?.today ?? 0,
    clicksThisWeek: clicks[0]?.week ?? 0,
    clicksToday: clicks[0]?.today ?? 0,
    visitorsThisWeek: clicks[0]?.visitors ?? 0,
    weekStartsAt: week,
  };
}

/**
 * One distributor's reach: visits and visitors (all time and this week), customers bound now
 * and this week, and the same visit figures per short link (its product, if any). Bindings
 * record how the buyer came (link, QR, poster) but not which link, so they are per distributor.
 */
export async function distributorActivity(tx: Tx, distributorId: string, now: Date = new Date()) {
  await requireDistributor(tx, distributorId);
  const week = shanghaiWeekStart(now);
  const [clickTotals, bound, links] = await Promise.all([
    tx
      .select({
        clicks: sql<number>`count(*)::int`,
        clicksThisWeek: sql<number>`count(*) filter (where ${linkClicks.createdAt} >= ${week.toISOString()}::timestamptz)::int`,
        visitors,
      })
      .from(linkClicks)
      .where(eq(linkClicks.distributorId, distributorId)),
    tx
      .select({
        total: sql<number>`count(*)::int`,
        thisWeek: sql<number>`count(*) filter (where ${bindings.boundAt} >= ${week.toISOString()}::timestamptz)::int`,
      })
      .from(bindings)
      .where(and(eq(bindings.distributorId, distributorId), isNull(bindings.endedAt))),
    tx
      .select({
        code: shortLinks.code,
        productName: products.name,
        clicks: sql<number>`count(${linkClicks.id})::int`,
        clicksThisWeek: sql<number>`count(${linkClicks.id}) filter (where ${linkClicks.createdAt} >= ${week.toISOString()}::timestamptz)::int`,
        visitors,
      })
      .from(shortLinks)
      .leftJoin(products, and(eq(products.tenantId, shortLinks.tenantId), eq(products.id, shortLinks.productId)))
      .leftJoin(linkClicks, and(eq(linkClicks.tenantId, shortLinks.tenantId), eq(linkClicks.shortLinkId, shortLinks.id)))
      .where(eq(shortLinks.distributorId, distributorId))
      .groupBy(shortLinks.id, shortLinks.code, products.name)
      .orderBy(sql`count(${linkClicks.id}) desc`, shortLinks.code),
  ]);
  return {
    clicks: clickTotals[0]?.clicks ?? 0,
    clicksThisWeek: clickTotals[0]?.clicksThisWeek ?? 0,
    visitors: clickTotals[0]?.visitors ?? 0,
    customersBound: bound[0]?.total ?? 0,
    customersBoundThisWeek: bound[0]?.thisWeek ?? 0,
    links,
  };
}
