/**
 * Risk control value lists (DOMAIN.md §7) shared by the schema's enums, the API's zod schemas
 * and the console. A plain module (no imports, like kinds.ts) so browser code can use it.
 */

/** What a blacklist entry names. `ip_range` is a CIDR range; every other kind one value. */
export const RISK_LIST_KINDS = ["phone", "device", "id_number", "bank_card", "address", "ip_range"] as const;
export type RiskListKind = (typeof RISK_LIST_KINDS)[number];

/**
 * Kinds the shared cross-brand list can hold: single values only, so a keyed hash names them.
 * (An IP range is not one value; it stays on the brand's own list.)
 */
export const SHARED_LIST_KINDS = ["phone", "device", "id_number", "bank_card", "address"] as const;
export type SharedListKind = (typeof SHARED_LIST_KINDS)[number];

/** What another brand sees of a shared hit: "listed by another brand on <date>, <category>". */
export const RISK_REASON_CATEGORIES = ["fraud", "cash_out", "brushing", "self_purchase", "chargeback", "other"] as const;
export type RiskReasonCategory = (typeof RISK_REASON_CATEGORIES)[number];

/** The actions a rule can take when it fires (a rule that should not act is switched off). */
export const RISK_ACTIONS = ["review", "block"] as const;
export type RiskAction = (typeof RISK_ACTIONS)[number];

/** Every rule the ingest checks run (server/risk/rules.ts holds their defaults). */
export const RISK_RULE_CODES = [
  "self_purchase",
  "self_purchase_link",
  "device_cluster",
  "ip_cluster",
  "address_cluster",
  "phone_cluster",
  "brushing_burst",
  "near_threshold",
  "ring",
  "blacklist",
  "shared_blacklist",
] as const;
export type RiskRuleCode = (typeof RISK_RULE_CODES)[number];

/**
 * order_review: an order raised to review (its commissions are held); settled_order: an order
 * found suspicious after its commission settled (nothing left to hold, a person decides);
 * cluster / ring: a group found by the nightly detection job.
 */
export const RISK_CASE_KINDS = ["order_review", "settled_order", "cluster", "ring"] as const;
export type RiskCaseKind = (typeof RISK_CASE_KINDS)[number];

export const RISK_CASE_STATUSES = ["open", "approved", "rejected", "dismissed"] as const;
export type RiskCaseStatus = (typeof RISK_CASE_STATUSES)[number];
