import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RuleMatch, RuleTierPay } from "@/db/schema/commission";
import {
  amountAfterRefund,
  commissionsForLine,
  explainLine,
  formatTrace,
  prepareRules,
  type ActiveRule,
  type Earner,
  type SaleContext,
  type SaleLine,
} from "./engine";

const T0 = Date.UTC(2025, 0, 1);
let seq = 0;
/** A rule; ids and creation times increase with each call unless given. */
function rule(p: Partial<ActiveRule> = {}): ActiveRule {
  seq += 1;
  return {
    ruleId: `00000000-0000-7000-8000-${String(seq).padStart(12, "0")}`,
    version: 1,
    name: `rule-${seq}`,
    priority: 0,
    stackable: false,
    createdAt: new Date(T0 + seq * 1000),
    match: {},
    tiers: [{ tier: 1, rateBp: 1000 }],
    ...p,
  };
}

const SALE: SaleContext = { channel: "tmall", paidAt: new Date("2025-06-01T04:00:00Z") };
const LINE: SaleLine = { sku: "TEA-1", category: "tea", quantity: 2, amountFen: 10_000 };
const T1: Earner[] = [{ tier: 1, level: null }];

function pay(
  rules: ActiveRule[],
  opts: { sale?: Partial<SaleContext>; line?: Partial<SaleLine>; earners?: Earner[] } = {},
) {
  return commissionsForLine(
    prepareRules(rules),
    { ...SALE, ...opts.sale },
    { ...LINE, ...opts.line },
    opts.earners ?? T1,
  );
}
/** [tier, rule name, amount] per commission, in output order. */
function summary(rules: ActiveRule[], opts: Parameters<typeof pay>[1] = {}) {
  const names = new Map(rules.map((r) => [r.ruleId, r.name]));
  return pay(rules, opts).map((c) => [c.tier, names.get(c.ruleId), c.amountFen]);
}

describe("DOMAIN.md §1 vector at the engine", () => {
  const rates = rule({
    name: "base",
    tiers: [
      { tier: 1, rateBp: 1000 },
      { tier: 2, rateBp: 500 },
      { tier: 3, rateBp: 200 },
    ],
  });
  const line = { amountFen: 10_000 };

  it("rates 10% / 5% / 2% on ¥100 pay 1000 / 500 / 200 fen with three levels", () => {
    const earners: Earner[] = [
      { tier: 1, level: null },
      { tier: 2, level: null },
      { tier: 3, level: null },
    ];
    expect(summary([rates], { line, earners })).toEqual([
      [1, "base", 1000],
      [2, "base", 500],
      [3, "base", 200],
    ]);
  });

  it("with two levels the caller passes two earners and tier 3 earns nothing", () => {
    const earners: Earner[] = [
      { tier: 1, level: null },
      { tier: 2, level: null },
    ];
    expect(summary([rates], { line, earners })).toEqual([
      [1, "base", 1000],
      [2, "base", 500],
    ]);
  });
});

describe("selection", () => {
  it("SKU beats category beats generic, even at lower priority", () => {
    const sku = rule({
      name: "sku",
      priority: -5,
      match: { skus: ["TEA-1"] },
      tiers: [{ tier: 1, rateBp: 300 }],
    });
    const cat = rule({
      name: "cat",
      priority: 0,
      match: { categories: ["tea"] },
      tiers: [{ tier: 1, rateBp: 200 }],
    });
    const gen = rule({ name: "gen", priority: 100, tiers: [{ tier: 1, rateBp: 100 }] });
    expect(summary([gen, cat, sku])).toEqual([[1, "sku", 300]]);
    expect(summary([gen, cat])).toEqual([[1, "cat", 200]]);
    expect(summary([gen, cat, sku], { line: { sku: "OTHER" } })).toEqual([[1, "cat", 200]]);
    expect(summary([gen, cat, sku], { line: { sku: "OTHER", category: "wine" } })).toEqual([
      [1, "gen", 100],
    ]);
  });

  it("a line without a category never matches a category condition", () => {
    const cat = rule({ name: "cat", match: { categories: ["tea"] } });
    const gen = rule({ name: "gen", tiers: [{ tier: 1, rateBp: 100 }] });
    expect(summary([cat, gen], { line: { category: null } })).toEqual([[1, "gen", 100]]);
  });

  it("a rule naming SKUs and categories needs both, and counts as a SKU rule", () => {
    const both = rule({
      name: "both",
      priority: -1,
      match: { skus: ["TEA-1"], categories: ["tea"] },
      tiers: [{ tier: 1, rateBp: 400 }],
    });
    const cat = rule({
      name: "cat",
      priority: 9,
      match: { categories: ["tea"] },
      tiers: [{ tier: 1, rateBp: 200 }],
    });
    expect(summary([both, cat])).toEqual([[1, "both", 400]]);
    expect(summary([both, cat], { line: { category: "gift" } })).toEqual([]);
  });

  it("between equally specific rules the higher priority wins", () => {
    const low = rule({
      name: "low",
      priority: 1,
      match: { skus: ["TEA-1"] },
      tiers: [{ tier: 1, rateBp: 900 }],
    });
    const high = rule({
      name: "high",
      priority: 2,
      match: { skus: ["TEA-1"] },
      tiers: [{ tier: 1, rateBp: 100 }],
    });
    expect(summary([high, low])).toEqual([[1, "high", 100]]);
  });

  it("between equal priorities the rule created later wins, then the higher rule id", () => {
    const older = rule({
      name: "older",
      createdAt: new Date(T0),
      tiers: [{ tier: 1, rateBp: 100 }],
    });
    const newer = rule({
      name: "newer",
      createdAt: new Date(T0 + 1),
      tiers: [{ tier: 1, rateBp: 200 }],
    });
    expect(summary([newer, older])).toEqual([[1, "newer", 200]]);
    expect(summary([older, newer])).toEqual([[1, "newer", 200]]);
    const a = rule({
      ruleId: "00000000-0000-7000-8000-00000000000a",
      name: "a",
      createdAt: new Date(T0),
    });
    const b = rule({
      ruleId: "00000000-0000-7000-8000-00000000000b",
      name: "b",
      createdAt: new Date(T0),
    });
    expect(summary([b, a])).toEqual([[1, "b", 1000]]);
    expect(summary([a, b])).toEqual([[1, "b", 1000]]);
  });

  it("level, channel and time are filters, not specificity", () => {
    const filtered = rule({
      name: "filtered",
      priority: 50,
      match: {
        levels: ["S"],
        channels: ["tmall"],
        from: "2025-01-01T00:00:00+08:00",
        hours: { from: 0, to: 24 },
      },
      tiers: [{ tier: 1, rateBp: 900 }],
    });
    const cat = rule({
      name: "cat",
      priority: 0,
      match: { categories: ["tea"] },
      tiers: [{ tier: 1, rateBp: 200 }],
    });
    expect(summary([filtered, cat], { earners: [{ tier: 1, level: "S" }] })).toEqual([
      [1, "cat", 200],
    ]);
  });

  it("the levels condition matches the earner's level name; no level never matches", () => {
    const sOnly = rule({
      name: "S",
      match: { levels: ["S", "A"] },
      tiers: [
        { tier: 1, rateBp: 800 },
        { tier: 2, rateBp: 300 },
      ],
    });
    const earners: Earner[] = [
      { tier: 1, level: "A" },
      { tier: 2, level: "B" },
    ];
    expect(summary([sOnly], { earners })).toEqual([[1, "S", 800]]);
    expect(summary([sOnly], { earners: [{ tier: 1, level: null }] })).toEqual([]);
  });

  it("the channels condition matches the order's channel", () => {
    const jd = rule({ name: "jd", match: { channels: ["jd", "pdd"] } });
    expect(summary([jd], { sale: { channel: "jd" } })).toEqual([[1, "jd", 1000]]);
    expect(summary([jd], { sale: { channel: "tmall" } })).toEqual([]);
  });

  it("the paid time must be in [from, until): from inclusive, until exclusive", () => {
    const window = rule({
      name: "w",
      match: { from: "2025-11-11T00:00:00+08:00", until: "2025-11-12T00:00:00+08:00" },
    });
    const at = (iso: string) => summary([window], { sale: { paidAt: new Date(iso) } });
    expect(at("2025-11-10T15:59:59.999Z")).toEqual([]);
    expect(at("2025-11-10T16:00:00Z")).toEqual([[1, "w", 1000]]);
    expect(at("2025-11-11T15:59:59.999Z")).toEqual([[1, "w", 1000]]);
    expect(at("2025-11-11T16:00:00Z")).toEqual([]);
  });

  it("hours {22, 2} are 22:00–01:59 Shanghai time, wrapping past midnight", () => {
    const night = rule({ name: "night", match: { hours: { from: 22, to: 2 } } });
    // Shanghai is UTC+8: 21:59 there is 13:59 UTC.
    const at = (utc: string) => summary([night], { sale: { paidAt: new Date(utc) } }).length;
    expect(at("2025-11-10T13:59:59Z")).toBe(0); // 21:59:59
    expect(at("2025-11-10T14:00:00Z")).toBe(1); // 22:00
    expect(at("2025-11-10T16:30:00Z")).toBe(1); // 00:30 the next day
    expect(at("2025-11-10T17:59:59Z")).toBe(1); // 01:59:59
    expect(at("2025-11-10T18:00:00Z")).toBe(0); // 02:00
  });

  it("hours without wrapping are [from, to), and to = 24 reaches midnight", () => {
    const day = rule({ name: "day", match: { hours: { from: 9, to: 18 } } });
    const late = rule({ name: "late", match: { hours: { from: 20, to: 24 } } });
    const at = (r: ActiveRule, utc: string) =>
      summary([r], { sale: { paidAt: new Date(utc) } }).length;
    expect(at(day, "2025-03-01T00:59:59Z")).toBe(0); // 08:59
    expect(at(day, "2025-03-01T01:00:00Z")).toBe(1); // 09:00
    expect(at(day, "2025-03-01T09:59:59Z")).toBe(1); // 17:59
    expect(at(day, "2025-03-01T10:00:00Z")).toBe(0); // 18:00
    expect(at(late, "2025-03-01T15:59:59Z")).toBe(1); // 23:59
    expect(at(late, "2025-03-01T16:00:00Z")).toBe(0); // 00:00
  });

  it("a rule with no entry for a tier is no candidate there; another rule pays that tier", () => {
    const sku = rule({
      name: "sku",
      match: { skus: ["TEA-1"] },
      tiers: [{ tier: 1, rateBp: 1500 }],
    });
    const gen = rule({
      name: "gen",
      tiers: [
        { tier: 1, rateBp: 100 },
        { tier: 2, rateBp: 50 },
      ],
    });
    const earners: Earner[] = [
      { tier: 1, level: null },
      { tier: 2, level: null },
      { tier: 3, level: null },
    ];
    expect(summary([sku, gen], { earners })).toEqual([
      [1, "sku", 1500],
      [2, "gen", 50],
    ]);
  });

  it("a tier with no candidate earns nothing", () => {
    expect(pay([], { earners: [{ tier: 1, level: null }] })).toEqual([]);
    expect(pay([rule({ match: { skus: ["X"] } })])).toEqual([]);
  });

  it("a rate of 0 wins like any rule and pays nothing, so no row", () => {
    const none = rule({
      name: "none",
      match: { skus: ["TEA-1"] },
      tiers: [{ tier: 1, rateBp: 0 }],
    });
    const gen = rule({ name: "gen", tiers: [{ tier: 1, rateBp: 1000 }] });
    expect(summary([none, gen])).toEqual([]);
  });

  it("fixed amounts are per unit × quantity", () => {
    const fixed = rule({ name: "fixed", tiers: [{ tier: 1, fixedFen: 250 }] });
    expect(pay([fixed], { line: { quantity: 3 } })[0]).toMatchObject({
      kind: "fixed",
      fixedFen: 250,
      rateBp: null,
      amountFen: 750,
    });
  });

  it("percent floors each amount: 8.2% of ¥0.99 is 8 fen", () => {
    expect(
      summary([rule({ name: "p", tiers: [{ tier: 1, rateBp: 820 }] })], {
        line: { amountFen: 99 },
      }),
    ).toEqual([[1, "p", 8]]);
  });

  it("tiers come out ascending whatever order the earners arrive in", () => {
    const r = rule({
      name: "r",
      tiers: [
        { tier: 1, rateBp: 100 },
        { tier: 2, rateBp: 100 },
        { tier: 3, rateBp: 100 },
      ],
    });
    const earners: Earner[] = [
      { tier: 3, level: null },
      { tier: 1, level: null },
      { tier: 2, level: null },
    ];
    expect(pay([r], { earners }).map((c) => c.tier)).toEqual([1, 2, 3]);
  });
});

describe("stackable rules", () => {
  it("every matching stackable pays on top of the primary, each floored on its own", () => {
    const primary = rule({ name: "primary", tiers: [{ tier: 1, rateBp: 1000 }] });
    const bonusA = rule({
      name: "bonusA",
      stackable: true,
      match: { categories: ["tea"] },
      tiers: [{ tier: 1, rateBp: 550 }],
    });
    const bonusB = rule({
      name: "bonusB",
      stackable: true,
      match: { skus: ["TEA-1"] },
      tiers: [{ tier: 1, fixedFen: 7 }],
    });
    const elsewhere = rule({ name: "elsewhere", stackable: true, match: { channels: ["jd"] } });
    // 999 fen: 10% → 99 (99.9), 5.5% → 54 (54.945); together 15.5% would be 154, separately 153.
    expect(
      summary([bonusA, elsewhere, primary, bonusB], { line: { amountFen: 999, quantity: 2 } }),
    ).toEqual([
      [1, "primary", 99],
      [1, "bonusB", 14],
      [1, "bonusA", 54],
    ]);
  });

  it("stackables pay even when no primary rule pays", () => {
    const bonus = rule({ name: "bonus", stackable: true, tiers: [{ tier: 1, rateBp: 200 }] });
    expect(summary([bonus])).toEqual([[1, "bonus", 200]]);
    const zero = rule({
      name: "zero",
      match: { skus: ["TEA-1"] },
      tiers: [{ tier: 1, rateBp: 0 }],
    });
    expect(summary([zero, bonus])).toEqual([[1, "bonus", 200]]);
  });

  it("a stackable is never the primary, however specific or high its priority", () => {
    const bonus = rule({
      name: "bonus",
      stackable: true,
      priority: 1000,
      match: { skus: ["TEA-1"] },
      tiers: [{ tier: 1, rateBp: 100 }],
    });
    const gen = rule({ name: "gen", priority: -1000, tiers: [{ tier: 1, rateBp: 300 }] });
    expect(summary([bonus, gen])).toEqual([
      [1, "gen", 300],
      [1, "bonus", 100],
    ]);
  });
});

describe("commission rows", () => {
  it("carry the rule, version, terms and a trace of the line", () => {
    const r = rule({ name: "双11", version: 2, tiers: [{ tier: 1, rateBp: 820 }] });
    expect(pay([r])).toEqual([
      {
        tier: 1,
        ruleId: r.ruleId,
        ruleVersion: 2,
        kind: "percent",
        rateBp: 820,
        fixedFen: null,
        amountFen: 820,
        trace: {
          tier: 1,
          ruleId: r.ruleId,
          ruleName: "双11",
          version: 2,
          stackable: false,
          kind: "percent",
          rateBp: 820,
          baseFen: 10_000,
          quantity: 2,
        },
      },
    ]);
  });
});

describe("amountAfterRefund", () => {
  const percent = { kind: "percent" as const, rateBp: 820, fixedFen: null };
  const fixed = { kind: "fixed" as const, rateBp: null, fixedFen: 300 };

  it("recomputes percent on the remaining amount and fixed on the remaining units", () => {
    expect(amountAfterRefund(percent, { amountFen: 5_000, quantity: 2 })).toBe(410);
    expect(amountAfterRefund(fixed, { amountFen: 5_000, quantity: 1 })).toBe(300);
    expect(amountAfterRefund(fixed, { amountFen: 0, quantity: 0 })).toBe(0);
  });

  it("never rises as more is refunded, and is 0 on a full refund (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({
            kind: fc.constant("percent" as const),
            rateBp: fc.integer({ min: 0, max: 10_000 }),
            fixedFen: fc.constant(null),
          }),
          fc.record({
            kind: fc.constant("fixed" as const),
            rateBp: fc.constant(null),
            fixedFen: fc.integer({ min: 0, max: 100_000_000 }),
          }),
        ),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, amountFen, quantity, a, b) => {
          // Two refund states, the second at least as far along as the first.
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const state = (f: number) => ({
            amountFen: amountFen - Math.floor(amountFen * f),
            quantity: quantity - Math.floor(quantity * f),
          });
          const before = amountAfterRefund(c, state(lo));
          const after = amountAfterRefund(c, state(hi));
          expect(after).toBeLessThanOrEqual(before);
          expect(after).toBeGreaterThanOrEqual(0);
          expect(amountAfterRefund(c, { amountFen: 0, quantity: 0 })).toBe(0);
        },
      ),
    );
  });
});

describe("formatTrace", () => {
  const trace = {
    tier: 1 as const,
    ruleId: "r",
    ruleName: "双11",
    version: 2,
    stackable: false,
    kind: "percent" as const,
    rateBp: 820,
    baseFen: 10_000,
    quantity: 1,
  };
  const paid = { amountFen: 10_000, refundedFen: 0, refundedQuantity: 0 };

  it("says how the amount was computed", () => {
    expect(formatTrace(trace, paid, "en")).toBe("¥8.20 = 8.2% of ¥100.00, rule 双11 v2, tier 1");
    expect(formatTrace(trace, paid, "zh-CN")).toBe(
      "¥8.20 = ¥100.00 × 8.2%，规则「双11」v2，第 1 级",
    );
  });

  it("shows the remaining base after refunds", () => {
    const refunded = { amountFen: 10_000, refundedFen: 5_000, refundedQuantity: 0 };
    expect(formatTrace(trace, refunded, "en")).toBe(
      "¥4.10 = 8.2% of ¥50.00 (¥100.00 paid, ¥50.00 refunded), rule 双11 v2, tier 1",
    );
    expect(formatTrace(trace, refunded, "zh-CN")).toBe(
      "¥4.10 = ¥50.00 × 8.2%（实付 ¥100.00，已退 ¥50.00），规则「双11」v2，第 1 级",
    );
  });

  it("writes fixed amounts per unit, stackables as such, and large amounts with separators", () => {
    const fixed = {
      ...trace,
      kind: "fixed" as const,
      rateBp: undefined,
      fixedFen: 150_000,
      quantity: 3,
      stackable: true,
      tier: 2 as const,
    };
    const now = { amountFen: 9_000_000, refundedFen: 3_000_000, refundedQuantity: 1 };
    expect(formatTrace(fixed, { ...now, refundedQuantity: 0, refundedFen: 0 }, "en")).toBe(
      "¥4,500.00 = ¥1,500.00 × 3, rule 双11 v2 (stacked), tier 2",
    );
    expect(formatTrace(fixed, now, "en")).toBe(
      "¥3,000.00 = ¥1,500.00 × 2 (3 bought, 1 refunded), rule 双11 v2 (stacked), tier 2",
    );
    expect(formatTrace(fixed, now, "zh-CN")).toBe(
      "¥3,000.00 = ¥1,500.00 × 2 件（购买 3 件，已退 1 件），规则「双11」v2（叠加），第 2 级",
    );
  });
});

describe("explainLine", () => {
  it("lists every rule with whether it matched, why not, and which won", () => {
    const sku = rule({ name: "sku", match: { skus: ["TEA-1"], levels: ["S"] } });
    const cat = rule({
      name: "cat",
      priority: 5,
      match: { categories: ["tea"] },
      tiers: [{ tier: 1, rateBp: 300 }],
    });
    const gen = rule({ name: "gen", priority: 9, tiers: [{ tier: 1, rateBp: 100 }] });
    const tier2 = rule({ name: "tier2", tiers: [{ tier: 2, rateBp: 100 }] });
    const bonus = rule({
      name: "bonus",
      stackable: true,
      match: { channels: ["tmall"], hours: { from: 0, to: 6 } },
      tiers: [{ tier: 1, rateBp: 50 }],
    });
    const late = rule({
      name: "late",
      match: { until: "2025-01-01T00:00:00Z", from: "2024-01-01T00:00:00Z" },
    });
    const out = explainLine(prepareRules([gen, tier2, sku, bonus, cat, late]), SALE, LINE, {
      tier: 1,
      level: "A",
    });
    const byName = Object.fromEntries(out.map((e) => [e.name, e]));
    // Paid 12:00 Shanghai: the bonus's hours miss.
    expect(out.map((e) => e.name)).toEqual(["sku", "cat", "gen", "late", "bonus", "tier2"]);
    expect(byName.sku).toMatchObject({ outcome: "notMatched", reasons: ["level"], amountFen: 0 });
    expect(byName.cat).toMatchObject({
      outcome: "primary",
      matched: true,
      reasons: [],
      amountFen: 300,
      specificity: "category",
    });
    expect(byName.gen).toMatchObject({
      outcome: "outranked",
      outrankedBy: { name: "cat", because: "lessSpecific" },
      amountFen: 0,
    });
    expect(byName.bonus).toMatchObject({ outcome: "notMatched", reasons: ["hours"] });
    expect(byName.tier2).toMatchObject({
      outcome: "notMatched",
      reasons: ["noTierEntry"],
      pay: null,
    });
    expect(byName.late).toMatchObject({ outcome: "notMatched", reasons: ["notBeforeUntil"] });
  });

  it("names the ranking step that decided between equally specific rules", () => {
    const a = rule({ name: "a", priority: 1, createdAt: new Date(T0) });
    const b = rule({ name: "b", priority: 2, createdAt: new Date(T0) });
    const c = rule({ name: "c", priority: 2, createdAt: new Date(T0 - 1) });
    const d = rule({
      ruleId: "00000000-0000-7000-8000-000000000000",
      name: "d",
      priority: 2,
      createdAt: new Date(T0),
    });
    const out = explainLine(prepareRules([a, b, c, d]), SALE, LINE, { tier: 1, level: null });
    expect(out.map((e) => [e.name, e.outcome, e.outrankedBy?.because ?? null])).toEqual([
      ["b", "primary", null],
      ["d", "outranked", "tieBreak"],
      ["c", "outranked", "olderRule"],
      ["a", "outranked", "lowerPriority"],
    ]);
  });

  it("agrees with commissionsForLine on what pays (property)", () => {
    fc.assert(
      fc.property(ruleSetArb, saleArb, earnerArb, (rules, { sale, line }, earner) => {
        const set = prepareRules(rules);
        const paid = commissionsForLine(set, sale, line, [earner]).map((c) => [
          c.ruleId,
          c.amountFen,
        ]);
        const explained = explainLine(set, sale, line, earner)
          .filter((e) => (e.outcome === "primary" || e.outcome === "stacked") && e.amountFen > 0)
          .map((e) => [e.ruleId, e.amountFen]);
        expect(new Set(explained.map(String))).toEqual(new Set(paid.map(String)));
        expect(explained).toHaveLength(paid.length);
      }),
    );
  });
});

// Random rule sets over a small vocabulary, so conditions often collide.
const SKUS = ["A", "B", "C"];
const CATEGORIES = ["tea", "wine"];
const LEVELS = ["S", "A", "B"];
const CHANNELS = ["tmall", "jd"];
const optionalSubset = (values: string[]) =>
  fc.option(fc.subarray(values, { minLength: 1 }), { nil: undefined });
const matchArb: fc.Arbitrary<RuleMatch> = fc
  .record({
    skus: optionalSubset(SKUS),
    categories: optionalSubset(CATEGORIES),
    levels: optionalSubset(LEVELS),
    channels: optionalSubset(CHANNELS),
    hours: fc.option(
      fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 24 }))
        .filter(([f, t]) => f !== t)
        .map(([from, to]) => ({ from, to })),
      { nil: undefined },
    ),
    from: fc.option(fc.constantFrom("2025-01-01T00:00:00+08:00", "2025-06-01T00:00:00+08:00"), {
      nil: undefined,
    }),
    until: fc.option(fc.constantFrom("2025-06-01T12:00:00+08:00", "2026-01-01T00:00:00+08:00"), {
      nil: undefined,
    }),
  })
  .map(
    (m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as RuleMatch,
  );
const payArb: fc.Arbitrary<(tier: 1 | 2 | 3) => RuleTierPay> = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map((rateBp) => (tier: 1 | 2 | 3) => ({ tier, rateBp })),
  fc.integer({ min: 0, max: 10_000 }).map((fixedFen) => (tier: 1 | 2 | 3) => ({ tier, fixedFen })),
);
const ruleArb = fc.record({
  priority: fc.integer({ min: -2, max: 2 }),
  stackable: fc.boolean(),
  created: fc.integer({ min: 0, max: 3 }),
  match: matchArb,
  tiers: fc.uniqueArray(fc.constantFrom<1 | 2 | 3>(1, 2, 3), { minLength: 1, maxLength: 3 }),
  pay: payArb,
});
const ruleSetArb = fc.array(ruleArb, { maxLength: 12 }).map((rs) =>
  rs.map((r, i) =>
    rule({
      ruleId: `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`,
      name: `r${i}`,
      priority: r.priority,
      stackable: r.stackable,
      createdAt: new Date(T0 + r.created),
      match: r.match,
      tiers: r.tiers.map((t) => r.pay(t)),
    }),
  ),
);
const saleArb = fc.record({
  sale: fc.record({
    channel: fc.constantFrom(...CHANNELS),
    paidAt: fc.date({
      min: new Date("2024-12-01T00:00:00Z"),
      max: new Date("2026-02-01T00:00:00Z"),
      noInvalidDate: true,
    }),
  }),
  line: fc.record({
    sku: fc.constantFrom(...SKUS),
    category: fc.option(fc.constantFrom(...CATEGORIES), { nil: null }),
    quantity: fc.integer({ min: 1, max: 100 }),
    amountFen: fc.integer({ min: 0, max: 10_000_000_000 }),
  }),
});
const earnerArb: fc.Arbitrary<Earner> = fc.record({
  tier: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
  level: fc.option(fc.constantFrom(...LEVELS), { nil: null }),
});

describe("properties", () => {
  it("a percent commission is exactly floor(base × rate / 10000): never more, never negative", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amountFen, rateBp) => {
          const [c] = pay([rule({ tiers: [{ tier: 1, rateBp }] })], { line: { amountFen } });
          const exact = Number((BigInt(amountFen) * BigInt(rateBp)) / 10_000n);
          expect(c?.amountFen ?? 0).toBe(exact);
          expect(c?.amountFen ?? 0).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it("every commission is positive and within its rule's terms on the line", () => {
    fc.assert(
      fc.property(
        ruleSetArb,
        saleArb,
        fc.array(earnerArb, { maxLength: 3 }),
        (rules, { sale, line }, earners) => {
          for (const c of commissionsForLine(prepareRules(rules), sale, line, earners)) {
            expect(c.amountFen).toBeGreaterThan(0);
            if (c.kind === "percent")
              expect(BigInt(c.amountFen) * 10_000n).toBeLessThanOrEqual(
                BigInt(line.amountFen) * BigInt(c.rateBp!),
              );
            else expect(c.amountFen).toBe(c.fixedFen! * line.quantity);
          }
        },
      ),
    );
  });

  it("selection does not depend on the order rules are given in", () => {
    fc.assert(
      fc.property(
        ruleSetArb.chain((rules) =>
          fc.tuple(
            fc.constant(rules),
            fc.shuffledSubarray(rules, { minLength: rules.length, maxLength: rules.length }),
          ),
        ),
        saleArb,
        fc.array(earnerArb, { maxLength: 3 }),
        ([rules, shuffled], { sale, line }, earners) => {
          expect(commissionsForLine(prepareRules(shuffled), sale, line, earners)).toEqual(
            commissionsForLine(prepareRules(rules), sale, line, earners),
          );
        },
      ),
    );
  });
});
