/**
 * Incentives: KPI tasks and their rewards, the leaderboard rollup, and the growth-value fold
 * (DOMAIN.md §8, issue 12 items 4–6).
 *
 * KPI tasks target SALES only (GMV, orders, new customers): the metric enum has no recruiting
 * figure, so a task on sign-ups cannot even be stored (DOMAIN.md §1).
 *
 * The leaderboard rollup is folded by a job (and before a read) from the orders touched since a
 * watermark, never updated inside the ingest transaction: one row per distributor per week /
 * month per region key would otherwise be a hot row that every order of a busy earner locks.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { distributorLevels, distributorRole, distributors } from "./distributors";
import { ledgerJournals } from "./ledger";
import { members } from "./network";
import { orders } from "./orders";
import { tenants } from "./platform";

export const KPI_METRICS = ["gmv", "orders", "new_customers"] as const;
export const kpiMetric = pgEnum("kpi_metric", KPI_METRICS);
export const kpiTaskStatus = pgEnum("kpi_task_status", ["active", "cancelled"]);
export const leaderboardPeriod = pgEnum("leaderboard_period", ["week", "month"]);

/** A brand's monthly sales target with a fixed reward, for everyone or one level / role. */
export const kpiTasks = pgTable(
  "kpi_tasks",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    name: text().notNull(),
    /** The Asia/Shanghai calendar month, "YYYY-MM". */
    month: text().notNull(),
    metric: kpiMetric().notNull(),
    /** Fen for gmv, a count for orders / new customers. */
    target: bigint({ mode: "number" }).notNull(),
    rewardFen: bigint({ mode: "number" }).notNull(),
    /** Scope: both null = every distributor. */
    levelId: uuid(),
    role: distributorRole(),
    status: kpiTaskStatus().notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "kpi_tasks_pkey", columns: [t.tenantId, t.id] }),
    index("kpi_tasks_month_idx").on(t.tenantId, t.month),
    tenantForeignKey("kpi_tasks_level_fk", t, t.levelId, distributorLevels),
    check("kpi_tasks_month_format", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check("kpi_tasks_target_positive", sql`${t.target} > 0`),
    check("kpi_tasks_reward_positive", sql`${t.rewardFen} > 0`),
  ],
);

/** One paid reward: at most one per task and distributor (the ledger key says the same). */
export const kpiRewards = pgTable(
  "kpi_rewards",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    taskId: uuid().notNull(),
    distributorId: uuid().notNull(),
    /** The verified figure that met the target (settled sales only). */
    achieved: bigint({ mode: "number" }).notNull(),
    rewardFen: bigint({ mode: "number" }).notNull(),
    journalId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "kpi_rewards_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("kpi_rewards_task_distributor_key").on(t.tenantId, t.taskId, t.distributorId),
    tenantForeignKey("kpi_rewards_task_fk", t, t.taskId, kpiTasks),
    tenantForeignKey("kpi_rewards_distributor_fk", t, t.distributorId, distributors),
    tenantForeignKey("kpi_rewards_journal_fk", t, t.journalId, ledgerJournals),
    check("kpi_rewards_reward_positive", sql`${t.rewardFen} > 0`),
  ],
);

/**
 * Sales per distributor per week / month (Asia/Shanghai; weeks start Monday) and region key:
 * '' = all regions, then the province, then "province city" of orders.shipping_region. Rebuilt
 * per (distributor, period) by the fold, so a row is always a full recomputation.
 */
export const leaderboardRollups = pgTable(
  "leaderboard_rollups",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    period: leaderboardPeriod().notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    region: text().notNull(),
    distributorId: uuid().notNull(),
    gmvFen: bigint({ mode: "number" }).notNull(),
    orderCount: integer().notNull(),
    newCustomers: integer().notNull(),
  },
  (t) => [
    primaryKey({ name: "leaderboard_rollups_pkey", columns: [t.tenantId, t.period, t.periodStart, t.region, t.distributorId] }),
    // Top-N per metric is an index scan that stops after N rows. `period` is left out of the
    // key: under row-level security only leakproof comparisons may be index conditions, and enum
    // equality is not, so with it the scan could not give the metric's order (a sort of the
    // whole period, 130 ms at 300k orders). A week and a month share a start date only when
    // the 1st is a Monday; the other period's rows are then filtered out as the scan goes.
    // distributor_id last, as the reads break ties: order and customer counts are small
    // integers, and without it a read sorted the whole top group (40k distributors with the
    // same count, 300 ms at 2M orders) to take 50.
    index("leaderboard_rollups_gmv_idx").on(t.tenantId, t.periodStart, t.region, t.gmvFen.desc(), t.distributorId),
    index("leaderboard_rollups_orders_idx").on(t.tenantId, t.periodStart, t.region, t.orderCount.desc(), t.distributorId),
    index("leaderboard_rollups_customers_idx").on(t.tenantId, t.periodStart, t.region, t.newCustomers.desc(), t.distributorId),
    // The fold rebuilds one distributor's period (every region key) at a time.
    index("leaderboard_rollups_distributor_idx").on(t.tenantId, t.distributorId, t.period, t.periodStart),
    tenantForeignKey("leaderboard_rollups_distributor_fk", t, t.distributorId, distributors).onDelete("cascade"),
  ],
);

/** Where a fold (leaderboards, growth) has read order events up to, per brand. */
export const incentiveWatermarks = pgTable(
  "incentive_watermarks",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    name: text().notNull(),
    /** The fold read every order event created before this instant (minus its safety margin). */
    seenUntil: at().notNull(),
    /**
     * The xmin of a snapshot taken as that fold began (64-bit): an event whose transaction id is
     * older was committed before it and read by it, so the next fold skips it even inside the
     * margin. Null: not known (folds before this column), nothing is skipped.
     */
    seenXmin: bigint({ mode: "number" }),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "incentive_watermarks_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("incentive_watermarks_name_key").on(t.tenantId, t.name),
  ],
);

/**
 * What each attributed order has contributed to its buyer's and distributor's growth value.
 * The fold sets `counted_fen` to what the order is worth now (settled: paid minus refunds;
 * otherwise 0) and moves the members' growth by the difference, so running it twice moves
 * nothing and a refund after settlement reverses exactly what it took back.
 */
export const memberGrowthOrders = pgTable(
  "member_growth_orders",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    /** The order's id. */
    id: uuid().notNull(),
    buyerMemberId: uuid().notNull(),
    distributorMemberId: uuid().notNull(),
    /** When the order's after-sales window ends (null until completed). */
    dueAt: at(),
    countedFen: bigint({ mode: "number" }).notNull().default(0),
    /** False while the order changed since it was last counted. */
    checked: boolean().notNull().default(false),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "member_growth_orders_pkey", columns: [t.tenantId, t.id] }),
    index("member_growth_orders_due_idx").on(t.tenantId, t.dueAt).where(sql`not ${t.checked}`),
    tenantForeignKey("member_growth_orders_order_fk", t, t.id, orders).onDelete("cascade"),
    tenantForeignKey("member_growth_orders_buyer_fk", t, t.buyerMemberId, members),
    tenantForeignKey("member_growth_orders_distributor_fk", t, t.distributorMemberId, members),
    check("member_growth_orders_counted_nonneg", sql`${t.countedFen} >= 0`),
  ],
);
