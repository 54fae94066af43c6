import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { continuousMonths, cumulativeWithholding } from "./cumulative";

const yuan = (y: number) => Math.round(y * 100);

describe("cumulative withholding (SAT 2025 No. 16, DOMAIN.md §6)", () => {
  it.each([
    [3_000, 0],
    [10_000, 90],
    [30_000, 570],
    [60_000, 1_780],
  ])("month one: ¥%i → ¥%i", (income, tax) => {
    expect(cumulativeWithholding({ priorIncomeFen: 0, priorTaxFen: 0, incomeFen: yuan(income), months: 1 }).taxFen).toBe(yuan(tax));
  });

  it("continuous months: ¥10,000 in each of January–March withholds 90, 90, 90; a gap restarts the months", () => {
    let priorIncomeFen = 0;
    let priorTaxFen = 0;
    const earned: number[] = [];
    const taxes: number[] = [];
    for (const month of [1, 2, 3]) {
      const months = continuousMonths(earned, month);
      expect(months).toBe(month);
      const w = cumulativeWithholding({ priorIncomeFen, priorTaxFen, incomeFen: yuan(10_000), months });
      taxes.push(w.taxFen);
      priorIncomeFen += yuan(10_000);
      priorTaxFen += w.taxFen;
      earned.push(month);
    }
    // Jan: 8,000 − 5,000 = 3,000 × 3% = 90; Feb: 16,000 − 10,000 = 6,000 → 180 − 90 = 90; Mar: 270 − 180 = 90.
    expect(taxes).toEqual([yuan(90), yuan(90), yuan(90)]);
    // Nothing in April; May: the run is May alone (1 month), cumulative income is the year's:
    // 40,000 × 80% − 5,000 = 27,000 × 3% = 810 − 270 withheld = 540.
    const months = continuousMonths(earned, 5);
    expect(months).toBe(1);
    const may = cumulativeWithholding({ priorIncomeFen, priorTaxFen, incomeFen: yuan(10_000), months });
    expect(may.taxFen).toBe(yuan(540));
    expect(may.cumulativeTaxFen).toBe(yuan(810));
  });

  it("crosses into the 10% row with the quick deduction: two months of ¥30,000 → 570 then 1,310", () => {
    const jan = cumulativeWithholding({ priorIncomeFen: 0, priorTaxFen: 0, incomeFen: yuan(30_000), months: 1 });
    // Feb: 60,000 × 80% − 10,000 = 38,000 × 10% − 2,520 = 1,280 cumulative → 1,280 − 570 = 710.
    const feb = cumulativeWithholding({ priorIncomeFen: yuan(30_000), priorTaxFen: jan.taxFen, incomeFen: yuan(30_000), months: 2 });
    expect(jan.taxFen).toBe(yuan(570));
    expect(feb.cumulativeTaxFen).toBe(yuan(1_280));
    expect(feb.taxFen).toBe(yuan(710));
  });

  it("below the deduction: nothing withheld, and an earlier over-withholding is never refunded at payout", () => {
    const w = cumulativeWithholding({ priorIncomeFen: yuan(1_000), priorTaxFen: yuan(50), incomeFen: yuan(1_000), months: 2 });
    expect(w.taxFen).toBe(0);
    expect(w.taxableFen.startsWith("-")).toBe(true);
  });

  it("continuousMonths counts the run ending at the current month", () => {
    expect(continuousMonths([], 1)).toBe(1);
    expect(continuousMonths([1, 2, 4, 5], 6)).toBe(3);
    expect(continuousMonths([1, 2, 3], 3)).toBe(3);
    expect(continuousMonths([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 12)).toBe(12);
    expect(() => continuousMonths([], 13)).toThrow(/1–12/);
  });

  it("refuses bad input", () => {
    expect(() => cumulativeWithholding({ priorIncomeFen: 0, priorTaxFen: 0, incomeFen: 1.5, months: 1 })).toThrow(/integer/);
    expect(() => cumulativeWithholding({ priorIncomeFen: 0, priorTaxFen: 0, incomeFen: 1, months: 0 })).toThrow(/months/);
  });

  it("property: within one month, any split of the month's income withholds the same total as one payout", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (parts, months, earlierIncome) => {
          // Earlier months' income, withheld in one go.
          const base = cumulativeWithholding({ priorIncomeFen: 0, priorTaxFen: 0, incomeFen: earlierIncome, months: Math.max(1, months - 1) });
          let priorIncomeFen = earlierIncome;
          let priorTaxFen = earlierIncome ? base.taxFen : 0;
          const start = priorTaxFen;
          for (const incomeFen of parts) {
            const w = cumulativeWithholding({ priorIncomeFen, priorTaxFen, incomeFen, months });
            priorIncomeFen += incomeFen;
            priorTaxFen += w.taxFen;
          }
          const total = parts.reduce((s, p) => s + p, 0);
          const once = cumulativeWithholding({ priorIncomeFen: earlierIncome, priorTaxFen: start, incomeFen: total, months });
          expect(priorTaxFen - start).toBe(once.taxFen);
        },
      ),
      { numRuns: 500 },
    );
  });
});
