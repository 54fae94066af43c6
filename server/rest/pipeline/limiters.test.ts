import { describe, expect, it } from "vitest";
import { InFlightLimiter } from "./concurrency";
import { TokenBuckets } from "./rate-limit";

describe("TokenBuckets", () => {
  it("allows a burst, then refills at the rate, per key", () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([buckets.take("a"), buckets.take("a"), buckets.take("a")]).toEqual([null, null, null]);
    expect(buckets.take("a")).toBe(1); // one token takes 0.5 s at 2/s: retry after 1 s
    expect(buckets.take("b")).toBeNull();
    now += 500;
    expect(buckets.take("a")).toBeNull();
    expect(buckets.take("a")).toBe(1);
    now += 10_000; // refills to the burst, no further
    expect([buckets.take("a"), buckets.take("a"), buckets.take("a"), buckets.take("a")]).toEqual([null, null, null, 1]);
  });

  it("says how long to wait at a slow rate", () => {
    const buckets = new TokenBuckets(0.1, 1, () => 0);
    buckets.take("k");
    expect(buckets.take("k")).toBe(10);
  });
});

describe("InFlightLimiter", () => {
  it("admits up to max per key and frees a place on release (once)", () => {
    const limiter = new InFlightLimiter(2);
    const r1 = limiter.acquire("k")!;
    const r2 = limiter.acquire("k")!;
    expect(limiter.acquire("k")).toBeNull();
    expect(limiter.acquire("other")).not.toBeNull();
    r1();
    r1();
    expect(limiter.inFlight("k")).toBe(1);
    expect(limiter.acquire("k")).not.toBeNull();
    r2();
  });
});
