import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  beijingLocalToIso,
  emptyForm,
  formFieldOf,
  formToInput,
  isoToBeijingLocal,
  percentToBp,
  ruleToForm,
  splitList,
  type RuleLike,
} from "./form-values";

describe("percentToBp", () => {
  it("reads percent with up to two decimals exactly", () => {
    expect(percentToBp("8.2")).toBe(820);
    expect(percentToBp("8.25%")).toBe(825);
    expect(percentToBp("0.01")).toBe(1);
    expect(percentToBp("100")).toBe(10_000);
    expect(percentToBp("0")).toBe(0);
    // 0.29 × 100 is 28.999999999999996 as a float; string parsing gives 29.
    expect(percentToBp("0.29")).toBe(29);
    for (const bad of ["100.01", "8.255", "-1", "", "abc", "1e2"])
      expect(percentToBp(bad)).toBeNull();
  });

  it("round-trips every rate (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => {
        const form = ruleToForm({
          name: "r",
          priority: 0,
          stackable: false,
          match: {},
          tiers: [{ tier: 1, rateBp: bp }],
        });
        expect(percentToBp(form.tiers[0].value)).toBe(bp);
      }),
    );
  });
});

describe("Beijing time", () => {
  it("shows an instant on the Beijing clock and reads typed times as Beijing time", () => {
    expect(isoToBeijingLocal("2025-11-10T16:00:00Z")).toBe("2025-11-11T00:00");
    expect(isoToBeijingLocal("2025-11-11T00:00:00+08:00")).toBe("2025-11-11T00:00");
    expect(beijingLocalToIso("2025-11-11T00:00")).toBe("2025-11-11T00:00:00+08:00");
    expect(beijingLocalToIso("2025-11-11")).toBeNull();
  });
});

describe("splitList", () => {
  it("splits on lines and commas (either width), trims and drops blanks", () => {
    expect(splitList(" A-1 \nB-2, C-3，D-4;\n\n")).toEqual(["A-1", "B-2", "C-3", "D-4"]);
  });
});

describe("form ⇄ input", () => {
  const rule: RuleLike = {
    name: "双11",
    priority: -3,
    stackable: true,
    match: {
      skus: ["A", "B"],
      categories: ["tea"],
      levels: ["S"],
      channels: ["jd"],
      from: "2025-11-11T00:00:00+08:00",
      until: "2025-11-12T00:00:00+08:00",
      hours: { from: 22, to: 2 },
    },
    tiers: [
      { tier: 1, rateBp: 820 },
      { tier: 3, fixedFen: 150 },
    ],
  };

  it("edits a rule into the same input", () => {
    const form = ruleToForm(rule);
    expect(form.tiers).toEqual([
      { mode: "percent", value: "8.2" },
      { mode: "none", value: "" },
      { mode: "fixed", value: "1.50" },
    ]);
    expect(formToInput(form)).toEqual({ ok: true, input: rule });
  });

  it("names the fields it cannot convert", () => {
    const form = emptyForm();
    form.priority = "1.5";
    form.tiers[0] = { mode: "percent", value: "8.333" };
    form.tiers[1] = { mode: "fixed", value: "1.234" };
    form.from = "2025-11";
    expect(formToInput(form)).toEqual({
      ok: false,
      errors: {
        priority: "priority.invalid",
        "tiers.0.value": "form.percent",
        "tiers.1.value": "form.yuan",
        from: "from.invalid",
      },
    });
  });

  it("sends no conditions and no tiers for an empty form; the server then names the tiers", () => {
    const form = emptyForm();
    form.tiers[0] = { mode: "none", value: "" };
    expect(formToInput(form)).toEqual({
      ok: true,
      input: { name: "", priority: 0, stackable: false, match: {}, tiers: [] },
    });
  });
});

describe("formFieldOf", () => {
  const sent = [
    { tier: 2 as const, rateBp: 1 },
    { tier: 3 as const, fixedFen: 1 },
  ];
  it("puts server errors on the field they belong to", () => {
    expect(formFieldOf("name", sent)).toBe("name");
    expect(formFieldOf("tiers", sent)).toBe("tiersAll");
    expect(formFieldOf("tiers.0.rateBp", sent)).toBe("tiers.1.value");
    expect(formFieldOf("tiers.1.tier", sent)).toBe("tiers.2.value");
    expect(formFieldOf("match.skus.3", sent)).toBe("skus");
    expect(formFieldOf("match.levels", sent)).toBe("levels");
    expect(formFieldOf("match.until", sent)).toBe("until");
    expect(formFieldOf("match.hours.to", sent)).toBe("hoursTo");
    expect(formFieldOf("match.hours", sent)).toBe("hoursFrom");
    expect(formFieldOf("match", sent)).toBeNull();
    expect(formFieldOf("body", sent)).toBeNull();
  });
});
