/**
 * The commission rules engine (DOMAIN.md §3, DESIGN.md "Commission semantics"). Pure: it
 * imports no database code, so order ingest, refunds and the console simulator all call the
 * same functions and it is tested without a database.
 *
 *   const rules = prepareRules(await loadActiveRules(tx));   // once per batch
 *   commissionsForLine(rules, { channel, paidAt }, line, earners);
 */
import type { CommissionTier } from "@/db/schema/commission";
import type { CommissionTrace } from "@/db/schema/orders";
import { fixedTimes, percentOf } from "./money";
import { payAmount, type Pay, type PreparedRule, type RuleSet } from "./prepare";
import { eachStackable, factsOf, primaryFor } from "./select";

export { prepareRules, type ActiveRule, type RuleSet } from "./prepare";
export { explainLine, type MissReason, type RuleExplanation, type RuleOutcome } from "./explain";
export { formatTrace } from "./trace-text";

export interface SaleContext {
  channel: string;
  paidAt: Date;
}

export interface SaleLine {
  sku: string;
  category: string | null;
  quantity: number;
  amountFen: number;
}

export interface Earner {
  tier: CommissionTier;
  /** level NAME */
  level: string | null;
}

export interface LineCommission {
  tier: CommissionTier;
  ruleId: string;
  ruleVersion: number;
  kind: "percent" | "fixed";
  rateBp: number | null;
  fixedFen: number | null;
  amountFen: number;
  trace: CommissionTrace;
}

/**
 * Commissions for one line and the given earners (the caller passes only earners that may
 * earn: active, within the brand's commission levels). Only amounts > 0; per tier the primary
 * rule first, then stackables; tiers ascending.
 */
export function commissionsForLine(
  rules: RuleSet,
  sale: SaleContext,
  line: SaleLine,
  earners: Earner[],
): LineCommission[] {
  const out: LineCommission[] = [];
  if (earners.length === 0) return out;
  const facts = factsOf(sale, line, null);
  const ordered = isAscending(earners) ? earners : [...earners].sort((a, b) => a.tier - b.tier);
  for (const earner of ordered) {
    const index = rules.tiers[earner.tier - 1];
    if (!index) throw new RangeError(`tier must be 1, 2 or 3, got ${earner.tier}`);
    facts.level = earner.level;
    const primary = primaryFor(index, facts);
    if (primary) addCommission(out, primary, earner.tier, line);
    eachStackable(index, facts, (r) => addCommission(out, r, earner.tier, line));
  }
  return out;
}

function isAscending(earners: Earner[]) {
  for (let i = 1; i < earners.length; i++)
    if (earners[i]!.tier < earners[i - 1]!.tier) return false;
  return true;
}

function addCommission(
  out: LineCommission[],
  rule: PreparedRule,
  tier: CommissionTier,
  line: SaleLine,
) {
  const pay = rule.pay[tier]!;
  const amountFen = payAmount(pay, line.amountFen, line.quantity);
  // A tier that earns 0 gets no commission row (a rate of 0 is how a rule says "nothing").
  if (amountFen <= 0) return;
  out.push({
    tier,
    ruleId: rule.ruleId,
    ruleVersion: rule.version,
    kind: pay.kind,
    rateBp: pay.rateBp,
    fixedFen: pay.fixedFen,
    amountFen,
    trace: traceOf(rule, pay, tier, line),
  });
}

export function traceOf(
  rule: PreparedRule,
  pay: Pay,
  tier: CommissionTier,
  line: SaleLine,
): CommissionTrace {
  const trace: CommissionTrace = {
    tier,
    ruleId: rule.ruleId,
    ruleName: rule.name,
    version: rule.version,
    stackable: rule.stackable,
    kind: pay.kind,
    baseFen: line.amountFen,
    quantity: line.quantity,
  };
  // Only the term that applies: the trace is stored as JSON and read by people.
  if (pay.kind === "percent") trace.rateBp = pay.rateBp!;
  else trace.fixedFen = pay.fixedFen!;
  return trace;
}

/** What a commission earns after refunds, with the SAME version's terms (never re-selecting). */
export function amountAfterRefund(
  c: { kind: "percent" | "fixed"; rateBp: number | null; fixedFen: number | null },
  remaining: { amountFen: number; quantity: number },
): number {
  if (c.kind === "percent") {
    if (c.rateBp === null) throw new RangeError("a percent commission needs rateBp");
    return percentOf(remaining.amountFen, c.rateBp);
  }
  if (c.fixedFen === null) throw new RangeError("a fixed commission needs fixedFen");
  return fixedTimes(c.fixedFen, remaining.quantity);
}
