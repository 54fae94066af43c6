/**
 * Commission arithmetic on integer fen and basis points (DESIGN.md "Money and the ledger").
 * Pure and exact: no floating-point result ever reaches money.
 */

const BP_PER_UNIT = 10_000;
const BIG_BP_PER_UNIT = BigInt(BP_PER_UNIT);

/**
 * `floor(baseFen × rateBp / 10000)`, exactly.
 *
 * While the product stays within 2^53 it is an exact double; subtracting the remainder leaves
 * a multiple of 10000, whose quotient the division returns exactly, so no rounding argument is
 * needed. (Bases up to 10^10 fen at 10^4 bp give products up to 10^14, far inside.) Beyond
 * 2^53 (a base above ~9 × 10^11 fen at 100%) the product itself would be rounded, so it goes
 * through BigInt; the result is at most the base and always fits back into a safe integer.
 */
export function percentOf(baseFen: number, rateBp: number): number {
  assertAmount(baseFen, "baseFen");
  if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > BP_PER_UNIT) {
    throw new RangeError(`rateBp must be an integer in 0..10000, got ${rateBp}`);
  }
  const product = baseFen * rateBp;
  if (Number.isSafeInteger(product)) return (product - (product % BP_PER_UNIT)) / BP_PER_UNIT;
  return Number((BigInt(baseFen) * BigInt(rateBp)) / BIG_BP_PER_UNIT);
}

/** A fixed amount per unit times the units; refuses a total that would not be exact. */
export function fixedTimes(fixedFen: number, quantity: number): number {
  assertAmount(fixedFen, "fixedFen");
  assertAmount(quantity, "quantity");
  const total = fixedFen * quantity;
  if (!Number.isSafeInteger(total))
    throw new RangeError(`fixed commission overflows: ${fixedFen} × ${quantity}`);
  return total;
}

function assertAmount(n: number, name: string) {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`${name} must be a non-negative safe integer, got ${n}`);
}
