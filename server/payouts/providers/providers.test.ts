/**
 * Each provider client against its fake gateway, for each answer the gateway can give: the
 * fakes check signatures both ways, so these also prove the clients sign and verify correctly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlipayProvider } from "./alipay";
import { createFlexibleProvider } from "./flexible";
import { createWechatProvider, verifyWechatNotification, WechatNotificationError } from "./wechat";
import { fakeAlipayConfig, startFakeAlipay, type FakeAlipayGateway } from "./fake/alipay";
import type { FakeGatewayBase } from "./fake/base";
import { fakeFlexibleConfig, startFakeFlexible, type FakeFlexibleGateway } from "./fake/flexible";
import { rsaPair } from "./fake/keys";
import { fakeWechatConfig, startFakeWechat, type FakeWechatGateway } from "./fake/wechat";
import { fenToYuan, type PayoutBill, type PayoutProvider } from "./types";

let wx: FakeWechatGateway;
let ali: FakeAlipayGateway;
let flex: FakeFlexibleGateway;
let providers: Record<"wechat" | "alipay" | "flexible", { p: PayoutProvider; gw: FakeGatewayBase }>;

beforeAll(async () => {
  wx = await startFakeWechat();
  ali = await startFakeAlipay();
  flex = await startFakeFlexible();
  providers = {
    wechat: { p: createWechatProvider(fakeWechatConfig(wx.keys, wx.url, { timeoutMs: 500 })), gw: wx },
    alipay: { p: createAlipayProvider(fakeAlipayConfig(ali.keys, ali.url, { timeoutMs: 500 })), gw: ali },
    flexible: { p: createFlexibleProvider(fakeFlexibleConfig(flex.keys, `${flex.url}/open/v1`, { timeoutMs: 500 })), gw: flex },
  };
});
afterAll(async () => {
  await Promise.all([wx.close(), ali.close(), flex.close()]);
});

let n = 0;
const bill = (amountFen = 12_345): PayoutBill => ({
  outBillNo: `W20261202T${String(++n).padStart(6, "0")}`,
  amountFen,
  remark: "佣金提现 commission",
  payee: { name: "张三", wechatOpenid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", alipayAccount: "13800000000", bankAccount: "6222020200112233445", bankName: "工商银行" },
});

describe.each(["wechat", "alipay", "flexible"] as const)("%s provider against its fake gateway", (name) => {
  const ctx = () => providers[name];

  it("success: paid once; a resend of the same bill answers the same bill and pays nothing more", async () => {
    const { p, gw } = ctx();
    gw.mode = "success";
    const b = bill();
    const first = await p.send(b);
    expect(first).toMatchObject({ state: "succeeded" });
    const again = await p.send(b);
    expect(again).toMatchObject({ state: "succeeded", providerRef: (first as { providerRef: string }).providerRef });
    expect(await p.query(b.outBillNo)).toMatchObject({ state: "succeeded" });
    expect(gw.payments(b.outBillNo)).toBe(1);
    expect(gw.rejectedSignatures).toBe(0);
  });

  it("failure: a final failure with the gateway's reason", async () => {
    const { p, gw } = ctx();
    gw.mode = "failure";
    const b = bill();
    const r = await p.send(b);
    expect(r.state).toBe("failed");
    expect((r as { reason: string }).reason).toMatch(/ACCOUNT_NOT_EXIST|PAYEE_NOT_EXIST|FAKE_REFUSED/);
    expect(gw.payments(b.outBillNo)).toBe(0);
  });

  it("processing: in progress, and the query sees the later result", async () => {
    const { p, gw } = ctx();
    gw.mode = "processing";
    const b = bill();
    expect((await p.send(b)).state).toBe("processing");
    expect((await p.query(b.outBillNo)).state).toBe("processing");
    gw.settle(b.outBillNo, "success");
    expect((await p.query(b.outBillNo)).state).toBe("succeeded");
  });

  it("timeout: unknown, although the gateway recorded the bill; the query then tells", async () => {
    const { p, gw } = ctx();
    gw.mode = "timeout";
    gw.timeoutThen = "success";
    const b = bill();
    const r = await p.send(b);
    expect(r.state).toBe("unknown");
    expect((await p.query(b.outBillNo)).state).toBe("succeeded");
    gw.mode = "success";
    expect((await p.send(b)).state).toBe("succeeded");
    expect(gw.payments(b.outBillNo)).toBe(1);
  });

  it("a 5xx is unknown and nothing is recorded; the query says not found", async () => {
    const { p, gw } = ctx();
    gw.mode = "error";
    const b = bill();
    expect((await p.send(b)).state).toBe("unknown");
    expect((await p.query(b.outBillNo)).state).toBe("not_found");
  });
});

describe("signatures", () => {
  it("a client with the wrong merchant key is refused by each fake, and the refusal is not read as a failure", async () => {
    const wrongWx = createWechatProvider(fakeWechatConfig({ ...wx.keys, merchant: rsaPair() }, wx.url));
    const wrongAli = createAlipayProvider(fakeAlipayConfig({ ...ali.keys, app: rsaPair() }, ali.url));
    const wrongFlex = createFlexibleProvider(fakeFlexibleConfig({ ...flex.keys, secret: "0".repeat(64) }, flex.url));
    for (const [p, gw] of [[wrongWx, wx], [wrongAli, ali], [wrongFlex, flex]] as const) {
      gw.mode = "success";
      const before = gw.rejectedSignatures;
      const b = bill();
      const r = await p.send(b);
      expect(r.state).not.toBe("succeeded");
      expect(r.state).not.toBe("failed");
      expect(gw.rejectedSignatures).toBe(before + 1);
      expect(gw.bills.has(b.outBillNo)).toBe(false);
    }
  });

  it("a reply signed by someone else is unknown, never trusted", async () => {
    // The client expects replies signed by a different gateway key than the fake uses.
    const wxClient = createWechatProvider(fakeWechatConfig({ ...wx.keys, platform: rsaPair() }, wx.url));
    const aliClient = createAlipayProvider(fakeAlipayConfig({ ...ali.keys, alipay: rsaPair() }, ali.url));
    wx.mode = "success";
    ali.mode = "success";
    const paid = bill();
    await providers.wechat.p.send(paid);
    // A 200 reply is verified; (the SDK leaves non-2xx replies unverified: a resend after a
    // forged 404 is still the same bill, so it cannot pay twice.)
    expect((await wxClient.query(paid.outBillNo)).state).toBe("unknown");
    const b = bill();
    expect((await aliClient.send(b)).state).toBe("unknown");
  });
});

describe("WeChat specifics", () => {
  it("waiting for confirmation carries package_info; cancel before confirmation cancels", async () => {
    const { p } = providers.wechat;
    wx.mode = "waiting_confirmation";
    const b = bill();
    const r = await p.send(b);
    expect(r).toMatchObject({ state: "waiting_confirmation", packageInfo: expect.stringMatching(/.+/) as unknown });
    expect((await p.cancel(b.outBillNo, "expired")).state).toBe("cancelled");
    expect((await p.query(b.outBillNo)).state).toBe("cancelled");
    expect(wx.payments(b.outBillNo)).toBe(0);
  });

  it("cancelling a bill the recipient already confirmed does not report it cancelled", async () => {
    const { p } = providers.wechat;
    wx.mode = "waiting_confirmation";
    const b = bill();
    await p.send(b);
    wx.settle(b.outBillNo, "success");
    const r = await p.cancel(b.outBillNo, "expired");
    expect(r.state).not.toBe("cancelled");
    expect((await p.query(b.outBillNo)).state).toBe("succeeded");
  });

  it("from ¥2,000 the real name is sent encrypted with the WeChat Pay public key (the fake decrypts it)", async () => {
    const { p } = providers.wechat;
    wx.mode = "success";
    const b = bill(200_000);
    expect((await p.send(b)).state).toBe("succeeded");
    const sent = wx.bills.get(b.outBillNo)!.request;
    expect(typeof sent.user_name).toBe("string");
    expect(sent.user_name).not.toContain("张三");
    const noName = { ...bill(200_000), payee: { ...bill().payee, name: null } };
    expect(await p.send(noName)).toMatchObject({ state: "failed" });
  });

  it("verifies and decrypts a MCHTRANSFER.BILL.FINISHED callback; refuses tampered, stale or foreign ones", async () => {
    const { p } = providers.wechat;
    wx.mode = "waiting_confirmation";
    const b = bill();
    await p.send(b);
    wx.settle(b.outBillNo, "success");
    const cfg = fakeWechatConfig(wx.keys, wx.url);
    const note = wx.notification(b.outBillNo);
    const v = verifyWechatNotification(cfg, note.headers, note.body);
    expect(v.eventType).toBe("MCHTRANSFER.BILL.FINISHED");
    expect(v.bill.out_bill_no).toBe(b.outBillNo);
    expect(v.outcome.state).toBe("succeeded");
    // Through Headers too (the route handler's shape).
    expect(verifyWechatNotification(cfg, new Headers(note.headers), note.body).bill.out_bill_no).toBe(b.outBillNo);

    const tampered = wx.notification(b.outBillNo, { tamper: true });
    expect(() => verifyWechatNotification(cfg, tampered.headers, tampered.body)).toThrow(WechatNotificationError);
    const stale = wx.notification(b.outBillNo, { at: new Date(Date.now() - 3_600_000) });
    expect(() => verifyWechatNotification(cfg, stale.headers, stale.body)).toThrow(/stale/);
    expect(() => verifyWechatNotification({ ...cfg, apiV3Key: "x".repeat(32) }, note.headers, note.body)).toThrow(/decrypt/);
    expect(() => verifyWechatNotification(cfg, { ...note.headers, "Wechatpay-Serial": "PUB_KEY_ID_OTHER" }, note.body)).toThrow(/serial/i);
  });

  it("no openid: a clear failure, no call made", async () => {
    const before = wx.calls.length;
    const r = await providers.wechat.p.send({ ...bill(), payee: { name: "张三", wechatOpenid: null } });
    expect(r).toMatchObject({ state: "failed", reason: expect.stringMatching(/openid/) as unknown });
    expect(wx.calls.length).toBe(before);
  });
});

describe("Alipay specifics", () => {
  it("sends yuan with two decimals and the payee's real name for a login id", async () => {
    ali.mode = "success";
    const b = bill(10);
    expect((await providers.alipay.p.send(b)).state).toBe("succeeded");
    expect(ali.bills.get(b.outBillNo)!.request).toMatchObject({ trans_amount: "0.10", payee_info: { identity: "13800000000", identity_type: "ALIPAY_LOGON_ID", name: "张三" } });
  });

  it("cancel cannot undo an Alipay transfer: it reports the real state", async () => {
    ali.mode = "success";
    const b = bill();
    await providers.alipay.p.send(b);
    expect((await providers.alipay.p.cancel(b.outBillNo, "x")).state).toBe("succeeded");
  });

  it("fenToYuan", () => {
    expect(fenToYuan(0)).toBe("0.00");
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(123_456)).toBe("1234.56");
    expect(() => fenToYuan(-1)).toThrow();
    expect(() => fenToYuan(1.5)).toThrow();
  });
});

describe("flexible specifics", () => {
  it("cancels a processing transfer; unknown when the platform refuses to cancel a final one", async () => {
    const { p } = providers.flexible;
    flex.mode = "processing";
    const b = bill();
    await p.send(b);
    expect((await p.cancel(b.outBillNo, "brand cancelled")).state).toBe("cancelled");
    flex.mode = "success";
    const c = bill();
    await p.send(c);
    expect((await p.cancel(c.outBillNo, "x")).state).toBe("unknown");
    expect((await p.query(c.outBillNo)).state).toBe("succeeded");
  });
});
