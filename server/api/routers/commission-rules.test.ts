/** The console's rules procedures: who may call them, and what reaches the client. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import type { AppError } from "@/server/errors";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import { outcomeOf, trpcErrorOf } from "@/server/testing/outcomes";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const staffWithRole = async (b: { tenantId: string; slug: string; ownerUserId: string }, role: "finance" | "operator") =>
  (await staffInRole(t, b, role)).caller;

const sample = {
  channel: "tmall" as const,
  paidAt: new Date("2025-11-11T02:00:00Z"),
  items: [{ sku: "TEA-1", category: "tea", quantity: 1, amountFen: 10_000 }],
  earners: { by: "levels" as const, levels: [null, null] },
};

describe("commissionRules procedures", () => {
  it("create → revise (new version) → get with history → simulate → disable", async () => {
    const b = await createBrandFixture(t, "Rules Router");
    const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
    const created = await caller.commissionRules.create({
      name: " 双11 ",
      tiers: [{ tier: 1, rateBp: 820 }],
    });
    expect(created).toMatchObject({
      name: "双11",
      version: 1,
      priority: 0,
      stackable: false,
      match: {},
      enabled: true,
    });
    const revised = await caller.commissionRules.revise({
      id: created.id,
      name: "双11",
      match: { categories: ["tea"] },
      tiers: [
        { tier: 1, rateBp: 1000 },
        { tier: 2, fixedFen: 50 },
      ],
    });
    expect(revised.version).toBe(2);
    const detail = await caller.commissionRules.get({ id: created.id });
    expect(detail.versions.map((v) => [v.version, v.actor.name, Object.keys(v.changes)])).toEqual([
      [2, "Rules Router Owner", ["match.categories", "tiers"]],
      [1, "Rules Router Owner", ["name", "priority", "stackable", "tiers"]],
    ]);
    const sim = await caller.commissionRules.simulate({ ...sample, locale: "en" });
    expect(sim.lines[0]!.tiers.map((x) => x.commissions.map((c) => c.traceText))).toEqual([
      ["¥10.00 = 10% of ¥100.00, rule 双11 v2, tier 1"],
      ["¥0.50 = ¥0.50 × 1, rule 双11 v2, tier 2"],
    ]);
    expect(
      await caller.commissionRules.setEnabled({ id: created.id, enabled: false }),
    ).toMatchObject({ enabled: false });
    expect((await caller.commissionRules.list({ enabled: true })).total).toBe(0);
    expect((await caller.commissionRules.simulate(sample)).lines[0]!.tiers[0]!.commissions).toEqual(
      [],
    );
  });

  it("refuses bad input with the schema's and the service's field keys (the form's messages)", async () => {
    const b = await createBrandFixture(t, "Rules Errors");
    const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
    const invalid = await trpcErrorOf(
      caller.commissionRules.create({
        name: "x",
        match: { hours: { from: 3, to: 3 } },
        tiers: [{ tier: 1, rateBp: 1, fixedFen: 1 }],
      }),
    );
    expect(invalid.code).toBe("BAD_REQUEST");
    expect(invalid.cause).toBeInstanceOf(ZodError);
    expect((invalid.cause as ZodError).issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["match.hours.to", "hours.empty"],
      ["tiers.0.rateBp", "tier.payOne"],
    ]);
    const level = await trpcErrorOf(
      caller.commissionRules.create({
        name: "x",
        match: { levels: ["S"] },
        tiers: [{ tier: 1, rateBp: 1 }],
      }),
    );
    expect(level.code).toBe("UNPROCESSABLE_CONTENT");
    expect((level.cause as AppError).fields).toEqual({ "match.levels": "levels.unknown" });
  });

  it("need rules.manage: operators may, finance may not", async () => {
    const b = await createBrandFixture(t, "Rules Roles");
    const { caller: owner } = await staffCaller(t, b.ownerUserId, b.tenantId);
    const rule = await owner.commissionRules.create({ name: "r", tiers: [{ tier: 1, rateBp: 1 }] });
    const operator = await staffWithRole(b, "operator");
    expect(
      await outcomeOf(
        operator.commissionRules.revise({
          id: rule.id,
          name: "r2",
          tiers: [{ tier: 1, rateBp: 2 }],
        }),
      ),
    ).toBe("ok");
    const finance = await staffWithRole(b, "finance");
    for (const call of [
      () => finance.commissionRules.list({}),
      () => finance.commissionRules.get({ id: rule.id }),
      () => finance.commissionRules.create({ name: "f", tiers: [{ tier: 1, rateBp: 1 }] }),
      () =>
        finance.commissionRules.revise({ id: rule.id, name: "f", tiers: [{ tier: 1, rateBp: 1 }] }),
      () => finance.commissionRules.setEnabled({ id: rule.id, enabled: false }),
      () => finance.commissionRules.simulate(sample),
    ]) {
      expect(await outcomeOf(call())).toBe("FORBIDDEN");
    }
    expect((await owner.commissionRules.get({ id: rule.id })).name).toBe("r2");
  });
});
