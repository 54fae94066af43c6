/**
 * Labour remuneration (劳务报酬) withholding, DOMAIN.md §6. Pure.
 *
 * Income from one source in one calendar month counts as one payment, so a payout's tax is the
 * tax on the month's income so far (this payout included) minus the tax already withheld this
 * month. Taxable = income − ¥800 when income ≤ ¥4,000, else income × 80%; on taxable:
 * ≤ ¥20,000 20%; ≤ ¥50,000 30% − ¥2,000; above, 40% − ¥7,000.
 *
 * Rounding: exact until the end, then to the fen, halves up (rounding.ts).
 */
import { assertFen, roundHalfUp, toFen } from "./rounding";

const DEDUCTION_FLAT_FEN = 80_000n; // ¥800
const FLAT_UNTIL_FEN = 400_000n; // ¥4,000

/** Brackets on taxable income (fen): up to `upToFen` inclusive, rate in percent, quick deduction. */
const BRACKETS: readonly { upToFen: bigint | null; ratePct: bigint; quickFen: bigint }[] = [
  { upToFen: 2_000_000n, ratePct: 20n, quickFen: 0n },
  { upToFen: 5_000_000n, ratePct: 30n, quickFen: 200_000n },
  { upToFen: null, ratePct: 40n, quickFen: 700_000n },
];

export interface LabourTaxTrace {
  incomeFen: number;
  /** Taxable income in fen, possibly with a fraction of a fen (income × 80%), as text "123.4". */
  taxableFen: string;
  ratePct: number;
  quickDeductionFen: number;
  taxFen: number;
}

/** Tax on one payment (a whole month's income from the brand) of `incomeFen`. */
export function labourTax(incomeFen: number): LabourTaxTrace {
  assertFen("incomeFen", incomeFen);
  const income = BigInt(incomeFen);
  // Taxable income ×5, so income × 80% (= income × 4 / 5) stays an integer.
  const taxable5 = income <= FLAT_UNTIL_FEN ? 5n * (income > DEDUCTION_FLAT_FEN ? income - DEDUCTION_FLAT_FEN : 0n) : 4n * income;
  const bracket = BRACKETS.find((b) => b.upToFen === null || taxable5 <= 5n * b.upToFen)!;
  // tax = taxable × rate% − quick = (taxable5 × rate − 500 × quick) / 500
  const raw = roundHalfUp(taxable5 * bracket.ratePct - 500n * bracket.quickFen, 500n);
  const tax = raw > 0n ? raw : 0n;
  return {
    incomeFen,
    taxableFen: fifths(taxable5),
    ratePct: Number(bracket.ratePct),
    quickDeductionFen: Number(bracket.quickFen),
    taxFen: toFen(tax),
  };
}

export interface LabourWithholding {
  /** Tax to withhold on this payout. */
  taxFen: number;
  /** The month's income including this payout. */
  monthIncomeFen: number;
  /** Tax on the month's income including this payout. */
  monthTaxFen: number;
  trace: LabourTaxTrace;
}

/**
 * The tax on a payout of `incomeFen` when the distributor was already paid `priorIncomeFen`
 * this month with `priorTaxFen` withheld. Never negative (an earlier over-withholding is not
 * refunded at payout; the annual reconciliation settles it).
 */
export function labourWithholding(a: { incomeFen: number; priorIncomeFen: number; priorTaxFen: number }): LabourWithholding {
  assertFen("incomeFen", a.incomeFen);
  assertFen("priorIncomeFen", a.priorIncomeFen);
  assertFen("priorTaxFen", a.priorTaxFen);
  const monthIncomeFen = a.priorIncomeFen + a.incomeFen;
  const trace = labourTax(monthIncomeFen);
  return { taxFen: Math.max(0, trace.taxFen - a.priorTaxFen), monthIncomeFen, monthTaxFen: trace.taxFen, trace };
}

/** n/5 fen as exact decimal text ("2400" or "2400.8"). */
export function fifths(n5: bigint): string {
  const whole = n5 / 5n;
  const rest = n5 % 5n;
  return rest === 0n ? whole.toString() : `${whole}.${rest * 2n}`;
}
