/**
 * Risk control (DOMAIN.md §7, issue 10): the brand's blacklist, the shared cross-brand list,
 * the brand's rule settings and the cases reviewers work through.
 *
 * Identifiers are never stored raw. A brand's entry keeps the same keyed hash ingest computes
 * for the order (orders.device_hash, ip_hash, shipping_hash, receiver_phone_hash, the phone
 * identity, KYC id / card hashes), so a check is an index probe on equal hashes, and a masked
 * form for people. The shared list keeps only hashes under the platform's own key.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { RISK_ACTIONS, RISK_CASE_KINDS, RISK_CASE_STATUSES, RISK_LIST_KINDS, RISK_REASON_CATEGORIES } from "../risk-kinds";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import type { RiskRuleHit } from "./orders";
import { distributors } from "./distributors";
import { orders } from "./orders";
import { tenants } from "./platform";

export const riskListKind = pgEnum("risk_list_kind", RISK_LIST_KINDS);
export const riskReasonCategory = pgEnum("risk_reason_category", RISK_REASON_CATEGORIES);
export const riskAction = pgEnum("risk_action", RISK_ACTIONS);
export const riskCaseKind = pgEnum("risk_case_kind", RISK_CASE_KINDS);
export const riskCaseStatus = pgEnum("risk_case_status", RISK_CASE_STATUSES);

/**
 * A brand's own blacklist. Removing an entry stamps removed_at (the row stays: cases and
 * verdicts that cited it still explain themselves); at most one live entry per value.
 */
export const riskBlacklistEntries = pgTable(
  "risk_blacklist_entries",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    kind: riskListKind().notNull(),
    /**
     * Keyed hash of the normalised value (server/risk/normalise.ts), the one ingest computes for
     * the same kind; for ip_range, of the canonical CIDR text (uniqueness only).
     */
    valueHash: text().notNull(),
    /** ip_range only: the range itself, matched with `>>=` (a range has no single hash). */
    ipRange: text(),
    /** Enough to recognise, never enough to use: 138****8000, **** 1111, 北京市朝阳区…. */
    masked: text().notNull(),
    reason: text().notNull(),
    /** Also on the shared list under this platform-keyed hash (brand opted in to contribute). */
    sharedHash: text(),
    reasonCategory: riskReasonCategory().notNull().default("other"),
    /** Set when the entry came from freezing a distributor for fraud. */
    distributorId: uuid(),
    /** 'manual' | 'import' | 'api' | 'freeze'. */
    source: text().notNull().default("manual"),
    expiresAt: at(),
    /** `<actor type>:<id>`, as the audit log names actors. */
    createdBy: text().notNull(),
    createdAt: createdAt(),
    removedAt: at(),
    removedBy: text(),
  },
  (t) => [
    primaryKey({ name: "risk_blacklist_entries_pkey", columns: [t.tenantId, t.id] }),
    // Ingest's check: live entries by (hash, kind). Expiry is filtered on the few rows found. Hash
    // first: under row-level security an enum equality is not leakproof, so it cannot be an index
    // condition.
    uniqueIndex("risk_blacklist_live_key").on(t.tenantId, t.valueHash, t.kind).where(sql`${t.removedAt} is null`),
    index("risk_blacklist_created_idx").on(t.tenantId, t.createdAt),
    tenantForeignKey("risk_blacklist_distributor_fk", t, t.distributorId, distributors),
    check("risk_blacklist_ip_range_pair", sql`(${t.kind} = 'ip_range') = (${t.ipRange} is not null)`),
  ],
);

/**
 * The shared cross-brand list: a platform table (no tenant_id, no RLS) that the runtime role
 * cannot touch at all; brands reach it only through fx_risk_shared_* functions, which act for
 * the transaction's own tenant and only when its risk settings opt in. It holds hashes under
 * the platform key, never a raw or brand-keyed value. Who contributed is kept so a brand can
 * withdraw its own entries and is never shown to another brand.
 */
export const riskSharedEntries = pgTable(
  "risk_shared_entries",
  {
    id: id().primaryKey(),
    kind: riskListKind().notNull(),
    valueHash: text().notNull(),
    contributorTenantId: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    reasonCategory: riskReasonCategory().notNull(),
    listedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("risk_shared_entries_key").on(t.kind, t.valueHash, t.contributorTenantId),
    index("risk_shared_entries_contributor_idx").on(t.contributorTenantId),
  ],
);

/** A brand's risk program switches; a brand without a row has both off. */
export const riskSettings = pgTable("risk_settings", {
  tenantId: tenantId()
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  /** Our blacklist entries go to the shared list (hashed under the platform key). */
  shareContribute: boolean().notNull().default(false),
  /** Our orders are checked against other brands' shared entries. */
  shareConsume: boolean().notNull().default(false),
  updatedAt: createdAt(),
});

/** Thresholds a rule reads (server/risk/rules.ts names which apply to which rule). */
export type RiskThresholds = Record<string, number>;

/**
 * A brand's override of one rule's defaults (server/risk/rules.ts). No row = the defaults.
 * `thresholds` holds only the keys the brand changed; the rest keep their defaults.
 */
export const riskRuleSettings = pgTable(
  "risk_rule_settings",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    rule: text().notNull(),
    enabled: boolean().notNull(),
    action: riskAction().notNull(),
    thresholds: jsonb().$type<RiskThresholds>().notNull().default({}),
    windowMinutes: integer(),
    updatedBy: text(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "risk_rule_settings_pkey", columns: [t.tenantId, t.rule] }),
    check("risk_rule_settings_window_range", sql`${t.windowMinutes} is null or ${t.windowMinutes} between 1 and 129600`),
  ],
);

/**
 * Something for a reviewer to decide: an order under review, a settled order found suspicious
 * after the fact, or a cluster / ring the nightly job found. `dedupeKey` makes opening a case
 * idempotent (`order:<id>`, `ring:<sorted ids>`), so a rerun or a second ingest adds nothing.
 */
export const riskCases = pgTable(
  "risk_cases",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    kind: riskCaseKind().notNull(),
    status: riskCaseStatus().notNull().default("open"),
    orderId: uuid(),
    distributorIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    memberIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** The rules that fired and their masked evidence, as on the order. */
    rules: jsonb().$type<RiskRuleHit[]>().notNull().default([]),
    /** The commission at stake (held, or already settled for settled_order). */
    amountFen: bigint({ mode: "number" }).notNull().default(0),
    dedupeKey: text().notNull(),
    openedAt: createdAt(),
    decidedAt: at(),
    decidedBy: text(),
    decisionReason: text(),
  },
  (t) => [
    primaryKey({ name: "risk_cases_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("risk_cases_dedupe_key").on(t.tenantId, t.dedupeKey),
    index("risk_cases_status_idx").on(t.tenantId, t.status, t.openedAt),
    index("risk_cases_order_idx").on(t.tenantId, t.orderId).where(sql`${t.orderId} is not null`),
    tenantForeignKey("risk_cases_order_fk", t, t.orderId, orders).onDelete("cascade"),
    check("risk_cases_amount_nonneg", sql`${t.amountFen} >= 0`),
  ],
);
