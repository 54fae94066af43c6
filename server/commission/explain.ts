/**
 * The simulator's "why": for one earner on one line, every rule considered, whether it
 * matched, which conditions failed, and which rule won. Uses the engine's own selection, so
 * what it says is what ingest does.
 */
import type { SaleContext, SaleLine, Earner } from "./engine";
import { payAmount, type Pay, type PreparedRule, type RuleSet, type Specificity } from "./prepare";
import { factsOf, selectRules, type Facts } from "./select";

/** A condition that did not hold (or the rule has nothing for the earner's tier). */
export type MissReason =
  | "noTierEntry"
  | "sku"
  | "category"
  | "channel"
  | "beforeFrom"
  | "notBeforeUntil"
  | "hours"
  | "level";

/**
 * primary: the rule that pays the tier (amount may be 0: a rate of 0 says "nothing");
 * stacked: a stackable that pays on top; outranked: matched but a better rule won;
 * notMatched: some condition failed (see `reasons`).
 */
export type RuleOutcome = "primary" | "stacked" | "outranked" | "notMatched";

/** Why the winner beat an outranked rule: the first difference in the ranking. */
export type OutrankedBecause = "lessSpecific" | "lowerPriority" | "olderRule" | "tieBreak";

export interface RuleExplanation {
  ruleId: string;
  version: number;
  name: string;
  priority: number;
  stackable: boolean;
  createdAt: Date;
  specificity: Specificity;
  /** The rule's terms for the earner's tier, or null when it has none. */
  pay: Pay | null;
  matched: boolean;
  reasons: MissReason[];
  outcome: RuleOutcome;
  outrankedBy: { ruleId: string; name: string; because: OutrankedBecause } | null;
  /** What the rule pays this earner on this line (0 unless primary or stacked). */
  amountFen: number;
}

export function explainLine(
  rules: RuleSet,
  sale: SaleContext,
  line: SaleLine,
  earner: Earner,
): RuleExplanation[] {
  const facts = factsOf(sale, line, earner.level);
  const { primary } = selectRules(rules, facts, earner.tier);
  return rules.all.map((r) => {
    const pay = r.pay[earner.tier];
    const reasons = missReasons(r, facts);
    if (!pay) reasons.unshift("noTierEntry");
    const matched = reasons.length === 0;
    const outcome: RuleOutcome = !matched
      ? "notMatched"
      : r.stackable
        ? "stacked"
        : r === primary
          ? "primary"
          : "outranked";
    const pays = outcome === "primary" || outcome === "stacked";
    return {
      ruleId: r.ruleId,
      version: r.version,
      name: r.name,
      priority: r.priority,
      stackable: r.stackable,
      createdAt: r.source.createdAt,
      specificity: r.specificity,
      pay,
      matched,
      reasons,
      outcome,
      outrankedBy:
        outcome === "outranked" && primary
          ? { ruleId: primary.ruleId, name: primary.name, because: because(primary, r) }
          : null,
      amountFen: pays && pay ? payAmount(pay, line.amountFen, line.quantity) : 0,
    };
  });
}

/** Every condition of `r` that `f` fails, in the order the console lists them. */
export function missReasons(r: PreparedRule, f: Facts): MissReason[] {
  const out: MissReason[] = [];
  if (r.skus && !r.skus.has(f.sku)) out.push("sku");
  if (r.categories && (f.category === null || !r.categories.has(f.category))) out.push("category");
  if (r.channels && !r.channels.has(f.channel)) out.push("channel");
  if (f.paidMs < r.fromMs) out.push("beforeFrom");
  if (f.paidMs >= r.untilMs) out.push("notBeforeUntil");
  if ((r.hourMask & f.hourBit) === 0) out.push("hours");
  if (r.levels && (f.level === null || !r.levels.has(f.level))) out.push("level");
  return out;
}

function because(winner: PreparedRule, loser: PreparedRule): OutrankedBecause {
  if (winner.specificity !== loser.specificity) return "lessSpecific";
  if (winner.priority !== loser.priority) return "lowerPriority";
  if (winner.createdMs !== loser.createdMs) return "olderRule";
  return "tieBreak";
}
