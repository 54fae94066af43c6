/**
 * Commission rules and their versions (DOMAIN.md §3, DESIGN.md "Commission semantics").
 *
 * A rule is a stable identity (id, creation time, enabled flag, current version); what it says
 * lives in immutable versions. Editing a rule writes a new version and moves current_version;
 * commissions keep the (rule_id, version) they were computed with, and refunds recompute with
 * that version, never by re-selecting.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { tenants } from "./platform";

export type CommissionTier = 1 | 2 | 3;

/** Conditions of a rule; every given one must hold. Times are ISO 8601 strings. */
export interface RuleMatch {
  skus?: string[];
  categories?: string[];
  /** Earner's level names. */
  levels?: string[];
  channels?: string[];
  /** Paid time in [from, until). */
  from?: string;
  until?: string;
  /** Hours of day in Asia/Shanghai, [from, to), wrapping past midnight when from > to. */
  hours?: { from: number; to: number };
}

/** What one tier earns under a rule: a rate in basis points, or a fixed amount per unit. */
export type RuleTierPay = { tier: CommissionTier; rateBp: number } | { tier: CommissionTier; fixedFen: number };

export const commissionRules = pgTable(
  "commission_rules",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    enabled: boolean().notNull().default(true),
    currentVersion: integer().notNull().default(1),
    /** Ties between equally specific, equal-priority rules go to the later-created rule. */
    createdAt: createdAt(),
    updatedAt: createdAt(),
    disabledAt: at(),
  },
  (t) => [
    primaryKey({ name: "commission_rules_pkey", columns: [t.tenantId, t.id] }),
    index("commission_rules_enabled_idx").on(t.tenantId, t.enabled),
    check("commission_rules_version_positive", sql`${t.currentVersion} >= 1`),
  ],
);

export const commissionRuleVersions = pgTable(
  "commission_rule_versions",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    ruleId: uuid().notNull(),
    version: integer().notNull(),
    name: text().notNull(),
    priority: integer().notNull().default(0),
    stackable: boolean().notNull().default(false),
    match: jsonb().$type<RuleMatch>().notNull().default({}),
    tiers: jsonb().$type<RuleTierPay[]>().notNull(),
    /** Who wrote this version: actor type and id, as in the audit log. */
    actorType: text().notNull(),
    actorId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "commission_rule_versions_pkey", columns: [t.tenantId, t.ruleId, t.version] }),
    tenantForeignKey("commission_rule_versions_rule_fk", t, t.ruleId, commissionRules).onDelete("cascade"),
    check("commission_rule_versions_version_positive", sql`${t.version} >= 1`),
  ],
);
