/**
 * The nightly detection over real ingested orders: a planted device farm and a 3-ring become
 * one case each; a rerun adds nothing; a grown cluster updates its open case; the cross-brand
 * platform function lists only brands with recent orders; the job functions run it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { distributorWithPhone, plantDeviceFarm, plantRing } from "../testing";
import { detectAll, tenantsWithRecentOrders } from "./run";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

interface CaseRow {
  kind: string;
  status: string;
  n_members: number;
  n_distributors: number;
  rules: { code: string; evidence: Record<string, unknown> }[];
  amount_fen: string | number;
}
const cases = async (tenantId: string) =>
  rowsOf<CaseRow>(
    await withTenant(t.db, tenantId, (tx) =>
      tx.execute(sql`select kind::text, status::text, cardinality(member_ids) as n_members, cardinality(distributor_ids) as n_distributors, rules, amount_fen
        from risk_cases where kind in ('cluster', 'ring') order by kind, opened_at`),
    ),
  );

describe("nightly detection", () => {
  it("finds a planted device farm and a 3-ring, once, and grows the farm's case instead of opening another", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1 });
    await addRule(t, tenantId, FLAT_RULE);
    const D = await distributorWithPhone(t, tenantId, "Farmer");
    const [X, Y, Z] = [await distributorWithPhone(t, tenantId, "X"), await distributorWithPhone(t, tenantId, "Y"), await distributorWithPhone(t, tenantId, "Z")];
    const honest = await distributorWithPhone(t, tenantId, "Honest");
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await plantDeviceFarm(t, tenantId, D.code, 4, "farm-device", tenDaysAgo);
    await plantRing(t, tenantId, [X, Y, Z], tenDaysAgo);
    // Honest traffic: a household of two on one address, and buyers on their own devices.
    await ingest(t, tenantId, [
      orderInput({ referralCode: honest.code, shippingAddress: { province: "浙江省", city: "杭州市", detail: "文一西路 1 号", phone: "13700000001" } }),
      orderInput({ referralCode: honest.code, shippingAddress: { province: "浙江省", city: "杭州市", detail: "文一西路 1 号", phone: "13700000002" } }),
      ...Array.from({ length: 5 }, (_, i) => orderInput({ referralCode: honest.code, device: { id: `own-${i}` } })),
    ]);
    // Outside the 90-day window: a farm from long ago is not tonight's business.
    await plantDeviceFarm(t, tenantId, honest.code, 3, "old-farm", new Date(Date.now() - 120 * 86_400_000).toISOString());

    const first = await detectAll(t.db, { tenantId });
    expect(first).toMatchObject({ tenants: 1, clusters: 1, rings: 1, opened: 2, updated: 0, failures: [] });
    let found = await cases(tenantId);
    expect(found.map((c) => [c.kind, c.status, c.n_members, c.n_distributors])).toEqual([
      ["cluster", "open", 4, 1],
      ["ring", "open", 3, 3],
    ]);
    expect(found[0]!.rules[0]).toMatchObject({ code: "cluster", evidence: { members: 4, distributorCodes: [D.code], shared: [{ kind: "device", members: 4 }] } });
    expect(Number(found[0]!.amount_fen)).toBe(4 * 1000);
    expect((found[1]!.rules[0]!.evidence.cycle as string[]).sort()).toEqual([X.code, Y.code, Z.code].sort());
    expect(Number(found[1]!.amount_fen)).toBe(3 * 1000);
    expect(JSON.stringify(found)).not.toContain("farm-device");

    // Re-run: nothing new.
    expect(await detectAll(t.db, { tenantId })).toMatchObject({ clusters: 1, rings: 1, opened: 0, updated: 0 });
    expect(await cases(tenantId)).toHaveLength(2);

    // The farm grows by one buyer: its open case is updated, not duplicated.
    await plantDeviceFarm(t, tenantId, D.code, 1, "farm-device", tenDaysAgo);
    expect(await detectAll(t.db, { tenantId })).toMatchObject({ opened: 0, updated: 1 });
    found = await cases(tenantId);
    expect(found.map((c) => [c.kind, c.n_members])).toEqual([["cluster", 5], ["ring", 3]]);
  });

  it("switched-off rules raise nothing; brands are listed only with orders in the window, each detected inside its own", async () => {
    const a = await moneyBrand(t);
    const b = await moneyBrand(t);
    const A1 = await distributorWithPhone(t, a, "A1");
    const A2 = await distributorWithPhone(t, a, "A2");
    await plantRing(t, a, [A1, A2]);
    const since = new Date(Date.now() - 90 * 86_400_000);
    const listed = await tenantsWithRecentOrders(t.db, since);
    expect(listed).toContain(a);
    expect(listed).not.toContain(b);
    await withTenant(t.db, a, (tx) => tx.execute(sql`insert into risk_rule_settings (tenant_id, rule, enabled, action) values (${a}, 'ring', false, 'review')`));
    expect(await detectAll(t.db, { tenantId: a })).toMatchObject({ rings: 0, opened: 0 });
    await withTenant(t.db, a, (tx) => tx.execute(sql`update risk_rule_settings set enabled = true where rule = 'ring'`));
    expect(await detectAll(t.db, { tenantId: a })).toMatchObject({ rings: 1, opened: 1 });
    expect(await cases(b)).toEqual([]);
  });
});

describe("risk-detection job", () => {
  it("the Inngest cron function runs the detection across brands", async () => {
    const { InngestTestEngine } = await import("@inngest/test");
    const { createJobFunctions } = await import("@/server/jobs/functions");
    const fn = createJobFunctions(() => Promise.resolve(t.db)).find((f) => f.id() === "risk-detection")!;
    const tenantId = await moneyBrand(t);
    const P = await distributorWithPhone(t, tenantId, "P");
    const Q = await distributorWithPhone(t, tenantId, "Q");
    await plantRing(t, tenantId, [P, Q]);
    const { result } = await new InngestTestEngine({ function: fn as never }).execute();
    expect(result).toMatchObject({ failures: 0 });
    expect((result as { opened: number }).opened).toBeGreaterThanOrEqual(1);
    expect((await cases(tenantId)).map((c) => c.kind)).toEqual(["ring"]);
  });
});
