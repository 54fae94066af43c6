/**
 * Incentives (DOMAIN.md §8): level changes earned from settled sales, the monthly team bonus of
 * team leads and city partners, the month close that computes it, and staff departments
 * (all-staff marketing).
 *
 * Level changes, team bonus statements and their refund adjustments are append-only (the
 * runtime role may only insert and read them): a bonus once paid is corrected by an adjustment
 * line in a later period, never by editing the period that paid it.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { distributorLevels, distributors } from "./distributors";
import { ledgerJournals } from "./ledger";
import { tenants } from "./platform";

/** One step of a team bonus ladder: from `minFen` of monthly GMV, `rateBp` of all of it. */
export interface LadderStep {
  minFen: number;
  rateBp: number;
}

/** Brand incentive settings; a brand without a row has the defaults below. */
export const incentiveSettings = pgTable(
  "incentive_settings",
  {
    tenantId: tenantId()
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    teamLeadLadder: jsonb().$type<LadderStep[]>().notNull().default([]),
    cityPartnerLadder: jsonb().$type<LadderStep[]>().notNull().default([]),
    /** Level conditions count settled sales of the last N days. */
    levelLookbackDays: integer().notNull().default(365),
    /** Demotion is off unless the brand turns it on (DOMAIN.md §8); evaluated at month close. */
    levelDemotion: boolean().notNull().default(false),
    /** Employees' sales do not count toward any team's or region's GMV. */
    excludeEmployeesFromTeamBonus: boolean().notNull().default(false),
    updatedAt: createdAt(),
  },
  (t) => [check("incentive_settings_lookback_range", sql`${t.levelLookbackDays} between 1 and 3660`)],
);

/** Every level change with the figures that justified it. */
export const levelChanges = pgTable(
  "level_changes",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    distributorId: uuid().notNull(),
    fromLevelId: uuid(),
    toLevelId: uuid().notNull(),
    /** upgrade (as settled sales arrive) | demotion (month close, when the brand enables it). */
    direction: text().notNull(),
    /** settlement | month_close */
    trigger: text().notNull(),
    gmvFen: bigint({ mode: "number" }).notNull(),
    orderCount: integer().notNull(),
    directCustomerCount: integer().notNull(),
    lookbackDays: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "level_changes_pkey", columns: [t.tenantId, t.id] }),
    index("level_changes_distributor_idx").on(t.tenantId, t.distributorId, t.createdAt),
    tenantForeignKey("level_changes_distributor_fk", t, t.distributorId, distributors).onDelete("cascade"),
    tenantForeignKey("level_changes_from_fk", t, t.fromLevelId, distributorLevels),
    tenantForeignKey("level_changes_to_fk", t, t.toLevelId, distributorLevels),
    check("level_changes_direction", sql`${t.direction} in ('upgrade', 'demotion')`),
    check("level_changes_trigger", sql`${t.trigger} in ('settlement', 'month_close')`),
  ],
);

/** A closed month (Asia/Shanghai), with what each step did. One row per brand and month. */
export const monthCloses = pgTable(
  "month_closes",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    /** YYYY-MM in Asia/Shanghai. */
    month: text().notNull(),
    steps: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    actorType: text().notNull(),
    actorId: text(),
    closedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "month_closes_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("month_closes_month_key").on(t.tenantId, t.month),
    index("month_closes_closed_idx").on(t.tenantId, t.closedAt),
    check("month_closes_month_format", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);

/**
 * One team bonus per person per period: the GMV basis, the ladder as it stood, the rate it
 * reached, the bonus, the period's refund adjustments (team_bonus_adjustments) and the journal
 * that paid the total.
 */
export const teamBonusStatements = pgTable(
  "team_bonus_statements",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    distributorId: uuid().notNull(),
    period: text().notNull(),
    /** team (team lead: its descendants within the commission levels) | region (city partner). */
    basis: text().notNull(),
    region: text(),
    gmvFen: bigint({ mode: "number" }).notNull(),
    orderCount: integer().notNull(),
    ladder: jsonb().$type<LadderStep[]>().notNull(),
    rateBp: integer().notNull(),
    bonusFen: bigint({ mode: "number" }).notNull(),
    /** Sum of this period's adjustment lines (negative: refunds of earlier periods' sales). */
    adjustmentFen: bigint({ mode: "number" }).notNull().default(0),
    totalFen: bigint({ mode: "number" }).notNull(),
    journalId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "team_bonus_statements_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("team_bonus_statements_period_key").on(t.tenantId, t.distributorId, t.period),
    index("team_bonus_statements_period_idx").on(t.tenantId, t.period),
    tenantForeignKey("team_bonus_statements_distributor_fk", t, t.distributorId, distributors).onDelete("cascade"),
    tenantForeignKey("team_bonus_statements_journal_fk", t, t.journalId, ledgerJournals),
    check("team_bonus_statements_basis", sql`${t.basis} in ('team', 'region')`),
    check("team_bonus_statements_total", sql`${t.totalFen} = ${t.bonusFen} + ${t.adjustmentFen}`),
    check("team_bonus_statements_bonus_nonneg", sql`${t.bonusFen} >= 0 and ${t.gmvFen} >= 0`),
  ],
);

/**
 * A refund after a period's close, clawed back in a later period: the earlier period's basis
 * drops from `oldBasisFen` to `newBasisFen`, and its bonus is recomputed on that period's ladder.
 */
export const teamBonusAdjustments = pgTable(
  "team_bonus_adjustments",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    distributorId: uuid().notNull(),
    /** The period whose close books the adjustment. */
    period: text().notNull(),
    /** The period whose sales were refunded. */
    sourcePeriod: text().notNull(),
    refundFen: bigint({ mode: "number" }).notNull(),
    oldBasisFen: bigint({ mode: "number" }).notNull(),
    newBasisFen: bigint({ mode: "number" }).notNull(),
    amountFen: bigint({ mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "team_bonus_adjustments_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("team_bonus_adjustments_key").on(t.tenantId, t.distributorId, t.period, t.sourcePeriod),
    index("team_bonus_adjustments_source_idx").on(t.tenantId, t.distributorId, t.sourcePeriod),
    tenantForeignKey("team_bonus_adjustments_distributor_fk", t, t.distributorId, distributors).onDelete("cascade"),
    check("team_bonus_adjustments_refund_pos", sql`${t.refundFen} > 0`),
  ],
);

/** A staff distributor's department (all-staff marketing), for the performance report. */
export const distributorDepartments = pgTable(
  "distributor_departments",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    distributorId: uuid().notNull(),
    department: text().notNull(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "distributor_departments_pkey", columns: [t.tenantId, t.distributorId] }),
    index("distributor_departments_department_idx").on(t.tenantId, t.department),
    tenantForeignKey("distributor_departments_distributor_fk", t, t.distributorId, distributors).onDelete("cascade"),
    check("distributor_departments_department_len", sql`length(${t.department}) between 1 and 60`),
  ],
);
