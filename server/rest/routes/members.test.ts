import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain, nextPhone } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, orderInput, sendEvent } from "@/server/orders/testing";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { ADMIN } from "@/server/network/test-helpers";
import { brandWithKey, MOUNTS, restHarness, type Harness } from "../testing";

let t: Database;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t);
});
afterAll(async () => {
  await h.close();
  await t.close();
});

const DAY = 86_400_000;

describe.each(MOUNTS)("GET /api/v1/members/{identity} through the %s", (mount) => {
  it("reads growth by phone, kind:value and member id; refunds after settlement reverse it; other brands see nothing", async () => {
    const a = await brandWithKey(t, "Members A");
    const b = await brandWithKey(t, "Members B");
    await withTenant(t.db, a.tenantId, (tx) => updateProgramSettings(tx, ADMIN, { commissionLevels: 1, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" }));
    await addRule(t, a.tenantId, FLAT_RULE);
    const [D] = await chain(t.db, a.tenantId, ["D"]);
    const phone = nextPhone();
    const o = orderInput({ referralCode: D!.code, buyer: { identities: [{ kind: "phone", value: phone }, { kind: "wechat_unionid", value: "o6_union_1" }] }, paidAt: new Date(Date.now() - 30 * DAY).toISOString(), items: [{ sku: "S", quantity: 2, amountFen: 25_000 }] });
    await ingest(t, a.tenantId, [o]);
    await sendEvent(t, a.tenantId, o, { type: "completed", at: new Date(Date.now() - 10 * DAY).toISOString() });

    const byPhone = await h.call(mount, "GET", `/api/v1/members/${phone}`, { key: a.key });
    expect(byPhone.status).toBe(200);
    const body = (await byPhone.json()) as { memberId: string; growthValueFen: number };
    expect(body).toMatchObject({ growthValueFen: 25_000, asBuyerFen: 25_000, asDistributorFen: 0, distributorCode: null });
    const byUnion = await h.call(mount, "GET", `/api/v1/members/${encodeURIComponent("wechat_unionid:o6_union_1")}`, { key: a.key });
    expect(await byUnion.json()).toMatchObject({ memberId: body.memberId, growthValueFen: 25_000 });
    const distributor = await h.call(mount, "GET", `/api/v1/members/${D!.memberId}`, { key: a.key });
    expect(await distributor.json()).toMatchObject({ distributorCode: D!.code, growthValueFen: 25_000, asDistributorFen: 25_000 });

    await sendEvent(t, a.tenantId, o, { type: "refund", refundId: "r1", items: [{ sku: "S", amountFen: 10_000, quantity: 1 }], at: new Date().toISOString() });
    const after = await h.call(mount, "GET", `/api/v1/members/${encodeURIComponent(`phone:${phone}`)}`, { key: a.key });
    expect(await after.json()).toMatchObject({ growthValueFen: 15_000 });

    // Brand B's key: the same phone and member id are not its members.
    expect((await h.call(mount, "GET", `/api/v1/members/${phone}`, { key: b.key })).status).toBe(404);
    expect((await h.call(mount, "GET", `/api/v1/members/${body.memberId}`, { key: b.key })).status).toBe(404);
    const bad = await h.call(mount, "GET", "/api/v1/members/recruits%3A1", { key: a.key });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { identity: "invalid_value" } });
    expect((await h.call(mount, "GET", `/api/v1/members/${phone}`, {})).status).toBe(401);
  });
});
