import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketRanges, SETTLEMENT_BUCKETS } from "./buckets";

const counts = fc.uniqueArray(fc.record({ bucket: fc.integer({ min: 0, max: SETTLEMENT_BUCKETS - 1 }), n: fc.integer({ min: 0, max: 500 }) }), {
    selector: (c) => c.bucket,
  });

describe("bucketRanges", () => {
  it("packs consecutive buckets up to the limit", () => {
    const ranges = bucketRanges(
      [
        { bucket: 3, n: 40 },
        { bucket: 0, n: 30 },
        { bucket: 1, n: 0 },
        { bucket: 2, n: 30 },
        { bucket: 5, n: 250 },
        { bucket: 6, n: 1 },
      ],
      100,
    );
    expect(ranges).toEqual([
      { from: 0, to: 3 },
      { from: 5, to: 5 },
      { from: 6, to: 6 },
    ]);
  });

  it("covers every bucket with something due exactly once, in disjoint ranges within the limit unless one bucket is larger", () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 1_000 }), (cs, limit) => {
        const ranges = bucketRanges(cs, limit);
        const due = cs.filter((c) => c.n > 0);
        const of = (b: number) => ranges.filter((r) => r.from <= b && b <= r.to).length;
        for (const c of due) expect(of(c.bucket)).toBe(1);
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.from).toBeGreaterThan(ranges[i - 1]!.to);
        for (const r of ranges) {
          const inside = due.filter((c) => r.from <= c.bucket && c.bucket <= r.to);
          expect(inside.length).toBeGreaterThan(0);
          const total = inside.reduce((s, c) => s + c.n, 0);
          if (inside.length > 1) expect(total).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });
});
