/**
 * A brand's risk rule settings: read (defaults merged with overrides) and update one rule.
 * Ingest reads the stored rows in its own pipelined round (server/risk/ingest-reads.ts) and
 * merges them with the same mergeRuleSettings.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { RISK_RULE_CODES, type RiskAction, type RiskRuleCode } from "@/db/risk-kinds";
import { riskRuleSettings } from "@/db/schema";
import { AppError } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { actorRef } from "./blacklist";
import { DEFAULT_RULES, mergeRuleSettings, THRESHOLD_KEYS, WINDOWED_RULES, type RuleSetting, type RuleSettings } from "./rules";

export const storedRuleColumns = {
  rule: riskRuleSettings.rule,
  enabled: riskRuleSettings.enabled,
  action: riskRuleSettings.action,
  thresholds: riskRuleSettings.thresholds,
  windowMinutes: riskRuleSettings.windowMinutes,
};

export async function loadRuleSettings(tx: Tx): Promise<RuleSettings> {
  return mergeRuleSettings(await tx.select(storedRuleColumns).from(riskRuleSettings));
}

export interface RuleView extends RuleSetting {
  code: RiskRuleCode;
  /** Threshold keys this rule reads with their bounds (for forms and the API). */
  thresholdBounds: Record<string, { min: number; max: number }>;
  windowed: boolean;
  defaults: RuleSetting;
}

export function ruleViews(settings: RuleSettings): RuleView[] {
  return RISK_RULE_CODES.map((code) => ({
    code,
    ...settings[code],
    thresholdBounds: THRESHOLD_KEYS[code],
    windowed: WINDOWED_RULES.has(code),
    defaults: DEFAULT_RULES[code],
  }));
}

export interface RuleUpdate {
  rule: RiskRuleCode;
  enabled?: boolean;
  action?: RiskAction;
  /** Only the keys to change; others keep their current value. */
  thresholds?: Record<string, number>;
  windowMinutes?: number | null;
}

/** Changes one rule; the stored row keeps the full resulting setting. Audited. */
export async function updateRuleSetting(tx: Tx, tenantId: string, actor: Actor, input: RuleUpdate): Promise<RuleView> {
  if (!(RISK_RULE_CODES as readonly string[]).includes(input.rule)) {
    throw new AppError("NOT_FOUND", "No such risk rule.", { fields: { rule: "not_found" } });
  }
  if (input.rule === "self_purchase") {
    // One person by OneID: the program's selfPurchase (block / allow) decides, in one place.
    throw new AppError("UNPROCESSABLE", "Self-purchase by OneID follows the program's selfPurchase setting.", { fields: { rule: "governed_by_program" } });
  }
  const fields: Record<string, string> = {};
  const bounds = THRESHOLD_KEYS[input.rule];
  for (const [k, v] of Object.entries(input.thresholds ?? {})) {
    const b = bounds[k];
    if (!b) fields[`thresholds.${k}`] = "unrecognized_key";
    else if (!Number.isInteger(v)) fields[`thresholds.${k}`] = "invalid_type";
    else if (v < b.min) fields[`thresholds.${k}`] = "too_small";
    else if (v > b.max) fields[`thresholds.${k}`] = "too_big";
  }
  if (input.windowMinutes != null) {
    if (!WINDOWED_RULES.has(input.rule)) fields.windowMinutes = "invalid_value";
    else if (!Number.isInteger(input.windowMinutes)) fields.windowMinutes = "invalid_type";
    else if (input.windowMinutes < 1) fields.windowMinutes = "too_small";
    else if (input.windowMinutes > 129_600) fields.windowMinutes = "too_big";
  }
  if (Object.keys(fields).length) throw new AppError("BAD_REQUEST", "Please correct the highlighted fields.", { fields });

  const current = (await loadRuleSettings(tx))[input.rule];
  const next: RuleSetting = {
    enabled: input.enabled ?? current.enabled,
    action: input.action ?? current.action,
    thresholds: { ...current.thresholds, ...(input.thresholds ?? {}) },
    windowMinutes: input.windowMinutes === null ? DEFAULT_RULES[input.rule].windowMinutes : (input.windowMinutes ?? current.windowMinutes),
  };
  const row = {
    enabled: next.enabled,
    action: next.action,
    thresholds: next.thresholds,
    // The default is stored as null ("the default"): self_purchase_link's year is above the
    // 90 days a brand may set, and the database holds a stored window to that range.
    windowMinutes: WINDOWED_RULES.has(input.rule) && next.windowMinutes !== DEFAULT_RULES[input.rule].windowMinutes ? next.windowMinutes : null,
    updatedBy: actorRef(actor),
    updatedAt: new Date(),
  };
  await tx
    .insert(riskRuleSettings)
    .values({ tenantId, rule: input.rule, ...row })
    .onConflictDoUpdate({ target: [riskRuleSettings.tenantId, riskRuleSettings.rule], set: row });
  await audit(tx, actor, { action: "risk.rules_updated", targetType: "risk_rule", targetId: input.rule, data: { from: current, to: next } });
  return ruleViews(await loadRuleSettings(tx)).find((v) => v.code === input.rule)!;
}

/** Back to the defaults: the brand's override is deleted. */
export async function resetRuleSetting(tx: Tx, actor: Actor, rule: RiskRuleCode): Promise<RuleView> {
  await tx.delete(riskRuleSettings).where(eq(riskRuleSettings.rule, rule));
  await audit(tx, actor, { action: "risk.rules_updated", targetType: "risk_rule", targetId: rule, data: { to: "defaults" } });
  return ruleViews(await loadRuleSettings(tx)).find((v) => v.code === rule)!;
}
