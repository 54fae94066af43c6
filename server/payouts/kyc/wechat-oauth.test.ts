/**
 * WeChat OAuth links the signed-in distributor's openid (the 商家转账 payee), end to end against
 * a local fake of WeChat's authorize page and code exchange: the openid WeChat answers is stored,
 * and a replayed, foreign, expired, declined or misconfigured flow links nothing.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributorIdentities, distributors } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant } from "@/db/testing/test-db";
import { chain } from "@/server/network/test-helpers";
import { createPortalSession, PORTAL_COOKIE } from "@/server/portal/portal-session";
import { startFakeWechatOauth, type FakeWechatOauth } from "./fake-wechat-oauth";
import { openState, sealState, wechatOauthRoutes, type WechatOauthConfig } from "./wechat-oauth";

let t: Database;
let fake: FakeWechatOauth;
let cfg: WechatOauthConfig;
beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeWechatOauth("wx8888888888888888");
  cfg = { appId: fake.appId, secret: fake.secret, authorizeUrl: `${fake.url}/connect/oauth2/authorize`, apiBase: `${fake.url}/`, timeoutMs: 5_000 };
});
afterAll(async () => {
  await fake.close();
  await t.close();
});

const routes = (config: WechatOauthConfig | null = cfg) => wechatOauthRoutes({ getDatabase: () => Promise.resolve(t), config: () => config });
const params = (slug: string) => ({ params: Promise.resolve({ brandSlug: slug }) });

async function distributorWithSession() {
  const tenant = await createTestTenant(t.db);
  const [d] = await chain(t.db, tenant.id, ["D1"]);
  const [row] = await withTenant(t.db, tenant.id, (tx) => tx.select({ memberId: distributors.memberId }).from(distributors).where(eq(distributors.id, d!.id)));
  const { cookieValue } = await createPortalSession(t.db, tenant.id, row!.memberId);
  return { tenant, distributorId: d!.id, cookie: `${PORTAL_COOKIE}=${cookieValue}` };
}

const openidOf = async (tenantId: string, distributorId: string) =>
  (await withTenant(t.db, tenantId, (tx) => tx.select({ openid: distributorIdentities.wechatOpenid }).from(distributorIdentities).where(eq(distributorIdentities.distributorId, distributorId))))[0]?.openid ?? null;

/** start → WeChat's page → the callback URL WeChat redirects to. */
async function throughWechat(slug: string, cookie: string, config = cfg) {
  const started = await routes(config).start(new Request(`http://localhost:3000/d/${slug}/identity/wechat`, { headers: { cookie } }), params(slug));
  expect(started.status).toBe(302);
  const authorize = started.headers.get("location")!;
  expect(authorize.startsWith(`${fake.url}/connect/oauth2/authorize?`)).toBe(true);
  expect(authorize.endsWith("#wechat_redirect")).toBe(true);
  const wx = await fetch(authorize.replace("#wechat_redirect", ""), { redirect: "manual" });
  expect(wx.status).toBe(302);
  return wx.headers.get("location")!;
}

const outcome = (r: Response) => new URL(r.headers.get("location")!).searchParams.get("wechat");

describe("WeChat OAuth openid linking", () => {
  it("links the openid WeChat answers for the signed-in distributor; the same callback again links nothing new", async () => {
    const { tenant, distributorId, cookie } = await distributorWithSession();
    const callbackUrl = await throughWechat(tenant.slug, cookie);
    const code = new URL(callbackUrl).searchParams.get("code")!;
    const done = await routes().callback(new Request(callbackUrl, { headers: { cookie } }), params(tenant.slug));
    expect(done.headers.get("location")).toMatch(new RegExp(`/d/${tenant.slug}/identity\\?wechat=linked$`));
    expect(await openidOf(tenant.id, distributorId)).toBe(fake.openidFor(code));

    // A code works once at WeChat: a replay fails and leaves the linked openid as it was.
    const replay = await routes().callback(new Request(callbackUrl, { headers: { cookie } }), params(tenant.slug));
    expect(outcome(replay)).toBe("failed");
    expect(await openidOf(tenant.id, distributorId)).toBe(fake.openidFor(code));
  });

  it("a callback carried into another browser (another session) or another brand links nothing", async () => {
    const a = await distributorWithSession();
    const b = await distributorWithSession();
    const callbackUrl = await throughWechat(a.tenant.slug, a.cookie);
    const other = await routes().callback(new Request(callbackUrl, { headers: { cookie: b.cookie } }), params(a.tenant.slug));
    expect(outcome(other)).toBe("failed");
    const wrongBrand = await routes().callback(new Request(callbackUrl, { headers: { cookie: a.cookie } }), params(b.tenant.slug));
    expect(outcome(wrongBrand)).toBe("failed");
    expect(await openidOf(a.tenant.id, a.distributorId)).toBeNull();
    expect(await openidOf(b.tenant.id, b.distributorId)).toBeNull();
  });

  it("declined, expired, forged and misconfigured flows say so and link nothing", async () => {
    const { tenant, distributorId, cookie } = await distributorWithSession();
    fake.mode = "deny";
    try {
      const declined = await throughWechat(tenant.slug, cookie);
      expect(outcome(await routes().callback(new Request(declined, { headers: { cookie } }), params(tenant.slug)))).toBe("denied");
    } finally {
      fake.mode = "approve";
    }
    const forged = new URL(await throughWechat(tenant.slug, cookie));
    forged.searchParams.set("state", forged.searchParams.get("state")!.slice(0, -2) + "AA");
    expect(outcome(await routes().callback(new Request(forged, { headers: { cookie } }), params(tenant.slug)))).toBe("failed");

    const wrongSecret = await throughWechat(tenant.slug, cookie, { ...cfg, secret: "not-the-secret" });
    expect(outcome(await routes({ ...cfg, secret: "not-the-secret" }).callback(new Request(wrongSecret, { headers: { cookie } }), params(tenant.slug)))).toBe("failed");
    expect(await openidOf(tenant.id, distributorId)).toBeNull();

    // Not configured: the start page sends the distributor back with a message, not to WeChat.
    const off = await routes(null).start(new Request(`http://localhost:3000/d/${tenant.slug}/identity/wechat`, { headers: { cookie } }), params(tenant.slug));
    expect(outcome(off)).toBe("failed");
  });

  it("the state expires after ten minutes and opens only unmodified", () => {
    const now = Date.UTC(2026, 11, 2, 8);
    const s = sealState("11111111-1111-7111-8111-111111111111", "brand", now);
    expect(openState(s, now + 9 * 60_000)).toEqual({ sessionId: "11111111-1111-7111-8111-111111111111", slug: "brand" });
    expect(openState(s, now + 11 * 60_000)).toBe("expired");
    expect(openState(`${s}x`, now)).toBe("invalid");
    expect(openState(null, now)).toBe("invalid");
  });
});
