/**
 * The console's order settlement procedures through tRPC: every staff role with orders.read
 * lists and opens orders and commissions (their declared outputs hold), inputs are bounded, and
 * the rule filter's options need no rules.manage.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, orderInput, sendEvent } from "@/server/orders/testing";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { staffInRole } from "@/server/testing/staff-roles";
import { updateProgramSettings } from "@/server/tenancy/settings";

let t: Database;
let brand: Awaited<ReturnType<typeof createBrandFixture>>;
let owner: Awaited<ReturnType<typeof staffCaller>>["caller"];
const o = orderInput({ externalId: `RT-${Date.now()}`, items: [{ sku: "X", quantity: 3, amountFen: 9_000 }] });

beforeAll(async () => {
  t = await createTestDatabase();
  brand = await createBrandFixture(t, "Orders Router");
  await withTenant(t.db, brand.tenantId, (tx) =>
    updateProgramSettings(tx, ADMIN, { commissionLevels: 1, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" }),
  );
  await addRule(t, brand.tenantId, FLAT_RULE);
  const [D] = await chain(t.db, brand.tenantId, ["Router D"]);
  o.referralCode = D!.code;
  o.paidAt = new Date(Date.now() - 3_600_000).toISOString();
  await ingest(t, brand.tenantId, [o]);
  await sendEvent(t, brand.tenantId, o, { type: "refund", refundId: "R1", items: [{ sku: "X", amountFen: 3_000, quantity: 1 }], at: new Date().toISOString() });
  owner = (await staffCaller(t, brand.ownerUserId, brand.tenantId)).caller;
});
afterAll(async () => t.close());

describe("orders and commissions procedures", () => {
  it("every role with orders.read lists, filters and opens an order", async () => {
    for (const role of ["operator", "risk", "finance"] as const) {
      const { caller } = await staffInRole(t, brand, role);
      const list = await caller.orders.list({ externalId: o.externalId });
      expect(list.total).toBe(1);
      expect(list.items[0]).toMatchObject({ externalId: o.externalId, amountFen: 9_000, refundedFen: 3_000, commissionFen: 600 });
      const detail = await caller.orders.detail({ id: list.items[0]!.id, locale: "zh-CN" });
      expect(detail.commissions[0]!.trace).toContain("已退 ¥30.00");
      expect(detail.events.map((e) => e.type)).toEqual(["created", "refund"]);
      const commissions = await caller.commissions.list({ distributor: o.referralCode! });
      expect(commissions.items.map((c) => [c.order.externalId, c.amountFen, c.status])).toEqual([[o.externalId, 600, "pending"]]);
      expect((await caller.commissions.ruleOptions()).map((r) => r.name)).toEqual(["flat"]);
    }
  });

  it("outputs carry no buyer identity in the clear", async () => {
    const list = await owner.orders.list({});
    const detail = await owner.orders.detail({ id: list.items[0]!.id, locale: "en" });
    const phone = o.buyer.identities[0]!.value;
    expect(JSON.stringify([list, detail])).not.toContain(phone);
    expect(detail.buyer.identities[0]!.masked).toMatch(/\*/);
  });

  it("bounds its inputs", async () => {
    expect(await outcomeOf(owner.orders.list({ limit: 101 }))).toBe("BAD_REQUEST");
    expect(await outcomeOf(owner.orders.list({ paidFrom: "2025-13-01" }))).toBe("BAD_REQUEST");
    expect(await outcomeOf(owner.orders.list({ paidFrom: "2025-03-02", paidTo: "2025-03-01" }))).toBe("BAD_REQUEST");
    expect(await outcomeOf(owner.commissions.list({ ruleId: "not-a-uuid" }))).toBe("BAD_REQUEST");
    expect(await outcomeOf(owner.orders.detail({ id: "00000000-0000-7000-8000-000000000000", locale: "en" }))).toBe("NOT_FOUND");
  });
});
