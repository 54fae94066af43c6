/**
 * A fake Alipay OpenAPI v3 gateway for `alipay.fund.trans.uni.transfer` and
 * `alipay.fund.trans.common.query`. It verifies the `ALIPAY-SHA256withRSA` Authorization
 * (authString\nMETHOD\nURL\nBODY\n) against the app's public key and signs each reply
 * (timestamp\nnonce\nbody\n) with the Alipay private key, as alipay-sdk's curl() expects.
 */
import { createSign, createVerify, randomUUID } from "node:crypto";
import type { AlipayConfig } from "../alipay";
import { billBook, startFakeServer, stateForMode, type FakeBill, type FakeBillState, type FakeGatewayBase, type FakeMode, type RawReply, type RawRequest } from "./base";
import { rsaPair, type RsaPair } from "./keys";

export interface FakeAlipayKeys {
  appId: string;
  app: RsaPair;
  alipay: RsaPair;
}

export function fakeAlipayKeys(): FakeAlipayKeys {
  return { appId: "2021000000000001", app: rsaPair(), alipay: rsaPair() };
}

export function fakeAlipayConfig(keys: FakeAlipayKeys, endpoint: string, overrides: Partial<AlipayConfig> = {}): AlipayConfig {
  return { appId: keys.appId, privateKey: keys.app.privateKey, keyType: "PKCS8", alipayPublicKey: keys.alipay.publicKey, endpoint, timeoutMs: 2_000, ...overrides };
}

const STATUS: Record<FakeBillState, string> = { success: "SUCCESS", failure: "FAIL", processing: "DEALING", waiting_confirmation: "DEALING", cancelled: "FAIL" };

export interface FakeAlipayGateway extends FakeGatewayBase {
  keys: FakeAlipayKeys;
}

export async function startFakeAlipay(keys: FakeAlipayKeys = fakeAlipayKeys()): Promise<FakeAlipayGateway> {
  const book = billBook("20261202110070000006");
  const gw = { mode: "success" as FakeMode, timeoutThen: "success" as FakeBillState, rejectedSignatures: 0, calls: [] as { method: string; path: string }[] };

  const signed = (status: number, payload: unknown): RawReply => {
    const body = JSON.stringify(payload);
    const timestamp = String(Date.now());
    const nonce = randomUUID();
    const signature = createSign("RSA-SHA256").update(`${timestamp}\n${nonce}\n${body}\n`, "utf8").sign(keys.alipay.privateKey, "base64");
    return { status, body, headers: { "alipay-timestamp": timestamp, "alipay-nonce": nonce, "alipay-signature": signature, "alipay-trace-id": nonce } };
  };
  const reply = (b: FakeBill) => ({
    out_biz_no: b.outBillNo,
    order_id: b.ref,
    pay_fund_order_id: `${b.ref}P`,
    status: STATUS[b.state],
    trans_date: "2026-12-02 14:03:05",
    ...(b.state === "failure" ? { fail_reason: b.reason ?? "", error_code: "PAYEE_NOT_EXIST" } : {}),
  });

  function verify(req: RawRequest): string | null {
    const auth = String(req.headers.authorization ?? "");
    const m = /^ALIPAY-SHA256withRSA (.*),sign=(.+)$/.exec(auth);
    if (!m) return "no ALIPAY-SHA256withRSA Authorization";
    const authString = m[1]!;
    const fields = Object.fromEntries(authString.split(",").map((kv) => kv.split("=") as [string, string]));
    if (fields.app_id !== keys.appId) return "app_id mismatch";
    if (Math.abs(Number(fields.timestamp) - Date.now()) > 300_000) return "stale timestamp";
    let message = `${authString}\n${req.method}\n${req.target}\n${req.body}\n`;
    const token = req.headers["alipay-app-auth-token"];
    if (typeof token === "string") message += `${token}\n`;
    return createVerify("RSA-SHA256").update(message, "utf8").verify(keys.app.publicKey, m[2]!, "base64") ? null : "sign does not verify";
  }

  const fake = await startFakeServer((req) => {
    const problem = verify(req);
    if (problem) {
      gw.rejectedSignatures++;
      return signed(401, { code: "invalid-signature", message: problem });
    }
    gw.calls.push({ method: req.method, path: req.path });
    if (req.method === "POST" && req.path === "/v3/alipay/fund/trans/uni/transfer") {
      const body = JSON.parse(req.body) as { out_biz_no?: string; trans_amount?: string; product_code?: string; biz_scene?: string; payee_info?: { identity?: string; identity_type?: string; name?: string } };
      if (!body.out_biz_no || body.product_code !== "TRANS_ACCOUNT_NO_PWD" || body.biz_scene !== "DIRECT_TRANSFER") return signed(400, { code: "INVALID_PARAMETER", message: "out_biz_no / product_code / biz_scene" });
      if (!/^\d+\.\d{2}$/.test(body.trans_amount ?? "") || Number(body.trans_amount) < 0.1) return signed(400, { code: "INVALID_PARAMETER", message: "trans_amount" });
      if (!body.payee_info?.identity || (body.payee_info.identity_type === "ALIPAY_LOGON_ID" && !body.payee_info.name)) return signed(400, { code: "INVALID_PARAMETER", message: "payee_info" });
      const existing = book.bills.get(body.out_biz_no);
      if (existing) return signed(200, reply(existing));
      if (gw.mode === "error") return signed(500, { code: "SYSTEM_ERROR", message: "fake system error" });
      if (gw.mode === "failure") return signed(400, { code: "PAYEE_NOT_EXIST", message: "fake: no such Alipay account" });
      const { bill } = book.record(body.out_biz_no, Math.round(Number(body.trans_amount) * 100), stateForMode(gw.mode, gw.timeoutThen)!, body);
      return gw.mode === "timeout" ? null : signed(200, reply(bill));
    }
    if (req.method === "GET" && req.path === "/v3/alipay/fund/trans/common/query") {
      const bill = book.bills.get(req.query.get("out_biz_no") ?? "");
      if (!bill) return signed(400, { code: "ORDER_NOT_EXIST", message: "no such transfer" });
      return signed(200, reply(bill));
    }
    return signed(404, { code: "not-found", message: `${req.method} ${req.path}` });
  });

  const out: FakeAlipayGateway = Object.assign(gw, { url: fake.url, keys, bills: book.bills, payments: (no: string) => book.payments(no), settle: (no: string, st: FakeBillState, r?: string) => book.settle(no, st, r), close: fake.close });
  return out;
}
