/**
 * Rules in the form the engine matches against: every condition turned into a Set, a time
 * range in epoch milliseconds or an hour mask once, and the rules bucketed per tier by what
 * makes them specific (SKU, category, neither) and pre-sorted by rank, so selecting a rule
 * for a line is a few map lookups and a short scan that stops at the first match.
 */
import type { CommissionTier, RuleMatch, RuleTierPay } from "@/db/schema/commission";
import { fixedTimes, percentOf } from "./money";
import { hourMask } from "./shanghai";

export interface ActiveRule {
  ruleId: string;
  version: number;
  name: string;
  priority: number;
  stackable: boolean;
  /** the RULE's creation time (not the version's): later-created wins ties */
  createdAt: Date;
  match: RuleMatch;
  tiers: RuleTierPay[];
}

/** What makes a rule specific: SKU > category > neither (DESIGN.md "Commission semantics"). */
export type Specificity = "sku" | "category" | "generic";
const SPECIFICITY_RANK: Record<Specificity, number> = { sku: 2, category: 1, generic: 0 };

export interface Pay {
  kind: "percent" | "fixed";
  rateBp: number | null;
  fixedFen: number | null;
}

/** What `pay` earns on a base amount and quantity. */
export function payAmount(pay: Pay, amountFen: number, quantity: number): number {
  return pay.kind === "percent"
    ? percentOf(amountFen, pay.rateBp!)
    : fixedTimes(pay.fixedFen!, quantity);
}

export interface PreparedRule {
  readonly source: ActiveRule;
  readonly ruleId: string;
  readonly version: number;
  readonly name: string;
  readonly priority: number;
  readonly stackable: boolean;
  readonly createdMs: number;
  readonly specificity: Specificity;
  readonly skus: ReadonlySet<string> | null;
  readonly categories: ReadonlySet<string> | null;
  readonly channels: ReadonlySet<string> | null;
  readonly levels: ReadonlySet<string> | null;
  /** Paid time in [fromMs, untilMs); ±Infinity when open. */
  readonly fromMs: number;
  readonly untilMs: number;
  /** Bit h set: paid at Shanghai hour h matches. */
  readonly hourMask: number;
  /** Indexed by tier (1–3); null where the rule has no entry for that tier. */
  readonly pay: readonly [null, Pay | null, Pay | null, Pay | null];
}

/** Primary candidates and stackables for one tier, each bucket sorted best first. */
export interface TierIndex {
  readonly primaryBySku: ReadonlyMap<string, readonly PreparedRule[]>;
  readonly primaryByCategory: ReadonlyMap<string, readonly PreparedRule[]>;
  readonly primaryGeneric: readonly PreparedRule[];
  readonly stackBySku: ReadonlyMap<string, readonly PreparedRule[]>;
  readonly stackByCategory: ReadonlyMap<string, readonly PreparedRule[]>;
  readonly stackGeneric: readonly PreparedRule[];
}

/** The prepared, indexed form of ActiveRule[]; build it once with prepareRules and reuse it. */
export interface RuleSet {
  /** Index 0 is tier 1. */
  readonly tiers: readonly [TierIndex, TierIndex, TierIndex];
  /** Every rule, most specific first, then by rank (the simulator's order). */
  readonly all: readonly PreparedRule[];
}

export const TIERS: readonly CommissionTier[] = [1, 2, 3];

/**
 * The order among rules of equal specificity: higher priority, then the rule created later,
 * then the higher rule id, so the choice never depends on the order rules were loaded in.
 */
export function byRank(a: PreparedRule, b: PreparedRule): number {
  return (
    b.priority - a.priority ||
    b.createdMs - a.createdMs ||
    (a.ruleId === b.ruleId ? 0 : a.ruleId < b.ruleId ? 1 : -1)
  );
}

export function bySpecificityThenRank(a: PreparedRule, b: PreparedRule): number {
  return SPECIFICITY_RANK[b.specificity] - SPECIFICITY_RANK[a.specificity] || byRank(a, b);
}

export function prepareRules(rules: ActiveRule[]): RuleSet {
  const all = rules.map(prepareOne).sort(bySpecificityThenRank);
  const tiers = TIERS.map((tier) => indexTier(all.filter((r) => r.pay[tier] !== null))) as [
    TierIndex,
    TierIndex,
    TierIndex,
  ];
  return { tiers, all };
}

function prepareOne(rule: ActiveRule): PreparedRule {
  const m = rule.match;
  const createdMs = rule.createdAt.getTime();
  if (Number.isNaN(createdMs)) throw new RangeError(`rule ${rule.ruleId}: invalid createdAt`);
  const pay: [null, Pay | null, Pay | null, Pay | null] = [null, null, null, null];
  for (const t of rule.tiers) {
    pay[t.tier] =
      "rateBp" in t
        ? { kind: "percent", rateBp: t.rateBp, fixedFen: null }
        : { kind: "fixed", rateBp: null, fixedFen: t.fixedFen };
  }
  return {
    source: rule,
    ruleId: rule.ruleId,
    version: rule.version,
    name: rule.name,
    priority: rule.priority,
    stackable: rule.stackable,
    createdMs,
    specificity: m.skus ? "sku" : m.categories ? "category" : "generic",
    skus: setOf(m.skus),
    categories: setOf(m.categories),
    channels: setOf(m.channels),
    levels: setOf(m.levels),
    fromMs: m.from === undefined ? -Infinity : instant(rule, "from", m.from),
    untilMs: m.until === undefined ? Infinity : instant(rule, "until", m.until),
    hourMask: hourMask(m.hours),
    pay,
  };
}

const setOf = (values: string[] | undefined) => (values ? new Set(values) : null);

function instant(rule: ActiveRule, field: string, iso: string): number {
  const ms = Date.parse(iso);
  // A window that cannot be read must not silently match everything or nothing.
  if (Number.isNaN(ms))
    throw new RangeError(`rule ${rule.ruleId}: match.${field} is not a time: ${iso}`);
  return ms;
}

/** `rules` arrive sorted best first; each bucket keeps that order. */
function indexTier(rules: PreparedRule[]): TierIndex {
  const primaryBySku = new Map<string, PreparedRule[]>();
  const primaryByCategory = new Map<string, PreparedRule[]>();
  const primaryGeneric: PreparedRule[] = [];
  const stackBySku = new Map<string, PreparedRule[]>();
  const stackByCategory = new Map<string, PreparedRule[]>();
  const stackGeneric: PreparedRule[] = [];
  for (const r of rules) {
    const bySku = r.stackable ? stackBySku : primaryBySku;
    const byCategory = r.stackable ? stackByCategory : primaryByCategory;
    // A rule naming SKUs (and maybe categories too) is found through its SKUs; its category
    // condition is still checked when it is matched.
    if (r.skus) for (const sku of r.skus) push(bySku, sku, r);
    else if (r.categories) for (const c of r.categories) push(byCategory, c, r);
    else (r.stackable ? stackGeneric : primaryGeneric).push(r);
  }
  return {
    primaryBySku,
    primaryByCategory,
    primaryGeneric,
    stackBySku,
    stackByCategory,
    stackGeneric,
  };
}

function push(map: Map<string, PreparedRule[]>, key: string, rule: PreparedRule) {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}
