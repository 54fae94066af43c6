/**
 * Choosing the rules that pay one earner on one line (DESIGN.md "Commission semantics"): the
 * most specific matching non-stackable rule is the primary (buckets are already ranked), and
 * every matching stackable pays on top. Shared by the ingest path and the simulator's
 * explanation so the two can never disagree.
 */
import type { CommissionTier } from "@/db/schema/commission";
import type { PreparedRule, RuleSet, TierIndex } from "./prepare";
import { shanghaiHour } from "./shanghai";

/** What a rule's conditions are tested against: the line, its order and one earner's level. */
export interface Facts {
  sku: string;
  /** A line without a category never matches a category condition. */
  category: string | null;
  channel: string;
  paidMs: number;
  /** 1 << the Shanghai hour the order was paid in. */
  hourBit: number;
  /** Level name; an earner without a level never matches a levels condition. */
  level: string | null;
}

export function factsOf(
  sale: { channel: string; paidAt: Date },
  line: { sku: string; category: string | null },
  level: string | null,
): Facts {
  const paidMs = sale.paidAt.getTime();
  if (Number.isNaN(paidMs)) throw new RangeError("paidAt is not a valid time");
  return {
    sku: line.sku,
    category: line.category,
    channel: sale.channel,
    paidMs,
    hourBit: 1 << shanghaiHour(paidMs),
    level,
  };
}

/** Every given condition holds. The SKU and category tests are cheap and kept for callers that did not look the rule up by them. */
export function matches(r: PreparedRule, f: Facts): boolean {
  return (
    (r.skus === null || r.skus.has(f.sku)) &&
    (r.categories === null || (f.category !== null && r.categories.has(f.category))) &&
    (r.channels === null || r.channels.has(f.channel)) &&
    f.paidMs >= r.fromMs &&
    f.paidMs < r.untilMs &&
    (r.hourMask & f.hourBit) !== 0 &&
    (r.levels === null || (f.level !== null && r.levels.has(f.level)))
  );
}

function first(list: readonly PreparedRule[] | undefined, f: Facts): PreparedRule | null {
  if (list) for (const r of list) if (matches(r, f)) return r;
  return null;
}

/** The primary rule for this tier, or null: SKU rules first, then category, then generic. */
export function primaryFor(index: TierIndex, f: Facts): PreparedRule | null {
  return (
    first(index.primaryBySku.get(f.sku), f) ??
    (f.category === null ? null : first(index.primaryByCategory.get(f.category), f)) ??
    first(index.primaryGeneric, f)
  );
}

/** Calls `fn` for every matching stackable, most specific first, then by rank. */
export function eachStackable(index: TierIndex, f: Facts, fn: (r: PreparedRule) => void) {
  const bySku = index.stackBySku.get(f.sku);
  if (bySku) for (const r of bySku) if (matches(r, f)) fn(r);
  if (f.category !== null) {
    const byCategory = index.stackByCategory.get(f.category);
    if (byCategory) for (const r of byCategory) if (matches(r, f)) fn(r);
  }
  for (const r of index.stackGeneric) if (matches(r, f)) fn(r);
}

/** The selection for one earner, for callers that want the rules rather than the amounts. */
export function selectRules(rules: RuleSet, f: Facts, tier: CommissionTier) {
  const index = rules.tiers[tier - 1]!;
  const stackables: PreparedRule[] = [];
  eachStackable(index, f, (r) => stackables.push(r));
  return { primary: primaryFor(index, f), stackables };
}
