/**
 * The distributor risk profile: score from its flagged and rejected orders, the accounts linked
 * to it by a shared device and by buying through each other, drawn as a small graph.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { decideOrder } from "./decisions";
import { distributorRiskProfile } from "./profile";
import { riskScore } from "./score";
import { distributorWithPhone, flaggedOrder, plantDeviceFarm, plantRing } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("riskScore", () => {
  it("weighs flagged share, rejections and linked distributors, capped at 100", () => {
    expect(riskScore({ orders: 0, review: 0, blocked: 0, rejected: 0, linkedDistributors: 0 })).toEqual({ score: 0, band: "low" });
    expect(riskScore({ orders: 10, review: 1, blocked: 1, rejected: 0, linkedDistributors: 0 })).toEqual({ score: 15, band: "low" });
    expect(riskScore({ orders: 10, review: 2, blocked: 0, rejected: 2, linkedDistributors: 1 })).toEqual({ score: 10 + 24 + 4, band: "medium" });
    expect(riskScore({ orders: 4, review: 4, blocked: 4, rejected: 9, linkedDistributors: 9 })).toEqual({ score: 100, band: "high" });
  });
});

describe("distributorRiskProfile", () => {
  it("draws the device farm behind a distributor and the distributors it buys through in a ring", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1 });
    await addRule(t, tenantId, FLAT_RULE);
    const D = await distributorWithPhone(t, tenantId, "D");
    const E = await distributorWithPhone(t, tenantId, "E");
    const F = await distributorWithPhone(t, tenantId, "Unrelated");
    await plantDeviceFarm(t, tenantId, D.code, 4, "farm-phone-1");
    await plantRing(t, tenantId, [D, E]);
    await ingest(t, tenantId, [orderInput({ referralCode: F.code, device: { id: "own" } })]);
    const flagged = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    await withTenant(t.db, tenantId, (tx) => decideOrder(tx, tenantId, ADMIN, { orderId: flagged.orderId, decision: "reject", reason: "farm" }));

    const p = await withTenant(t.db, tenantId, (tx) => distributorRiskProfile(tx, D.id));
    expect(p.distributor).toMatchObject({ id: D.id, code: D.code });
    // Ingest's own checks flag the farm's four orders and the ring purchase through D; with the
    // planted one that makes all six of D's orders.
    expect(p.counts).toMatchObject({ orders: 6, review: 6, rejected: 1 });
    expect(p).toMatchObject({ score: 50 + 12 + 4, band: "high" });
    const kinds = p.graph.nodes.map((n) => n.kind).sort();
    expect(kinds).toEqual(["buyer", "buyer", "buyer", "buyer", "distributor", "distributor"]);
    expect(p.graph.nodes.find((n) => n.self)).toMatchObject({ id: D.memberId, kind: "distributor" });
    expect(p.graph.nodes.find((n) => n.distributorId === E.id)).toBeTruthy();
    expect(p.graph.nodes.some((n) => n.distributorId === F.id)).toBe(false);
    expect(p.graph.edges.filter((e) => e.kind === "device")).toHaveLength(3);
    expect(p.graph.edges.filter((e) => e.kind === "bought" && [e.a, e.b].includes(E.memberId))).toHaveLength(2);
    // Labels are masked identities or codes; no hash leaves the server.
    expect(JSON.stringify(p)).not.toMatch(/[0-9a-f]{40,}/);
    expect(p.history).toMatchObject([{ decision: "reject", reason: "farm", amountFen: 1000 }]);
  });

  it("is NOT_FOUND for another brand's distributor", async () => {
    const a = await moneyBrand(t);
    const b = await moneyBrand(t);
    const B = await distributorWithPhone(t, b, "B");
    await expect(withTenant(t.db, a, (tx) => distributorRiskProfile(tx, B.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
