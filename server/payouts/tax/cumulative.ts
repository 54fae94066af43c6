/**
 * Cumulative withholding for internet platforms (SAT 2025 No. 16, 累计预扣法), DOMAIN.md §6. Pure.
 *
 *   cumulative taxable = cumulative income this year × 80% − ¥5,000 × continuous months
 *   cumulative tax     = cumulative taxable × rate − quick deduction   (table below)
 *   this payout's tax  = cumulative tax − tax already withheld this year   (never below 0)
 *
 * "Continuous months" is decided by the caller (compute.ts, which documents what counts as a
 * month in which the distributor earned); this file only does the arithmetic.
 * Rounding: exact until the end, then to the fen, halves up (rounding.ts).
 */
import { assertFen, roundHalfUp, toFen } from "./rounding";
import { fifths } from "./labour";

export const MONTHLY_DEDUCTION_FEN = 500_000; // ¥5,000

/** The cumulative withholding table (个人所得税预扣率表一), thresholds on cumulative taxable income. */
const TABLE: readonly { upToFen: bigint | null; ratePct: bigint; quickFen: bigint }[] = [
  { upToFen: 3_600_000n, ratePct: 3n, quickFen: 0n },
  { upToFen: 14_400_000n, ratePct: 10n, quickFen: 252_000n },
  { upToFen: 30_000_000n, ratePct: 20n, quickFen: 1_692_000n },
  { upToFen: 42_000_000n, ratePct: 25n, quickFen: 3_192_000n },
  { upToFen: 66_000_000n, ratePct: 30n, quickFen: 5_292_000n },
  { upToFen: 96_000_000n, ratePct: 35n, quickFen: 8_592_000n },
  { upToFen: null, ratePct: 45n, quickFen: 18_192_000n },
];

export interface CumulativeInput {
  /** Income already paid this year under this method (before this payout). */
  priorIncomeFen: number;
  /** Tax already withheld this year under this method. */
  priorTaxFen: number;
  /** This payout's gross income. */
  incomeFen: number;
  /** Months of this year up to the current one in which the distributor continuously earned (≥ 1). */
  months: number;
}

export interface CumulativeWithholding {
  taxFen: number;
  cumulativeIncomeFen: number;
  months: number;
  deductionFen: number;
  /** Exact decimal text; negative means below the deduction (no tax). */
  taxableFen: string;
  ratePct: number;
  quickDeductionFen: number;
  cumulativeTaxFen: number;
}

export function cumulativeWithholding(a: CumulativeInput): CumulativeWithholding {
  assertFen("incomeFen", a.incomeFen);
  assertFen("priorIncomeFen", a.priorIncomeFen);
  assertFen("priorTaxFen", a.priorTaxFen);
  if (!Number.isInteger(a.months) || a.months < 1 || a.months > 12) throw new RangeError(`months must be 1–12, got ${a.months}`);
  const cumulativeIncomeFen = a.priorIncomeFen + a.incomeFen;
  const deduction = BigInt(MONTHLY_DEDUCTION_FEN) * BigInt(a.months);
  // ×5 keeps income × 80% an integer.
  const taxable5 = 4n * BigInt(cumulativeIncomeFen) - 5n * deduction;
  let ratePct = 0n;
  let quick = 0n;
  let cumulativeTax = 0n;
  if (taxable5 > 0n) {
    const row = TABLE.find((r) => r.upToFen === null || taxable5 <= 5n * r.upToFen)!;
    ratePct = row.ratePct;
    quick = row.quickFen;
    const raw = roundHalfUp(taxable5 * row.ratePct - 500n * row.quickFen, 500n);
    cumulativeTax = raw > 0n ? raw : 0n;
  }
  const cumulativeTaxFen = toFen(cumulativeTax);
  return {
    taxFen: Math.max(0, cumulativeTaxFen - a.priorTaxFen),
    cumulativeIncomeFen,
    months: a.months,
    deductionFen: toFen(deduction),
    taxableFen: taxable5 < 0n ? `-${fifths(-taxable5)}` : fifths(taxable5),
    ratePct: Number(ratePct),
    quickDeductionFen: toFen(quick),
    cumulativeTaxFen,
  };
}

/**
 * The length of the run of consecutive earning months that ends at `currentMonth` (1–12),
 * within this year: `earnedMonths` are month numbers (1–12) in which the distributor earned,
 * the current month counting as earned (the payout being taxed is income in it).
 * e.g. earned in 1, 2, 4, 5 and now 6 → 3 (4, 5, 6): a gap restarts the count.
 */
export function continuousMonths(earnedMonths: Iterable<number>, currentMonth: number): number {
  if (!Number.isInteger(currentMonth) || currentMonth < 1 || currentMonth > 12) throw new RangeError(`month must be 1–12, got ${currentMonth}`);
  const earned = new Set(earnedMonths);
  earned.add(currentMonth);
  let n = 0;
  for (let m = currentMonth; m >= 1 && earned.has(m); m--) n++;
  return n;
}
