/**
 * The payout gateway procedures through tRPC: owners and admins save, test and remove; finance
 * reads status only; secrets never come back; the portal's confirm-receipt call names the
 * brand's own merchant.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors, tenants } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { createPortalSession } from "@/server/portal/portal-session";
import { executePayout } from "@/server/payouts/providers/executor";
import { startFakeFlexible, type FakeFlexibleGateway } from "@/server/payouts/providers/fake/flexible";
import { startFakeWechat, type FakeWechatGateway } from "@/server/payouts/providers/fake/wechat";
import { approvedWithdrawal, payee } from "@/server/payouts/providers/testing";
import { ALL_CHANNELS, setSettings } from "@/server/payouts/withdrawals/testing";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { allowPrivateGatewayTargets } from "./targets";
import { staffInRole } from "@/server/testing/staff-roles";

let t: Database;
let wx: FakeWechatGateway;
let flex: FakeFlexibleGateway;
beforeAll(async () => {
  t = await createTestDatabase();
  [wx, flex] = await Promise.all([startFakeWechat(), startFakeFlexible()]);
  allowPrivateGatewayTargets(true); // the fakes listen on loopback
});
afterAll(async () => {
  allowPrivateGatewayTargets(undefined);
  await Promise.all([wx.close(), flex.close()]);
  await t.close();
});

async function brand() {
  const b = await createBrandFixture(t, "Gateway brand");
  await withTenant(t.db, b.tenantId, (tx) => setSettings(tx, b.tenantId, ALL_CHANNELS));
  const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
  const slug = (await t.db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, b.tenantId)))[0]!.slug;
  return { ...b, caller, slug };
}

const flexibleInput = (secret = flex.keys.secret) => ({ channel: "flexible" as const, gatewayUrl: flex.url, appId: flex.keys.appId, secret });

describe("withdrawals.*Gateway", () => {
  it("the owner saves and tests; finance sees the status but cannot save, test or remove; no secret is ever returned", async () => {
    const b = await brand();
    expect(await b.caller.withdrawals.saveGateway(flexibleInput())).toEqual({ ok: true, unlinkedWechat: 0 });
    const list = await b.caller.withdrawals.gateways();
    expect(list.map((g) => [g.channel, g.source])).toEqual([
      ["wechat", "none"],
      ["alipay", "none"],
      ["flexible", "brand"],
    ]);
    expect(JSON.stringify(list)).not.toContain(flex.keys.secret);
    expect(await b.caller.withdrawals.checkGateway({ channel: "flexible" })).toMatchObject({ ok: true });

    const finance = await staffInRole(t, b, "finance");
    expect((await finance.caller.withdrawals.gateways())[2]).toMatchObject({ source: "brand", check: { ok: true } });
    expect(await outcomeOf(finance.caller.withdrawals.saveGateway(flexibleInput()))).toBe("FORBIDDEN");
    expect(await outcomeOf(finance.caller.withdrawals.checkGateway({ channel: "flexible" }))).toBe("FORBIDDEN");
    expect(await outcomeOf(finance.caller.withdrawals.removeGateway({ channel: "flexible" }))).toBe("FORBIDDEN");

    const admin = await staffInRole(t, b, "admin");
    expect(await admin.caller.withdrawals.removeGateway({ channel: "flexible" })).toEqual({ ok: true, unlinkedWechat: 0 });
    expect(await outcomeOf(b.caller.withdrawals.checkGateway({ channel: "flexible" }))).toBe("NOT_FOUND");
  });

  it("bad input is a BAD_REQUEST naming the field, and changes nothing", async () => {
    const b = await brand();
    expect(await outcomeOf(b.caller.withdrawals.saveGateway(flexibleInput("short")))).toBe("BAD_REQUEST");
    expect((await b.caller.withdrawals.gateways())[2]!.source).toBe("none");
  });

  it("the portal's confirm-receipt info names the brand's own merchant and app", async () => {
    wx.mode = "waiting_confirmation";
    const b = await brand();
    await b.caller.withdrawals.saveGateway({
      channel: "wechat",
      mchid: wx.keys.mchid,
      appid: wx.keys.appid,
      merchantSerial: wx.keys.merchantSerial,
      publicKeyId: wx.keys.publicKeyId,
      baseURL: `${wx.url}/`,
      privateKey: wx.keys.merchant.privateKey,
      publicKey: wx.keys.platform.publicKey,
      apiV3Key: wx.keys.apiV3Key,
    });
    const d = await payee(t, b.tenantId, 50_000);
    const w = await approvedWithdrawal(t, b.tenantId, d.id, "wechat", 10_000);
    expect(await executePayout(t.db, b.tenantId, w.id)).toMatchObject({ state: "waiting_confirmation" });
    const [m] = await withTenant(t.db, b.tenantId, (tx) => tx.select({ memberId: distributors.memberId }).from(distributors).where(eq(distributors.id, d.id)));
    const s = await createPortalSession(t.db, b.tenantId, m!.memberId);
    const portal = createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.72" }));
    const info = await portal.portalPayouts.confirmation({ slug: b.slug, withdrawalId: w.id });
    expect(info).toMatchObject({ mchId: wx.keys.mchid, appId: wx.keys.appid });
    expect(info!.package).toBeTruthy();
  });
});
