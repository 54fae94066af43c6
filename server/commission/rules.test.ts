/** The rules service on a real database (PGlite, or Postgres with TEST_DATABASE_URL). */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database, Tx } from "@/db/client";
import { auditLogs, commissionRuleVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createLevel } from "@/server/network/levels";
import { ADMIN } from "@/server/network/test-helpers";
import { createBrandFixture } from "@/server/testing/fixtures";
import { appErrorOf } from "@/server/testing/outcomes";
import { commissionsForLine, prepareRules } from "./engine";
import {
  createRule,
  getRule,
  listRules,
  loadActiveRules,
  reviseRule,
  setRuleEnabled,
} from "./rules";
import type { RuleInput } from "./schemas";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function brand() {
  const b = await createBrandFixture(t, "Rules Brand");
  const actor = { type: "staff" as const, id: b.ownerUserId };
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(t.db, b.tenantId, fn);
  await run(async (tx) => {
    for (const [name, rank] of [
      ["S", 3],
      ["A", 2],
    ] as const) {
      await createLevel(tx, ADMIN, {
        name,
        rank,
        minGmvFen: null,
        minOrders: null,
        minDirectCustomers: null,
      });
    }
  });
  return { ...b, actor, run };
}

const double11: RuleInput = {
  name: "双11",
  priority: 5,
  match: {
    categories: ["tea"],
    from: "2025-11-11T00:00:00+08:00",
    until: "2025-11-12T00:00:00+08:00",
  },
  tiers: [
    { tier: 1, rateBp: 820 },
    { tier: 2, rateBp: 300 },
  ],
};

async function auditOf(run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, ruleId: string) {
  return run((tx) =>
    tx
      .select({ action: auditLogs.action, actorId: auditLogs.actorId, data: auditLogs.data })
      .from(auditLogs)
      .where(and(eq(auditLogs.targetType, "commission_rule"), eq(auditLogs.targetId, ruleId)))
      .orderBy(auditLogs.id),
  );
}

describe("rules and versions", () => {
  it("create writes the rule and version 1, audited with what it set", async () => {
    const b = await brand();
    const rule = await b.run((tx) => createRule(tx, b.actor, double11));
    expect(rule).toMatchObject({
      enabled: true,
      version: 1,
      name: "双11",
      priority: 5,
      stackable: false,
      match: double11.match,
      tiers: double11.tiers,
      disabledAt: null,
    });
    const log = await auditOf(b.run, rule.id);
    expect(log).toEqual([
      {
        action: "rule.created",
        actorId: b.ownerUserId,
        data: {
          name: "双11",
          version: 1,
          changes: {
            name: [null, "双11"],
            priority: [null, 5],
            stackable: [null, false],
            "match.categories": [null, ["tea"]],
            "match.from": [null, "2025-11-11T00:00:00+08:00"],
            "match.until": [null, "2025-11-12T00:00:00+08:00"],
            tiers: [null, double11.tiers],
          },
        },
      },
    ]);
  });

  it("revise writes version n+1, keeps the old one, and audits the diff; the same definition again writes nothing", async () => {
    const b = await brand();
    const rule = await b.run((tx) => createRule(tx, b.actor, double11));
    const revised = await b.run((tx) =>
      reviseRule(tx, b.actor, rule.id, {
        ...double11,
        match: { ...double11.match, levels: ["S"] },
        tiers: [{ tier: 1, rateBp: 1000 }],
      }),
    );
    expect(revised).toMatchObject({ id: rule.id, version: 2, tiers: [{ tier: 1, rateBp: 1000 }] });
    expect(revised.createdAt).toEqual(rule.createdAt);
    const again = await b.run((tx) =>
      reviseRule(tx, b.actor, rule.id, {
        ...double11,
        match: { ...double11.match, levels: ["S"] },
        tiers: [{ tier: 1, rateBp: 1000 }],
      }),
    );
    expect(again.version).toBe(2);

    const versions = await b.run((tx) =>
      tx
        .select()
        .from(commissionRuleVersions)
        .where(eq(commissionRuleVersions.ruleId, rule.id))
        .orderBy(commissionRuleVersions.version),
    );
    expect(versions.map((v) => [v.version, v.tiers])).toEqual([
      [1, double11.tiers],
      [2, [{ tier: 1, rateBp: 1000 }]],
    ]);
    const log = await auditOf(b.run, rule.id);
    expect(log.map((l) => l.action)).toEqual(["rule.created", "rule.revised"]);
    expect(log[1]!.data).toEqual({
      name: "双11",
      version: 2,
      previousVersion: 1,
      changes: {
        "match.levels": [null, ["S"]],
        tiers: [double11.tiers, [{ tier: 1, rateBp: 1000 }]],
      },
    });
  });

  it("getRule returns the history newest first, with who wrote each version and what changed", async () => {
    const b = await brand();
    const rule = await b.run((tx) => createRule(tx, b.actor, double11));
    await b.run((tx) =>
      reviseRule(tx, { type: "api", id: "key-1" }, rule.id, { ...double11, name: "双十一" }),
    );
    const got = await b.run((tx) => getRule(tx, rule.id));
    expect(got).toMatchObject({ id: rule.id, version: 2, name: "双十一" });
    expect(got.versions.map((v) => [v.version, v.actor, v.changes])).toEqual([
      [2, { type: "api", id: "key-1", name: null }, { name: ["双11", "双十一"] }],
      [
        1,
        { type: "staff", id: b.ownerUserId, name: "Rules Brand Owner" },
        expect.objectContaining({ name: [null, "双11"] }),
      ],
    ]);
  });

  it("disable and enable are audited once each and decide what loadActiveRules returns", async () => {
    const b = await brand();
    const rule = await b.run((tx) => createRule(tx, b.actor, double11));
    const off = await b.run((tx) => setRuleEnabled(tx, b.actor, rule.id, false));
    expect(off).toMatchObject({ enabled: false, version: 1 });
    expect(off.disabledAt).toBeInstanceOf(Date);
    await b.run((tx) => setRuleEnabled(tx, b.actor, rule.id, false));
    expect(await b.run((tx) => loadActiveRules(tx))).toEqual([]);
    const on = await b.run((tx) => setRuleEnabled(tx, b.actor, rule.id, true));
    expect(on).toMatchObject({ enabled: true, disabledAt: null });
    expect((await b.run((tx) => loadActiveRules(tx))).map((r) => r.ruleId)).toEqual([rule.id]);
    const log = await auditOf(b.run, rule.id);
    expect(log.map((l) => [l.action, l.data])).toEqual([
      ["rule.created", expect.anything()],
      ["rule.disabled", { name: "双11", version: 1 }],
      ["rule.enabled", { name: "双11", version: 1 }],
    ]);
  });

  it("refuses bad input with field keys, and level names the brand does not have", async () => {
    const b = await brand();
    const bad = await appErrorOf(
      b.run((tx) => createRule(tx, b.actor, { ...double11, name: "", tiers: [] })),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fields).toEqual({ name: "name.required", tiers: "tiers.required" });
    const level = await appErrorOf(
      b.run((tx) => createRule(tx, b.actor, { ...double11, match: { levels: ["S", "Z"] } })),
    );
    expect(level.code).toBe("UNPROCESSABLE");
    expect(level.fields).toEqual({ "match.levels": "levels.unknown" });
    expect(level.message).toContain("Z");
    const rule = await b.run((tx) => createRule(tx, b.actor, double11));
    const revise = await appErrorOf(
      b.run((tx) => reviseRule(tx, b.actor, rule.id, { ...double11, match: { levels: ["Q"] } })),
    );
    expect(revise.code).toBe("UNPROCESSABLE");
    expect(revise.fields).toEqual({ "match.levels": "levels.unknown" });
    expect((await b.run((tx) => getRule(tx, rule.id))).version).toBe(1);
  });

  it("another brand's rule (or a made-up id) is not found", async () => {
    const a = await brand();
    const other = await brand();
    const rule = await a.run((tx) => createRule(tx, a.actor, double11));
    for (const id of [rule.id, "00000000-0000-7000-8000-000000000000", "not-a-uuid"]) {
      expect((await appErrorOf(other.run((tx) => getRule(tx, id)))).code).toBe("NOT_FOUND");
      expect(
        (await appErrorOf(other.run((tx) => reviseRule(tx, other.actor, id, double11)))).code,
      ).toBe("NOT_FOUND");
      expect(
        (await appErrorOf(other.run((tx) => setRuleEnabled(tx, other.actor, id, false)))).code,
      ).toBe("NOT_FOUND");
    }
    expect(await other.run((tx) => loadActiveRules(tx))).toEqual([]);
    expect((await other.run((tx) => listRules(tx, {}))).total).toBe(0);
    expect((await a.run((tx) => getRule(tx, rule.id))).enabled).toBe(true);
  });
});

describe("listRules", () => {
  it("pages newest change first, filters by enabled, and searches names, SKUs and categories", async () => {
    const b = await brand();
    const ids: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const r = await b.run((tx) =>
        createRule(tx, b.actor, {
          name: i % 2 ? `茶叶 ${i}` : `Wine 100% ${i}`,
          match: i % 3 ? { skus: [`SKU-${i}`] } : { categories: ["gift"] },
          tiers: [{ tier: 1, rateBp: i }],
        }),
      );
      ids.push(r.id);
    }
    await b.run((tx) => setRuleEnabled(tx, b.actor, ids[0]!, false));
    const page1 = await b.run((tx) => listRules(tx, { page: 1, pageSize: 5 }));
    expect(page1.total).toBe(12);
    // Disabling rule 1 touched it last.
    expect(page1.items.map((r) => r.name)).toEqual([
      "茶叶 1",
      "Wine 100% 12",
      "茶叶 11",
      "Wine 100% 10",
      "茶叶 9",
    ]);
    const page3 = await b.run((tx) => listRules(tx, { page: 3, pageSize: 5 }));
    expect(page3.items.map((r) => r.name)).toEqual(["茶叶 3", "Wine 100% 2"]);
    expect((await b.run((tx) => listRules(tx, { enabled: false }))).items.map((r) => r.id)).toEqual(
      [ids[0]],
    );
    expect((await b.run((tx) => listRules(tx, { enabled: true }))).total).toBe(11);
    expect((await b.run((tx) => listRules(tx, { search: "茶叶" }))).total).toBe(6);
    expect((await b.run((tx) => listRules(tx, { search: "100%" }))).total).toBe(6);
    expect((await b.run((tx) => listRules(tx, { search: "%" }))).total).toBe(6);
    expect(
      (await b.run((tx) => listRules(tx, { search: "SKU-5" }))).items.map((r) => r.name),
    ).toEqual(["茶叶 5"]);
    expect((await b.run((tx) => listRules(tx, { search: "gift" }))).total).toBe(4);
  });
});

describe("loadActiveRules", () => {
  it("returns enabled rules at their current version, with the rule's creation time, in one statement", async () => {
    const b = await brand();
    const first = await b.run((tx) => createRule(tx, b.actor, double11));
    const second = await b.run((tx) =>
      createRule(tx, b.actor, { name: "base", tiers: [{ tier: 1, fixedFen: 100 }] }),
    );
    const off = await b.run((tx) =>
      createRule(tx, b.actor, { name: "off", tiers: [{ tier: 1, rateBp: 1 }] }),
    );
    await b.run((tx) => setRuleEnabled(tx, b.actor, off.id, false));
    await b.run((tx) =>
      reviseRule(tx, b.actor, first.id, {
        ...double11,
        stackable: true,
        match: { ...double11.match, hours: { from: 22, to: 2 } },
      }),
    );

    const { rules, statements } = await b.run(async (tx) => {
      const execute = vi.spyOn(tx, "execute");
      const select = vi.spyOn(tx, "select");
      const loaded = await loadActiveRules(tx);
      return { rules: loaded, statements: execute.mock.calls.length + select.mock.calls.length };
    });
    expect(statements).toBe(1);
    const byName = new Map(rules.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(["base", "双11"]);
    expect(byName.get("双11")).toEqual({
      ruleId: first.id,
      version: 2,
      name: "双11",
      priority: 5,
      stackable: true,
      createdAt: new Date(Math.floor(first.createdAt.getTime())),
      match: { ...double11.match, hours: { from: 22, to: 2 } },
      tiers: double11.tiers,
    });
    expect(byName.get("base")).toMatchObject({
      ruleId: second.id,
      version: 1,
      tiers: [{ tier: 1, fixedFen: 100 }],
      match: {},
    });
    expect(byName.get("base")!.createdAt.getTime()).toBeGreaterThanOrEqual(
      first.createdAt.getTime(),
    );
  });

  it("feeds the engine: a tea order paid on 11.11 at 23:00 Shanghai pays 8.2% + the fixed base", async () => {
    const b = await brand();
    await b.run((tx) => createRule(tx, b.actor, { ...double11, stackable: true }));
    await b.run((tx) =>
      createRule(tx, b.actor, { name: "base", tiers: [{ tier: 1, fixedFen: 100 }] }),
    );
    const rules = prepareRules(await b.run((tx) => loadActiveRules(tx)));
    const out = commissionsForLine(
      rules,
      { channel: "tmall", paidAt: new Date("2025-11-11T15:00:00Z") },
      { sku: "TEA-1", category: "tea", quantity: 2, amountFen: 10_000 },
      [{ tier: 1, level: null }],
    );
    expect(out.map((c) => [c.trace.ruleName, c.amountFen])).toEqual([
      ["base", 200],
      ["双11", 820],
    ]);
  });
});
