/**
 * The risk rules' defaults and the brand's overrides merged onto them (DOMAIN.md §7, issue 10
 * item 1). Pure: no I/O. A brand stores only what it changed (risk_rule_settings); everything
 * else is what this file says, so improving a default reaches every brand that kept it.
 *
 * Counting rules fire when a count over the window reaches its threshold ("≥"), the window
 * running on paidAt around the order (a brand may import last month in seconds).
 */
import { RISK_RULE_CODES, type RiskAction, type RiskRuleCode } from "@/db/risk-kinds";

export interface RuleSetting {
  enabled: boolean;
  action: RiskAction;
  /** Length of the rule's window, in minutes (rules without a window ignore it). */
  windowMinutes: number;
  thresholds: Record<string, number>;
}

export type RuleSettings = Record<RiskRuleCode, RuleSetting>;

/**
 * Most earlier orders one risk probe reads at ingest (server/risk/ingest-reads.ts), and so the
 * highest count threshold a brand may set: a probe capped at the threshold still sees enough
 * orders to reach it. A higher threshold could never be reached by single orders (only within
 * one batch), so the rule would look on while doing nothing.
 */
export const COUNT_CAP = 500;
const COUNT = { min: 2, max: COUNT_CAP };

/** Each threshold key a rule reads, with its bounds (a threshold of 0 would fire always). */
export const THRESHOLD_KEYS: Record<RiskRuleCode, Record<string, { min: number; max: number }>> = {
  self_purchase: {},
  self_purchase_link: {},
  // Orders sharing the signal in the window (this one included), and distinct new buyers among them.
  device_cluster: { orders: COUNT, newBuyers: COUNT },
  ip_cluster: { orders: COUNT, newBuyers: COUNT },
  address_cluster: { orders: COUNT, newBuyers: COUNT },
  phone_cluster: { orders: COUNT, newBuyers: COUNT },
  // New buyers ordering through one distributor in the window.
  brushing_burst: { newBuyers: COUNT },
  // Orders through one distributor in the window whose amount is in [thresholdFen − band, thresholdFen).
  near_threshold: { orders: COUNT, thresholdFen: { min: 100, max: 100_000_000 }, bandBp: { min: 1, max: 5_000 } },
  // Longest cycle of the bought-through graph that counts as a ring (2 = buying through each other).
  ring: { maxLength: { min: 2, max: 3 } },
  blacklist: {},
  shared_blacklist: {},
};

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * Defaults: tight enough to catch farms and bursts, loose enough that a household (two people,
 * one address or one tablet), an office NAT or a distributor's good day is not flagged.
 */
export const DEFAULT_RULES: RuleSettings = {
  // Buyer and tier-1 distributor are one person by OneID. Whether it blocks is the program's
  // selfPurchase setting (public API /program); here it can only be switched off or made review.
  self_purchase: { enabled: true, action: "block", windowMinutes: 0, thresholds: {} },
  // Buyer shares a device, receiver phone or shipping address with the tier-1 distributor.
  self_purchase_link: { enabled: true, action: "review", windowMinutes: 365 * DAY, thresholds: {} },
  device_cluster: { enabled: true, action: "review", windowMinutes: DAY, thresholds: { orders: 8, newBuyers: 3 } },
  ip_cluster: { enabled: true, action: "review", windowMinutes: HOUR, thresholds: { orders: 30, newBuyers: 10 } },
  address_cluster: { enabled: true, action: "review", windowMinutes: 7 * DAY, thresholds: { orders: 10, newBuyers: 3 } },
  phone_cluster: { enabled: true, action: "review", windowMinutes: 7 * DAY, thresholds: { orders: 10, newBuyers: 3 } },
  brushing_burst: { enabled: true, action: "review", windowMinutes: 30, thresholds: { newBuyers: 10 } },
  near_threshold: { enabled: true, action: "review", windowMinutes: DAY, thresholds: { orders: 5, thresholdFen: 10_000, bandBp: 500 } },
  ring: { enabled: true, action: "review", windowMinutes: 90 * DAY, thresholds: { maxLength: 3 } },
  blacklist: { enabled: true, action: "review", windowMinutes: 0, thresholds: {} },
  shared_blacklist: { enabled: true, action: "review", windowMinutes: 0, thresholds: {} },
};

/** Rules whose window a brand may set (the others have none). */
export const WINDOWED_RULES: ReadonlySet<RiskRuleCode> = new Set([
  "self_purchase_link",
  "device_cluster",
  "ip_cluster",
  "address_cluster",
  "phone_cluster",
  "brushing_burst",
  "near_threshold",
  "ring",
]);

export interface StoredRuleSetting {
  rule: string;
  enabled: boolean;
  action: RiskAction;
  thresholds: Record<string, number>;
  windowMinutes: number | null;
}

/** The defaults with the brand's stored overrides on top; unknown rules and keys are ignored. */
export function mergeRuleSettings(stored: StoredRuleSetting[]): RuleSettings {
  const out = structuredClone(DEFAULT_RULES);
  for (const s of stored) {
    if (!(RISK_RULE_CODES as readonly string[]).includes(s.rule)) continue;
    const code = s.rule as RiskRuleCode;
    const keys = THRESHOLD_KEYS[code];
    const thresholds = { ...out[code].thresholds };
    for (const [k, v] of Object.entries(s.thresholds ?? {})) {
      const bound = keys[k];
      if (bound && Number.isInteger(v) && v >= bound.min && v <= bound.max) thresholds[k] = v;
    }
    out[code] = {
      enabled: s.enabled,
      action: s.action,
      windowMinutes: WINDOWED_RULES.has(code) && s.windowMinutes ? s.windowMinutes : out[code].windowMinutes,
      thresholds,
    };
  }
  return out;
}

/** The longest window any enabled windowed rule reads: how far around a batch ingest looks. */
export function longestWindowMinutes(rules: RuleSettings, codes: readonly RiskRuleCode[]): number {
  return Math.max(0, ...codes.filter((c) => rules[c].enabled).map((c) => rules[c].windowMinutes));
}
