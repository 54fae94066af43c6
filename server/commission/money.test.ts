import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixedTimes, percentOf } from "./money";

const exact = (base: number, bp: number) => Number((BigInt(base) * BigInt(bp)) / 10_000n);

describe("percentOf", () => {
  it("floors: 8.2% of 99 fen is 8, 10% of 999 is 99, 0% of anything is 0", () => {
    expect(percentOf(99, 820)).toBe(8);
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(123_456, 0)).toBe(0);
    expect(percentOf(123_456, 10_000)).toBe(123_456);
  });

  it("stays exact where base × rate no longer fits a double", () => {
    // 639,147,839,169,231 × 3,303 ≈ 2.1 × 10^18: as a double the product is rounded and the
    // naive floor comes out one fen too high.
    const [base, bp] = [639_147_839_169_231, 3_303];
    expect(Math.floor((base * bp) / 10_000)).toBe(211_110_531_277_597);
    expect(percentOf(base, bp)).toBe(211_110_531_277_596);
    expect(percentOf(base, bp)).toBe(exact(base, bp));
  });

  it("equals the BigInt computation for every safe base and rate (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 10_000_000_000 }), fc.maxSafeNat()),
        fc.integer({ min: 0, max: 10_000 }),
        (base, bp) => {
          expect(percentOf(base, bp)).toBe(exact(base, bp));
        },
      ),
    );
  });

  it("refuses what is not money: negative, fractional, or a rate outside 0..10000", () => {
    expect(() => percentOf(-1, 100)).toThrow(RangeError);
    expect(() => percentOf(1.5, 100)).toThrow(RangeError);
    expect(() => percentOf(100, 10_001)).toThrow(RangeError);
    expect(() => percentOf(100, 0.5)).toThrow(RangeError);
  });
});

describe("fixedTimes", () => {
  it("multiplies per-unit fen by units and refuses an inexact total", () => {
    expect(fixedTimes(250, 3)).toBe(750);
    expect(fixedTimes(0, 3)).toBe(0);
    expect(() => fixedTimes(100_000_000, 100_000_000_000)).toThrow(RangeError);
    expect(() => fixedTimes(100, -1)).toThrow(RangeError);
  });
});
