/**
 * Money arithmetic for tax (DOMAIN.md §6): integer fen only, never floating point.
 *
 * Rounding rule (one place, one rule): every step of a computation is kept EXACT as a ratio of
 * integers (BigInt, so a product never loses precision), and the tax is rounded ONCE, at the
 * end, to the nearest fen, half a fen rounding up (四舍五入 — the rule the tax bureau's own
 * calculators use). Tax is never negative. Because the tax on a month (or a year, cumulative
 * method) is always "tax on the total so far, rounded once, minus what was already withheld",
 * rounding never accumulates across payouts: any split of the same income withholds the same
 * total to the fen (tested with fast-check in labour.test.ts / cumulative.test.ts).
 */

/** numerator / denominator (denominator > 0), rounded to the nearest integer, halves up. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("roundHalfUp: denominator must be positive");
  // floor((2n + d) / 2d) — exact for negative numerators too (halves go towards +∞).
  const twice = 2n * numerator + denominator;
  const q = twice / (2n * denominator);
  // BigInt division truncates towards zero: correct it to floor for negative values.
  return twice < 0n && twice % (2n * denominator) !== 0n ? q - 1n : q;
}

/** Checks a fen amount is a non-negative safe integer; a caller's bug otherwise, so it throws. */
export function assertFen(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer number of fen, got ${v}`);
}

/** A bigint fen amount back to number, checking it still fits. */
export function toFen(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError("tax amount out of range");
  return n;
}
