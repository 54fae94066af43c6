/** The rule simulator on a real database: real chains, statuses, levels, products and settings. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { changeStatus, updateProfile } from "@/server/network/distributors";
import { createLevel } from "@/server/network/levels";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { createProduct } from "@/server/promotion/products";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { createBrandFixture } from "@/server/testing/fixtures";
import { appErrorOf } from "@/server/testing/outcomes";
import { createRule } from "./rules";
import { simulate, type SimulatedLine } from "./simulate";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** A brand with chain A→B→C→D (D sells), levels S and A, and the DOMAIN.md §1 rates. */
async function brand(commissionLevels: 1 | 2 | 3) {
  const b = await createBrandFixture(t, "Sim Brand");
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(t.db, b.tenantId, fn);
  const people = await chain(t.db, b.tenantId, ["A", "B", "C", "D"]);
  await run(async (tx) => {
    await updateProgramSettings(tx, ADMIN, {
      commissionLevels,
      afterSalesDays: 7,
      bindingMode: "lock",
      bindingLockDays: 30,
    });
    const s = await createLevel(tx, ADMIN, {
      name: "S",
      rank: 2,
      minGmvFen: null,
      minOrders: null,
      minDirectCustomers: null,
    });
    await createLevel(tx, ADMIN, {
      name: "A",
      rank: 1,
      minGmvFen: null,
      minOrders: null,
      minDirectCustomers: null,
    });
    await updateProfile(tx, ADMIN, people[2]!.id, { role: "distributor", levelId: s.id });
    await createRule(tx, ADMIN, {
      name: "base",
      tiers: [
        { tier: 1, rateBp: 1000 },
        { tier: 2, rateBp: 500 },
        { tier: 3, rateBp: 200 },
      ],
    });
  });
  return { ...b, run, people };
}

const order = {
  channel: "tmall" as const,
  paidAt: new Date("2025-06-01T04:00:00Z"),
  items: [{ sku: "TEA-1", quantity: 1, amountFen: 10_000 }],
};
/** [tier, distributor name, level, ineligible, total] per tier of a line. */
const tiersOf = (line: SimulatedLine) =>
  line.tiers.map((x) => [x.tier, x.distributor?.name ?? null, x.level, x.ineligible, x.totalFen]);

describe("simulate", () => {
  it("pays D, C, B 1000 / 500 / 200 fen on ¥100 with three levels (DOMAIN.md §1)", async () => {
    const b = await brand(3);
    const out = await b.run((tx) =>
      simulate(tx, { ...order, earners: { by: "distributor", code: b.people[3]!.code } }),
    );
    expect(out.commissionLevels).toBe(3);
    expect(tiersOf(out.lines[0]!)).toEqual([
      [1, "D", null, null, 1000],
      [2, "C", "S", null, 500],
      [3, "B", null, null, 200],
    ]);
    expect(out.totals).toEqual([
      { tier: 1, totalFen: 1000 },
      { tier: 2, totalFen: 500 },
      { tier: 3, totalFen: 200 },
    ]);
    expect(out.lines[0]!.tiers[0]!.commissions[0]!.traceText).toBe(
      "¥10.00 = ¥100.00 × 10%，规则「base」v1，第 1 级",
    );
  });

  it("with two levels tier 3 is beyond the brand's levels and earns nothing", async () => {
    const b = await brand(2);
    const out = await b.run((tx) =>
      simulate(tx, {
        ...order,
        locale: "en",
        earners: { by: "distributor", code: b.people[3]!.code.toLowerCase() },
      }),
    );
    expect(tiersOf(out.lines[0]!)).toEqual([
      [1, "D", null, null, 1000],
      [2, "C", "S", null, 500],
      [3, "B", null, "beyondLevels", 0],
    ]);
    expect(out.lines[0]!.tiers[1]!.commissions[0]!.traceText).toBe(
      "¥5.00 = 5% of ¥100.00, rule base v1, tier 2",
    );
  });

  it("a frozen earner gets nothing and nothing is passed up", async () => {
    const b = await brand(3);
    await b.run((tx) =>
      changeStatus(tx, ADMIN, { id: b.people[2]!.id, status: "frozen", reason: "checking" }),
    );
    const out = await b.run((tx) =>
      simulate(tx, { ...order, earners: { by: "distributor", code: b.people[3]!.code } }),
    );
    expect(tiersOf(out.lines[0]!)).toEqual([
      [1, "D", null, null, 1000],
      [2, "C", "S", "inactive", 0],
      [3, "B", null, null, 200],
    ]);
  });

  it("explains each rule per tier, uses the chain's levels and the product's category", async () => {
    const b = await brand(3);
    await b.run(async (tx) => {
      await createProduct(tx, ADMIN, {
        sku: "TEA-1",
        name: "龙井",
        category: "tea",
        priceFen: 10_000,
      });
      await createRule(tx, ADMIN, {
        name: "tea for S",
        match: { categories: ["tea"], levels: ["S"] },
        tiers: [{ tier: 2, rateBp: 800 }],
      });
    });
    const out = await b.run((tx) =>
      simulate(tx, {
        ...order,
        items: [
          ...order.items,
          { sku: "NEW-1", quantity: 1, amountFen: 10_000 },
          { sku: "TEA-1", category: "gift", quantity: 1, amountFen: 10_000 },
        ],
        earners: { by: "distributor", code: b.people[3]!.code },
      }),
    );
    const [tea, unknown, given] = out.lines;
    expect([
      tea!.category,
      tea!.categorySource,
      unknown!.category,
      unknown!.categorySource,
      given!.category,
      given!.categorySource,
    ]).toEqual(["tea", "product", null, "none", "gift", "given"]);
    // C (tier 2) is level S: the category rule beats the generic one there.
    expect(tiersOf(tea!).map((x) => x[4])).toEqual([1000, 800, 200]);
    const why = tea!.tiers[1]!.explanation.map((e) => [
      e.name,
      e.outcome,
      e.reasons,
      e.outrankedBy?.because ?? null,
    ]);
    expect(why).toEqual([
      ["tea for S", "primary", [], null],
      ["base", "outranked", [], "lessSpecific"],
    ]);
    expect(tea!.tiers[0]!.explanation.map((e) => [e.name, e.outcome, e.reasons])).toEqual([
      ["tea for S", "notMatched", ["noTierEntry", "level"]],
      ["base", "primary", []],
    ]);
    expect(tiersOf(unknown!).map((x) => x[4])).toEqual([1000, 500, 200]);
  });

  it("takes a made-up chain of levels, which must be the brand's", async () => {
    const b = await brand(3);
    await b.run((tx) =>
      createRule(tx, ADMIN, {
        name: "S bonus",
        stackable: true,
        match: { levels: ["S"] },
        tiers: [{ tier: 1, fixedFen: 50 }],
      }),
    );
    const out = await b.run((tx) =>
      simulate(tx, { ...order, earners: { by: "levels", levels: ["S", null] } }),
    );
    expect(tiersOf(out.lines[0]!)).toEqual([
      [1, null, "S", null, 1050],
      [2, null, null, null, 500],
    ]);
    expect(
      out.lines[0]!.tiers[0]!.commissions.map((c) => [c.ruleName, c.stackable, c.amountFen]),
    ).toEqual([
      ["base", false, 1000],
      ["S bonus", true, 50],
    ]);
    const bad = await appErrorOf(
      b.run((tx) => simulate(tx, { ...order, earners: { by: "levels", levels: ["S", "Z"] } })),
    );
    expect([bad.code, bad.fields]).toEqual([
      "UNPROCESSABLE",
      { "earners.levels.1": "levels.unknown" },
    ]);
  });

  it("an unknown distributor code (or another brand's) is not found, on the code field", async () => {
    const a = await brand(3);
    const other = await brand(3);
    for (const code of ["NOPE99", other.people[0]!.code]) {
      const err = await appErrorOf(
        a.run((tx) => simulate(tx, { ...order, earners: { by: "distributor", code } })),
      );
      expect([err.code, err.fields]).toEqual([
        "NOT_FOUND",
        { "earners.code": "distributorCode.notFound" },
      ]);
    }
  });
});
