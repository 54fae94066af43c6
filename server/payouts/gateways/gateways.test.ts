/**
 * A brand's own payout gateways: saved sealed and shown only as hints, refused when a key is of
 * the wrong kind, used to pay that brand's withdrawals (and no other brand's), to verify its
 * WeChat callbacks, and checked against the fake gateways without paying anything.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLogs, distributorIdentities, payoutGateways, withdrawals } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { DEV_PII_KEYRING } from "@/server/env-policy";
import { createPiiCipher } from "@/server/payouts/crypto/pii";
import { linkWechatOpenid } from "@/server/payouts/kyc/identity";
import { reencryptPii } from "@/server/payouts/crypto/reencrypt";
import { executePayout } from "@/server/payouts/providers/executor";
import { startFakeAlipay, type FakeAlipayGateway } from "@/server/payouts/providers/fake/alipay";
import { startFakeFlexible } from "@/server/payouts/providers/fake/flexible";
import { rsaPair } from "@/server/payouts/providers/fake/keys";
import { startFakeWechat, type FakeWechatGateway } from "@/server/payouts/providers/fake/wechat";
import { approvedWithdrawal, payee, payoutBrand, STAFF } from "@/server/payouts/providers/testing";
import { handleWechatNotify } from "@/server/payouts/providers/wechat-notify";
import { zodFields } from "@/server/api/trpc";
import { checkGateway } from "./check";
import { gatewayInput } from "./schemas";
import { gatewayOverview, providerFor, wechatConfigFor } from "./resolve";
import { removeGateway, saveGateway } from "./store";
import { allowPrivateGatewayTargets } from "./targets";

let t: Database;
let wx: FakeWechatGateway;
let ali: FakeAlipayGateway;
beforeAll(async () => {
  t = await createTestDatabase();
  [wx, ali] = await Promise.all([startFakeWechat(), startFakeAlipay()]);
  // The fakes listen on loopback, as WEBHOOK_ALLOW_PRIVATE_TARGETS=1 allows in development.
  allowPrivateGatewayTargets(true);
});
afterAll(async () => {
  allowPrivateGatewayTargets(undefined);
  await Promise.all([wx.close(), ali.close()]);
  await t.close();
});

const wechatInput = (gw: FakeWechatGateway, over: Record<string, unknown> = {}) => ({
  channel: "wechat" as const,
  mchid: gw.keys.mchid,
  appid: gw.keys.appid,
  merchantSerial: gw.keys.merchantSerial,
  publicKeyId: gw.keys.publicKeyId,
  transferSceneId: "1005",
  baseURL: `${gw.url}/`,
  privateKey: gw.keys.merchant.privateKey,
  publicKey: gw.keys.platform.publicKey,
  apiV3Key: gw.keys.apiV3Key,
  ...over,
});

const flexibleGatewayInputForTest = (over: Record<string, unknown>) => gatewayInput.safeParse({ channel: "flexible", gatewayUrl: "https://flex.example.com/", appId: "app", secret: "0123456789abcdef", ...over });
const save = (tenantId: string, input: unknown) => withTenant(t.db, tenantId, (tx) => saveGateway(tx, STAFF, input));
const overview = (tenantId: string) => withTenant(t.db, tenantId, (tx) => gatewayOverview(tx));
const fieldsOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).fields;
};
const stored = (tenantId: string) => withTenant(t.db, tenantId, (tx) => tx.select().from(payoutGateways));

describe("saving a brand's gateway", () => {
  it("stores secrets sealed, shows only public fields and hints, and audits names of changed secrets", async () => {
    const tenantId = await payoutBrand(t);
    await save(tenantId, wechatInput(wx));
    const [view] = (await overview(tenantId)).filter((g) => g.channel === "wechat");
    expect(view).toMatchObject({ source: "brand", config: { mchid: wx.keys.mchid, appid: wx.keys.appid }, check: null });
    expect(view!.notifyUrl).toMatch(new RegExp(`/api/payouts/wechat/notify/${tenantId}$`));
    expect(view!.secrets!.privateKey).toMatch(/^SHA256:[0-9a-f]{16}$/);
    expect(view!.secrets!.apiV3Key).toBe(`••••${wx.keys.apiV3Key.slice(-4)}`);
    const everything = JSON.stringify(await overview(tenantId));
    const keyBody = wx.keys.merchant.privateKey.split("\n")[1]!;
    expect(everything).not.toContain(keyBody);
    expect(everything).not.toContain(wx.keys.apiV3Key);
    // At rest: no secret in the row, the audit log, or anywhere the app role can read.
    const [row] = await stored(tenantId);
    expect(row!.secretsEnc).not.toContain(keyBody);
    expect(row!.secretsEnc).not.toContain(wx.keys.apiV3Key);
    const audits = await withTenant(t.db, tenantId, (tx) => tx.select().from(auditLogs).where(eq(auditLogs.action, "payout.gateway_saved")));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toMatchObject({ channel: "wechat", created: true, secretsChanged: ["privateKey", "publicKey", "apiV3Key"] });
    expect(JSON.stringify(audits[0]!.data)).not.toContain(wx.keys.apiV3Key);
  });

  it("a save without secrets keeps the stored ones; changing a public field is audited with before and after", async () => {
    const tenantId = await payoutBrand(t);
    await save(tenantId, wechatInput(wx));
    const before = (await stored(tenantId))[0]!;
    await save(tenantId, wechatInput(wx, { privateKey: undefined, publicKey: "", apiV3Key: undefined, transferSceneId: "1000" }));
    const after = (await stored(tenantId))[0]!;
    expect(after.secretHints).toEqual(before.secretHints);
    expect(after.publicConfig.transferSceneId).toBe("1000");
    const audits = await withTenant(t.db, tenantId, (tx) => tx.select().from(auditLogs).where(eq(auditLogs.action, "payout.gateway_saved")).orderBy(auditLogs.createdAt));
    expect(audits[1]!.data).toMatchObject({ created: false, changes: { transferSceneId: ["1005", "1000"] }, secretsChanged: [] });
  });

  it("refuses wrong kinds of key and missing secrets with a code per field, and stores nothing", async () => {
    const tenantId = await payoutBrand(t);
    expect(await fieldsOf(save(tenantId, wechatInput(wx, { apiV3Key: "too-short" })))).toEqual({ apiV3Key: "gateway.apiv3_key" });
    expect(await fieldsOf(save(tenantId, wechatInput(wx, { privateKey: wx.keys.platform.publicKey })))).toEqual({ privateKey: "gateway.private_key" });
    expect(await fieldsOf(save(tenantId, wechatInput(wx, { privateKey: undefined })))).toEqual({ privateKey: "gateway.required" });
    expect(await fieldsOf(save(tenantId, wechatInput(wx, { mchid: "abc", baseURL: "ftp://x" })))).toMatchObject({ mchid: "gateway.mchid", baseURL: "gateway.https_url" });
    expect(await fieldsOf(save(tenantId, wechatInput(wx, { baseURL: "http://pay.example.com/" })))).toEqual({ baseURL: "gateway.https_url" });
    expect(await stored(tenantId)).toEqual([]);
  });

  it("the same codes come through tRPC's input validation (the console translates them)", () => {
    const r = gatewayInput.safeParse({ ...wechatInput(wx, { mchid: "abc", appid: "", publicKeyId: "KEY" }) });
    expect(r.success).toBe(false);
    expect(zodFields(r.error!)).toEqual({ mchid: "gateway.mchid", appid: "gateway.appid", publicKeyId: "gateway.public_key_id" });
    const f = flexibleGatewayInputForTest({ gatewayUrl: "https://x.example.com/?q=1", secret: "short" });
    expect(zodFields(f.error!)).toEqual({ gatewayUrl: "gateway.https_url", secret: "gateway.secret_short" });
  });

  it("Alipay: switching from public-key to certificate mode needs the certificates; bare base64 keys are accepted", async () => {
    const tenantId = await payoutBrand(t);
    const bare = ali.keys.app.privateKey.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    await save(tenantId, { channel: "alipay", appId: ali.keys.appId, keyType: "PKCS8", mode: "key", endpoint: ali.url, privateKey: bare, alipayPublicKey: ali.keys.alipay.publicKey });
    expect(await fieldsOf(save(tenantId, { channel: "alipay", appId: ali.keys.appId, keyType: "PKCS8", mode: "cert", endpoint: ali.url }))).toEqual({
      appCert: "gateway.required",
      alipayPublicCert: "gateway.required",
      alipayRootCert: "gateway.required",
    });
    expect(await fieldsOf(save(tenantId, { channel: "alipay", appId: ali.keys.appId, mode: "cert", appCert: ali.keys.alipay.publicKey, alipayPublicCert: "x", alipayRootCert: "x" }))).toEqual({
      appCert: "gateway.certificate",
      alipayPublicCert: "gateway.certificate",
      alipayRootCert: "gateway.certificate",
    });
    expect((await stored(tenantId))[0]!.publicConfig.mode).toBe("key");
  });

  it("each brand sees only its own gateways, and removing one falls back to none", async () => {
    const a = await payoutBrand(t);
    const b = await payoutBrand(t);
    await save(a, wechatInput(wx));
    expect((await overview(b)).map((g) => g.source)).toEqual(["none", "none", "none"]);
    await withTenant(t.db, a, (tx) => removeGateway(tx, STAFF, "wechat"));
    expect((await overview(a)).map((g) => g.source)).toEqual(["none", "none", "none"]);
    await expect(withTenant(t.db, a, (tx) => removeGateway(tx, STAFF, "wechat"))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("gateway addresses (SSRF)", () => {
  it("an address inside our network is refused on save, and before a payout or a test if it got there anyway", async () => {
    const a = await payoutBrand(t);
    allowPrivateGatewayTargets(false);
    try {
      expect(await fieldsOf(save(a, wechatInput(wx)))).toEqual({ baseURL: "gateway.unsafe_url" });
      expect(await fieldsOf(save(a, wechatInput(wx, { baseURL: "https://10.1.2.3/" })))).toEqual({ baseURL: "gateway.unsafe_url" });
      expect(await fieldsOf(save(a, wechatInput(wx, { baseURL: "https://169.254.169.254/" })))).toEqual({ baseURL: "gateway.unsafe_url" });
      expect(await stored(a)).toEqual([]);
    } finally {
      allowPrivateGatewayTargets(true);
    }
    // Saved while loopback was allowed (development), used after it no longer is.
    await save(a, wechatInput(wx));
    const w = await approvedWithdrawal(t, a, (await payee(t, a, 50_000)).id, "wechat", 10_000);
    allowPrivateGatewayTargets(false);
    try {
      await expect(executePayout(t.db, a, w.id)).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
      await expect(checkGateway(t.db, a, STAFF, "wechat")).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    } finally {
      allowPrivateGatewayTargets(true);
    }
    expect(wx.bills.has(w.outBillNo)).toBe(false);
    const status = await withTenant(t.db, a, async (tx) => (await tx.select({ s: withdrawals.status }).from(withdrawals).where(eq(withdrawals.id, w.id)))[0]!.s);
    expect(status).toBe("approved");
  });
});

describe("a new WeChat app", () => {
  it("unlinks the openids linked under the previous app (the portal asks to link again); the same app keeps them", async () => {
    const a = await payoutBrand(t);
    const d = await payee(t, a, 10_000);
    const openid = () => withTenant(t.db, a, async (tx) => (await tx.select({ o: distributorIdentities.wechatOpenid }).from(distributorIdentities).where(eq(distributorIdentities.distributorId, d.id)))[0]!.o);
    // Linked under the brand's first app (the deployment has none in tests).
    expect((await save(a, wechatInput(wx))).unlinkedWechat).toBe(0);
    await withTenant(t.db, a, (tx) => linkWechatOpenid(tx, d.id, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
    expect((await save(a, wechatInput(wx, { transferSceneId: "1000" }))).unlinkedWechat).toBe(0);
    expect(await openid()).toBe("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    expect((await save(a, wechatInput(wx, { appid: "wx1234567890abcdef" }))).unlinkedWechat).toBe(1);
    expect(await openid()).toBeNull();
    await withTenant(t.db, a, (tx) => linkWechatOpenid(tx, d.id, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6p"));
    expect(await withTenant(t.db, a, (tx) => removeGateway(tx, STAFF, "wechat"))).toEqual({ unlinkedWechat: 1 });
    expect(await openid()).toBeNull();
  });
});

describe("paying with a brand's own gateway", () => {
  it("a brand's withdrawal goes to its own merchant; a brand without one waits (no provider)", async () => {
    wx.mode = "success";
    const a = await payoutBrand(t);
    const b = await payoutBrand(t);
    await save(a, wechatInput(wx));
    const wa = await approvedWithdrawal(t, a, (await payee(t, a, 50_000)).id, "wechat", 10_000);
    const wb = await approvedWithdrawal(t, b, (await payee(t, b, 50_000)).id, "wechat", 10_000);
    expect(await executePayout(t.db, a, wa.id)).toMatchObject({ action: "sent", state: "succeeded", status: "paid" });
    expect(wx.payments(wa.outBillNo)).toBe(1);
    expect(await executePayout(t.db, b, wb.id)).toMatchObject({ action: "skipped", state: "no_provider", status: "approved" });
    expect(wx.bills.has(wb.outBillNo)).toBe(false);
  });

  it("new credentials are used from the next payout on (the cached client is replaced)", async () => {
    const other = await startFakeWechat();
    try {
      const a = await payoutBrand(t);
      await save(a, wechatInput(wx));
      const first = await withTenant(t.db, a, (tx) => providerFor(tx, "wechat"));
      expect((await withTenant(t.db, a, (tx) => providerFor(tx, "wechat"))).provider).toBe(first.provider);
      await save(a, wechatInput(other));
      const w = await approvedWithdrawal(t, a, (await payee(t, a, 50_000)).id, "wechat", 10_000);
      other.mode = "success";
      expect(await executePayout(t.db, a, w.id)).toMatchObject({ status: "paid" });
      expect(other.payments(w.outBillNo)).toBe(1);
      expect(wx.bills.has(w.outBillNo)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it("the brand's callback URL verifies with its key and touches only its bills", async () => {
    wx.mode = "waiting_confirmation";
    const a = await payoutBrand(t);
    const b = await payoutBrand(t);
    await save(a, wechatInput(wx));
    const w = await approvedWithdrawal(t, a, (await payee(t, a, 50_000)).id, "wechat", 10_000);
    expect(await executePayout(t.db, a, w.id)).toMatchObject({ state: "waiting_confirmation" });
    expect((await withTenant(t.db, a, (tx) => wechatConfigFor(tx)))!.notifyUrl).toMatch(new RegExp(`/notify/${a}$`));
    wx.settle(w.outBillNo, "success");
    const note = wx.notification(w.outBillNo);
    const post = (tenantId: string) =>
      withTenant(t.db, tenantId, (tx) => wechatConfigFor(tx)).then((config) =>
        handleWechatNotify(new Request(`http://x/api/payouts/wechat/notify/${tenantId}`, { method: "POST", headers: note.headers, body: note.body }), { db: t.db, config, tenantId }),
      );
    // Brand b has no WeChat merchant: its URL cannot verify anything.
    expect((await post(b)).status).toBe(404);
    expect((await post(a)).status).toBe(204);
    const status = await withTenant(t.db, a, async (tx) => (await tx.select({ s: withdrawals.status }).from(withdrawals).where(eq(withdrawals.id, w.id)))[0]!.s);
    expect(status).toBe("paid");
  });
});

describe("test connection", () => {
  it("accepted credentials: ok and recorded; a key the gateway does not know: not ok, with the gateway's reason", async () => {
    const a = await payoutBrand(t);
    await save(a, wechatInput(wx));
    expect(await checkGateway(t.db, a, STAFF, "wechat")).toMatchObject({ ok: true, message: "credentials accepted" });
    expect((await overview(a))[0]!.check).toMatchObject({ ok: true });
    const paid = wx.bills.size;
    await save(a, wechatInput(wx, { privateKey: rsaPair().privateKey }));
    // A new save clears the last result: it was about other credentials.
    expect((await overview(a))[0]!.check).toBeNull();
    const bad = await checkGateway(t.db, a, STAFF, "wechat");
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/SIGN_ERROR|signature|401/i);
    expect((await overview(a))[0]!.check).toMatchObject({ ok: false });
    expect(wx.bills.size).toBe(paid);
  });

  it("works for Alipay and the flexible-employment platform too", async () => {
    const flex = await startFakeFlexible();
    try {
      const a = await payoutBrand(t);
      await save(a, { channel: "alipay", appId: ali.keys.appId, mode: "key", endpoint: ali.url, privateKey: ali.keys.app.privateKey, alipayPublicKey: ali.keys.alipay.publicKey });
      await save(a, { channel: "flexible", gatewayUrl: flex.url, appId: flex.keys.appId, secret: flex.keys.secret });
      expect(await checkGateway(t.db, a, STAFF, "alipay")).toMatchObject({ ok: true });
      expect(await checkGateway(t.db, a, STAFF, "flexible")).toMatchObject({ ok: true });
      await save(a, { channel: "flexible", gatewayUrl: flex.url, appId: flex.keys.appId, secret: "wrong-secret-0123456789" });
      expect(await checkGateway(t.db, a, STAFF, "flexible")).toMatchObject({ ok: false });
    } finally {
      await flex.close();
    }
  });
});

describe("key rotation", () => {
  it("pii:reencrypt moves gateway secrets to the new key and they still open", async () => {
    const a = await payoutBrand(t);
    await save(a, wechatInput(wx));
    const old = (await stored(a))[0]!.secretsEnc;
    const current = old.slice(0, old.indexOf(":"));
    const fresh = createPiiCipher(`k9:${Buffer.alloc(32, 9).toString("base64")},${DEV_PII_KEYRING}`);
    const summary = await reencryptPii(t.db, { tenantId: a, cipher: fresh });
    expect(summary.failed).toBe(0);
    const now = rowsOf<{ secrets_enc: string }>(await withTenant(t.db, a, (tx) => tx.execute(sql`select secrets_enc from payout_gateways`)))[0]!.secrets_enc;
    expect(now.startsWith("k9:")).toBe(true);
    expect(current).not.toBe("k9");
    expect((JSON.parse(fresh.decrypt(now)) as { apiV3Key: string }).apiV3Key).toBe(wx.keys.apiV3Key);
  });
});
