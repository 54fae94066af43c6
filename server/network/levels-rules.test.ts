import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateLevel, type LevelRule } from "./levels-rules";

const B: LevelRule = { id: "B", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: null };
const A: LevelRule = { id: "A", rank: 2, minGmvFen: 100_000_00, minOrders: 50, minDirectCustomers: null };
const S: LevelRule = { id: "S", rank: 3, minGmvFen: 500_000_00, minOrders: null, minDirectCustomers: 100 };
const levels = [S, B, A];

describe("level evaluation", () => {
  it("picks the highest level whose conditions are all met", () => {
    expect(evaluateLevel(levels, { gmvFen: 0, orderCount: 0, directCustomerCount: 0 }, null)?.id).toBe("B");
    expect(evaluateLevel(levels, { gmvFen: 100_000_00, orderCount: 50, directCustomerCount: 0 }, null)?.id).toBe("A");
    expect(evaluateLevel(levels, { gmvFen: 500_000_00, orderCount: 10, directCustomerCount: 99 }, null)?.id).toBe("B");
    expect(evaluateLevel(levels, { gmvFen: 500_000_00, orderCount: 10, directCustomerCount: 100 }, null)?.id).toBe("S");
  });

  it("never demotes unless the brand enables demotion (property)", () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1000), fc.nat(1000), fc.constantFrom(A, S, B), (gmv, orders, customers, current) => {
        const f = { gmvFen: gmv, orderCount: orders, directCustomerCount: customers };
        expect(evaluateLevel(levels, f, current)!.rank).toBeGreaterThanOrEqual(current.rank);
        expect(evaluateLevel(levels, f, current, true)?.rank ?? 0).toBeLessThanOrEqual(3);
      }),
    );
  });
});
