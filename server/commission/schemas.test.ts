import { ORDER_CHANNELS } from "@/db/kinds";
import { describe, expect, it } from "vitest";
import { ruleInputSchema, simulateInputSchema } from "./schemas";

const valid = { name: "双11", tiers: [{ tier: 1, rateBp: 820 }] };

/** {path: message key} of a failed parse, as the services report them (the first per path). */
function fieldsOf(input: unknown) {
  const r = ruleInputSchema.safeParse(input);
  const out: Record<string, string> = {};
  if (!r.success) for (const i of r.error.issues) out[i.path.join(".")] ??= i.message;
  return out;
}

describe("ruleInputSchema", () => {
  it("fills defaults, trims, deduplicates, sorts tiers and leaves out absent conditions", () => {
    const out = ruleInputSchema.parse({
      name: "  双11  ",
      match: { skus: [" A ", "B", "A"], channels: ["jd", "jd"], from: undefined },
      tiers: [
        { tier: 2, fixedFen: 100 },
        { tier: 1, rateBp: 820 },
      ],
    });
    expect(out).toEqual({
      name: "双11",
      priority: 0,
      stackable: false,
      match: { skus: ["A", "B"], channels: ["jd"] },
      tiers: [
        { tier: 1, rateBp: 820 },
        { tier: 2, fixedFen: 100 },
      ],
    });
    expect(ruleInputSchema.parse(valid).match).toEqual({});
  });

  it("accepts the whole contract: times with offsets, wrapping hours, every channel", () => {
    const out = ruleInputSchema.parse({
      ...valid,
      priority: -1000,
      stackable: true,
      match: {
        categories: ["tea"],
        levels: ["S"],
        channels: [...ORDER_CHANNELS],
        from: "2025-11-11T00:00:00+08:00",
        until: "2025-11-12T00:00:00Z",
        hours: { from: 22, to: 2 },
      },
      tiers: [
        { tier: 3, rateBp: 0 },
        { tier: 1, rateBp: 10_000 },
        { tier: 2, fixedFen: 100_000_000 },
      ],
    });
    expect(out.match.hours).toEqual({ from: 22, to: 2 });
    expect(out.tiers.map((t) => t.tier)).toEqual([1, 2, 3]);
  });

  it("names each bad field with a stable key", () => {
    expect(fieldsOf({ ...valid, name: "  " })).toEqual({ name: "name.required" });
    expect(fieldsOf({ ...valid, name: "x".repeat(101) })).toEqual({ name: "name.tooLong" });
    expect(fieldsOf({ ...valid, priority: 1001 })).toEqual({ priority: "priority.invalid" });
    expect(fieldsOf({ ...valid, priority: 1.5 })).toEqual({ priority: "priority.invalid" });
    expect(fieldsOf({ ...valid, tiers: [] })).toEqual({ tiers: "tiers.required" });
    expect(fieldsOf({ name: "x" })).toEqual({ tiers: "tiers.required" });
    expect(
      fieldsOf({ ...valid, tiers: [1, 2, 3, 1].map((tier) => ({ tier, rateBp: 1 })) }),
    ).toEqual({ tiers: "tiers.tooMany" });
    expect(
      fieldsOf({
        ...valid,
        tiers: [
          { tier: 1, rateBp: 1 },
          { tier: 1, fixedFen: 1 },
        ],
      }),
    ).toEqual({ "tiers.1.tier": "tiers.duplicate" });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 4, rateBp: 1 }] })).toEqual({
      "tiers.0.tier": "tier.invalid",
    });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 1, rateBp: 1, fixedFen: 1 }] })).toEqual({
      "tiers.0.rateBp": "tier.payOne",
    });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 1 }] })).toEqual({
      "tiers.0.rateBp": "tier.payOne",
    });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 1, rateBp: 10_001 }] })).toEqual({
      "tiers.0.rateBp": "rateBp.invalid",
    });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 1, rateBp: 8.5 }] })).toEqual({
      "tiers.0.rateBp": "rateBp.invalid",
    });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 1, fixedFen: -1 }] })).toEqual({
      "tiers.0.fixedFen": "fixedFen.invalid",
    });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 1, fixedFen: 100_000_001 }] })).toEqual({
      "tiers.0.fixedFen": "fixedFen.invalid",
    });
  });

  it("refuses unknown fields by name, on the rule and on a tier, rather than dropping them", () => {
    expect(fieldsOf({ ...valid, enabled: false })).toEqual({ "": "rule.unknownField" });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 1, rate_bp: 820 }] })).toEqual({
      "tiers.0": "tier.unknownField",
      "tiers.0.rateBp": "tier.payOne",
    });
    expect(fieldsOf({ ...valid, tiers: [{ tier: 1, rateBp: 820, extra: 1 }] })).toEqual({
      "tiers.0": "tier.unknownField",
    });
  });

  it("checks every match condition", () => {
    const match = (m: unknown) => fieldsOf({ ...valid, match: m });
    expect(match({ skus: [] })).toEqual({ "match.skus": "skus.empty" });
    expect(match({ sku: ["A"] })).toEqual({ match: "match.unknownField" });
    expect(match("tea")).toEqual({ match: "match.invalid" });
    expect(match({ skus: ["A", " "] })).toEqual({ "match.skus.1": "skus.itemRequired" });
    expect(match({ skus: Array.from({ length: 501 }, (_, i) => `S${i}`) })).toEqual({
      "match.skus": "skus.tooMany",
    });
    expect(match({ categories: ["x".repeat(61)] })).toEqual({
      "match.categories.0": "categories.itemTooLong",
    });
    expect(match({ levels: [] })).toEqual({ "match.levels": "levels.empty" });
    expect(match({ channels: ["ebay"] })).toEqual({ "match.channels.0": "channels.unknown" });
    expect(match({ from: "2025-11-11" })).toEqual({ "match.from": "from.invalid" });
    expect(match({ until: "2025-11-11T00:00:00" })).toEqual({ "match.until": "until.invalid" });
    expect(match({ from: "2025-11-12T00:00:00+08:00", until: "2025-11-11T16:00:00Z" })).toEqual({
      "match.until": "until.notAfterFrom",
    });
    expect(match({ hours: { from: 24, to: 2 } })).toEqual({
      "match.hours.from": "hours.fromRange",
    });
    expect(match({ hours: { from: 0, to: 0 } })).toEqual({ "match.hours.to": "hours.toRange" });
    expect(match({ hours: { from: 5, to: 5 } })).toEqual({ "match.hours.to": "hours.empty" });
    expect(match({ hours: { from: 5, to: 25 } })).toEqual({ "match.hours.to": "hours.toRange" });
  });
});

describe("simulateInputSchema", () => {
  it("takes a sample order with ISO or Date paid time and defaults the locale", () => {
    const out = simulateInputSchema.parse({
      channel: "tmall",
      paidAt: "2025-11-11T00:30:00+08:00",
      items: [{ sku: " TEA-1 ", category: "", quantity: 1, amountFen: 100 }],
      earners: { by: "levels", levels: ["S", null] },
    });
    expect(out.paidAt).toEqual(new Date("2025-11-10T16:30:00Z"));
    expect(out.items[0]).toEqual({ sku: "TEA-1", category: null, quantity: 1, amountFen: 100 });
    expect(out.locale).toBe("zh-CN");
    expect(simulateInputSchema.safeParse({ ...out, paidAt: "2025-11-11" }).success).toBe(false);
    expect(simulateInputSchema.safeParse({ ...out, items: [] }).success).toBe(false);
  });
});
