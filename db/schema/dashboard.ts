/**
 * The performance dashboard's aggregates (issue 11 item 1). Ingest never writes them: a
 * refresher (server/dashboard/refresh.ts, run by the jobs and before a dashboard read) folds
 * what changed since its watermark. Changes are found in append-only or id-ordered sources
 * (order events, ledger journals, link clicks, bindings, distributors) by uuid v7 id, and the
 * Asia/Shanghai days they touch are queued in `dashboard_dirty_days`; each queued day is then
 * recomputed whole from the orders and commissions of that day, so folding a day twice is
 * harmless and a late-committing transaction only needs its day queued again (the watermark
 * trails by a safety lag for that).
 *
 * A per-brand-per-day row that every order updated inside the ingest transaction would
 * serialise all ingest on its lock; these rows are written by the refresher only.
 */
import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantId } from "./columns";
import { tenants } from "./platform";

/** One per brand: how far the refresher has folded (the uuid v7 time of the sources it has read). */
export const dashboardState = pgTable(
  "dashboard_state",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    /** Sources with ids from before (this − the safety lag) have been queued. */
    watermarkAt: timestamp({ withTimezone: true }).notNull(),
    refreshedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "dashboard_state_pkey", columns: [t.tenantId] })],
);

/** Brand days (Asia/Shanghai) whose figures must be recomputed. */
export const dashboardDirtyDays = pgTable(
  "dashboard_dirty_days",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ name: "dashboard_dirty_days_pkey", columns: [t.tenantId, t.day] })],
);

/**
 * A brand day per channel (orders by their paid day): attributed orders and their GMV, the
 * commission they earn, orders whose commissions have all settled, and blocked orders.
 */
export const dashboardDays = pgTable(
  "dashboard_days",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    orders: integer().notNull(),
    gmvFen: bigint({ mode: "number" }).notNull(),
    commissionFen: bigint({ mode: "number" }).notNull(),
    settledOrders: integer().notNull(),
    blockedOrders: integer().notNull(),
  },
  (t) => [primaryKey({ name: "dashboard_days_pkey", columns: [t.tenantId, t.day, t.channel] })],
);

/** Activity without a channel: link clicks, buyers bound and distributors joined, per day. */
export const dashboardActivityDays = pgTable(
  "dashboard_activity_days",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    clicks: integer().notNull(),
    boundBuyers: integer().notNull(),
    newDistributors: integer().notNull(),
  },
  (t) => [primaryKey({ name: "dashboard_activity_days_pkey", columns: [t.tenantId, t.day] })],
);

/**
 * A distributor's day per channel: GMV and orders as the attributed (tier-1) distributor, and
 * commission as an earner on any tier. The month rollup below is kept from these by difference.
 */
export const dashboardDistributorDays = pgTable(
  "dashboard_distributor_days",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    distributorId: uuid().notNull(),
    channel: text().notNull(),
    orders: integer().notNull(),
    gmvFen: bigint({ mode: "number" }).notNull(),
    commissionFen: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({
      name: "dashboard_distributor_days_pkey",
      columns: [t.tenantId, t.day, t.distributorId, t.channel],
    }),
  ],
);

/**
 * A distributor's month per channel, plus channel '*' for all channels: the top-distributors
 * table reads the first rows of the (month, channel, gmv desc) index.
 */
export const dashboardDistributorMonths = pgTable(
  "dashboard_distributor_months",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    month: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    distributorId: uuid().notNull(),
    orders: integer().notNull(),
    gmvFen: bigint({ mode: "number" }).notNull(),
    commissionFen: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({
      name: "dashboard_distributor_months_pkey",
      columns: [t.tenantId, t.month, t.channel, t.distributorId],
    }),
    // The top table's whole ORDER BY, so its first rows come off the index without a sort.
    index("dashboard_distributor_months_top_idx").on(
      t.tenantId,
      t.month,
      t.channel,
      t.gmvFen.desc(),
      t.commissionFen.desc(),
      t.distributorId,
    ),
  ],
);
