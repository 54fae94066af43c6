import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labourTax, labourWithholding } from "./labour";
import { roundHalfUp } from "./rounding";

const yuan = (y: number) => Math.round(y * 100);

describe("labour remuneration (DOMAIN.md §6 vectors)", () => {
  it.each([
    [3_000, 440],
    [4_000, 640],
    [10_000, 1_600],
    [25_000, 4_000],
    [30_000, 5_200],
    [60_000, 12_400],
    [62_500, 13_000],
    [800, 0],
  ])("¥%i → ¥%i", (income, tax) => {
    expect(labourTax(yuan(income)).taxFen).toBe(yuan(tax));
  });

  it("the top bracket: ¥100,000 → 80,000 × 40% − 7,000 = ¥25,000", () => {
    expect(labourTax(yuan(100_000)).taxFen).toBe(yuan(25_000));
  });

  it("same month: three ¥1,500 payouts withhold 140, then 300, then 280 (720 in all)", () => {
    let priorIncomeFen = 0;
    let priorTaxFen = 0;
    const taxes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const w = labourWithholding({ incomeFen: yuan(1_500), priorIncomeFen, priorTaxFen });
      taxes.push(w.taxFen);
      priorIncomeFen += yuan(1_500);
      priorTaxFen += w.taxFen;
    }
    expect(taxes).toEqual([yuan(140), yuan(300), yuan(280)]);
    expect(priorTaxFen).toBe(yuan(720));
  });

  it("rounds the exact tax to the fen once, halves up", () => {
    // ¥4,000.03 → taxable 3,200.024 → 640.0048 → 64,000.48 fen → 64,000.
    expect(labourTax(400_003).taxFen).toBe(64_000);
    // ¥4,000.04 → 3,200.032 → 640.0064 → 64,000.64 fen → 64,001.
    expect(labourTax(400_004).taxFen).toBe(64_001);
    expect(labourTax(400_003).taxableFen).toBe("320002.4");
    // Just above ¥800: one fen of income, 0.2 fen of tax → 0.
    expect(labourTax(80_001).taxFen).toBe(0);
    expect(labourTax(80_003).taxFen).toBe(1); // 0.6 fen → 1
    expect(labourTax(0).taxFen).toBe(0);
  });

  it("roundHalfUp is floor(x + ½) for either sign", () => {
    expect(roundHalfUp(5n, 2n)).toBe(3n);
    expect(roundHalfUp(-5n, 2n)).toBe(-2n);
    expect(roundHalfUp(-7n, 2n)).toBe(-3n);
    expect(roundHalfUp(4n, 3n)).toBe(1n);
    expect(roundHalfUp(-4n, 3n)).toBe(-1n);
  });

  it("refuses fractional or negative fen (a caller's bug), not silently rounding", () => {
    expect(() => labourTax(1.5)).toThrow(/integer/);
    expect(() => labourTax(-1)).toThrow(/integer/);
    expect(() => labourWithholding({ incomeFen: 100, priorIncomeFen: 0, priorTaxFen: -1 })).toThrow(/priorTaxFen/);
  });

  it("tax never decreases as the month's income grows (so withholding is never negative)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000_000 }), fc.integer({ min: 0, max: 500_000 }), (a, d) => {
        expect(labourTax(a + d).taxFen).toBeGreaterThanOrEqual(labourTax(a).taxFen);
      }),
    );
  });

  it("property: splitting one month's income into any sequence of payouts withholds the same total as one payout", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3_000_000 }), { minLength: 1, maxLength: 12 }), (parts) => {
        let priorIncomeFen = 0;
        let priorTaxFen = 0;
        for (const incomeFen of parts) {
          const w = labourWithholding({ incomeFen, priorIncomeFen, priorTaxFen });
          expect(w.taxFen).toBeGreaterThanOrEqual(0);
          priorIncomeFen += incomeFen;
          priorTaxFen += w.taxFen;
        }
        const total = parts.reduce((s, p) => s + p, 0);
        expect(priorTaxFen).toBe(labourWithholding({ incomeFen: total, priorIncomeFen: 0, priorTaxFen: 0 }).taxFen);
      }),
      { numRuns: 500 },
    );
  });
});
