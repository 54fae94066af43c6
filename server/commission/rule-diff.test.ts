import { describe, expect, it } from "vitest";
import { diffRules, type RuleDefinitionLike } from "./rule-diff";

const base: RuleDefinitionLike = {
  name: "双11",
  priority: 0,
  stackable: false,
  match: { skus: ["A", "B"], from: "2025-11-11T00:00:00+08:00", hours: { from: 22, to: 2 } },
  tiers: [{ tier: 1, rateBp: 820 }],
};

describe("diffRules", () => {
  it("names each changed field with before and after; absent conditions read as null", () => {
    expect(
      diffRules(base, {
        ...base,
        priority: 3,
        match: { ...base.match, channels: ["jd"], hours: undefined },
      }),
    ).toEqual({
      priority: [0, 3],
      "match.channels": [null, ["jd"]],
      "match.hours": [{ from: 22, to: 2 }, null],
    });
    expect(diffRules(null, base)).toEqual({
      name: [null, "双11"],
      priority: [null, 0],
      stackable: [null, false],
      "match.skus": [null, ["A", "B"]],
      "match.from": [null, "2025-11-11T00:00:00+08:00"],
      "match.hours": [null, { from: 22, to: 2 }],
      tiers: [null, [{ tier: 1, rateBp: 820 }]],
    });
  });

  it("sees no change in list order, key order (as jsonb returns it) or another spelling of the same instant", () => {
    const same: RuleDefinitionLike = {
      ...base,
      match: {
        skus: ["B", "A"],
        from: "2025-11-10T16:00:00Z",
        hours: { to: 2, from: 22 },
      },
      tiers: [{ rateBp: 820, tier: 1 }],
    };
    expect(diffRules(base, same)).toEqual({});
  });

  it("tells a rate from a fixed amount of the same number", () => {
    expect(diffRules(base, { ...base, tiers: [{ tier: 1, fixedFen: 820 }] })).toEqual({
      tiers: [[{ tier: 1, rateBp: 820 }], [{ tier: 1, fixedFen: 820 }]],
    });
  });
});
