/**
 * A fake WeChat Pay 商家转账 gateway. It checks each request's WECHATPAY2-SHA256-RSA2048
 * Authorization against the merchant's public key (and that an encrypted user_name decrypts
 * with the WeChat Pay private key and names the right Wechatpay-Serial), signs its replies with
 * the WeChat Pay private key under the `PUB_KEY_ID_…`, and builds signed, encrypted
 * MCHTRANSFER.BILL.FINISHED callbacks.
 */
import { createSign, createVerify, privateDecrypt, constants, randomBytes, createCipheriv } from "node:crypto";
import { apiV3Key, rsaPair, type RsaPair } from "./keys";
import { billBook, startFakeServer, stateForMode, type FakeBill, type FakeBillState, type FakeGatewayBase, type FakeMode, type RawReply, type RawRequest } from "./base";
import type { WechatPayConfig } from "../wechat";

export interface FakeWechatKeys {
  mchid: string;
  appid: string;
  merchantSerial: string;
  merchant: RsaPair;
  publicKeyId: string;
  platform: RsaPair;
  apiV3Key: string;
}

export function fakeWechatKeys(): FakeWechatKeys {
  return {
    mchid: "1900000109",
    appid: "wx8888888888888888",
    merchantSerial: "3775B6A45ACD588826D15E583A95F5DD00000001",
    merchant: rsaPair(),
    publicKeyId: "PUB_KEY_ID_0114232134912410000000000000FAKE",
    platform: rsaPair(),
    apiV3Key: apiV3Key(),
  };
}

/** The provider config that talks to this fake. */
export function fakeWechatConfig(keys: FakeWechatKeys, baseURL: string, overrides: Partial<WechatPayConfig> = {}): WechatPayConfig {
  return {
    mchid: keys.mchid,
    appid: keys.appid,
    merchantSerial: keys.merchantSerial,
    privateKey: keys.merchant.privateKey,
    publicKeyId: keys.publicKeyId,
    publicKey: keys.platform.publicKey,
    apiV3Key: keys.apiV3Key,
    notifyUrl: "https://fenxiao.example/api/payouts/wechat/notify",
    baseURL,
    transferSceneId: "1005",
    timeoutMs: 2_000,
    ...overrides,
  };
}

const WX_STATE: Record<FakeBillState, string> = {
  success: "SUCCESS",
  failure: "FAIL",
  processing: "PROCESSING",
  waiting_confirmation: "WAIT_USER_CONFIRM",
  cancelled: "CANCELLED",
};

export interface FakeWechatGateway extends FakeGatewayBase {
  keys: FakeWechatKeys;
  /** A signed, encrypted MCHTRANSFER.BILL.FINISHED callback for the bill as it stands now. */
  notification(outBillNo: string, opts?: { tamper?: boolean; at?: Date }): { headers: Record<string, string>; body: string };
}

const PREFIX = "/v3/fund-app/mch-transfer/transfer-bills";

export async function startFakeWechat(keys: FakeWechatKeys = fakeWechatKeys()): Promise<FakeWechatGateway> {
  const book = billBook("1330000071100999991182020050700");
  const gw = { mode: "success" as FakeMode, timeoutThen: "success" as FakeBillState, rejectedSignatures: 0, calls: [] as { method: string; path: string }[] };

  const signed = (status: number, payload: unknown): RawReply => {
    const body = payload === undefined ? "" : JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString("hex");
    const signature = createSign("RSA-SHA256").update(`${timestamp}\n${nonce}\n${body}\n`).sign(keys.platform.privateKey, "base64");
    return { status, body, headers: { "Wechatpay-Serial": keys.publicKeyId, "Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature, "Request-ID": nonce } };
  };
  const billReply = (b: FakeBill) => ({
    out_bill_no: b.outBillNo,
    transfer_bill_no: b.ref,
    create_time: b.createdAt.toISOString(),
    update_time: b.updatedAt.toISOString(),
    state: WX_STATE[b.state],
    ...(b.state === "failure" || b.state === "cancelled" ? { fail_reason: b.reason ?? "" } : {}),
    ...(b.state === "waiting_confirmation" ? { package_info: `affffddafdfafddffda==${b.ref}` } : {}),
  });

  function verify(req: RawRequest): string | null {
    const auth = String(req.headers.authorization ?? "");
    const m = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(auth);
    if (!m) return "no WECHATPAY2-SHA256-RSA2048 Authorization";
    const parts: Record<string, string> = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    if (parts.mchid !== keys.mchid) return "mchid mismatch";
    if (parts.serial_no !== keys.merchantSerial) return "serial_no mismatch";
    if (Math.abs(Number(parts.timestamp) - Date.now() / 1000) > 300) return "stale timestamp";
    const message = `${req.method}\n${req.target}\n${parts.timestamp}\n${parts.nonce_str}\n${req.body}\n`;
    const ok = createVerify("RSA-SHA256").update(message).verify(keys.merchant.publicKey, parts.signature ?? "", "base64");
    return ok ? null : "signature does not verify";
  }

  const fake = await startFakeServer((req) => {
    const problem = verify(req);
    if (problem) {
      gw.rejectedSignatures++;
      return signed(401, { code: "SIGN_ERROR", message: problem });
    }
    gw.calls.push({ method: req.method, path: req.path });
    if (req.method === "POST" && req.path === PREFIX) {
      const body = JSON.parse(req.body) as Record<string, unknown>;
      if (typeof body.out_bill_no !== "string" || !/^[0-9A-Za-z]{1,32}$/.test(body.out_bill_no)) return signed(400, { code: "PARAM_ERROR", message: "out_bill_no" });
      if (body.appid !== keys.appid) return signed(400, { code: "PARAM_ERROR", message: "appid" });
      const amount = Number(body.transfer_amount);
      if (!Number.isInteger(amount) || amount < 10) return signed(400, { code: "PARAM_ERROR", message: "transfer_amount" });
      if (amount >= 200_000) {
        if (typeof body.user_name !== "string") return signed(400, { code: "PARAM_ERROR", message: "user_name required from 2000 yuan" });
        if (req.headers["wechatpay-serial"] !== keys.publicKeyId) return signed(400, { code: "PARAM_ERROR", message: "Wechatpay-Serial" });
        try {
          privateDecrypt({ key: keys.platform.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(body.user_name, "base64"));
        } catch {
          return signed(400, { code: "PARAM_ERROR", message: "user_name does not decrypt" });
        }
      }
      const existing = book.bills.get(body.out_bill_no);
      if (existing) return signed(200, billReply(existing));
      if (gw.mode === "error") return signed(500, { code: "SYSTEM_ERROR", message: "fake system error" });
      if (gw.mode === "failure") return signed(400, { code: "ACCOUNT_NOT_EXIST", message: "fake: the openid has no wallet" });
      const state = stateForMode(gw.mode, gw.timeoutThen)!;
      const { bill } = book.record(body.out_bill_no, amount, state, body);
      return gw.mode === "timeout" ? null : signed(200, billReply(bill));
    }
    const q = new RegExp(`^${PREFIX}/out-bill-no/([^/]+)(/cancel)?$`).exec(req.path);
    if (q) {
      const bill = book.bills.get(decodeURIComponent(q[1]!));
      if (!bill) return signed(404, { code: "NOT_FOUND", message: "no such bill" });
      if (req.method === "GET" && !q[2]) return signed(200, billReply(bill));
      if (req.method === "POST" && q[2]) {
        if (bill.state !== "waiting_confirmation" && bill.state !== "processing") return signed(400, { code: "INVALID_REQUEST", message: `cannot cancel in ${WX_STATE[bill.state]}` });
        book.settle(bill.outBillNo, "cancelled", "MERCHANT_REVOCATION");
        return signed(200, { out_bill_no: bill.outBillNo, transfer_bill_no: bill.ref, state: "CANCELLED", update_time: bill.updatedAt.toISOString() });
      }
    }
    return signed(404, { code: "NOT_FOUND", message: `no route ${req.method} ${req.path}` });
  });

  const out: FakeWechatGateway = Object.assign(gw, {
    url: fake.url,
    keys,
    bills: book.bills,
    payments: (no: string) => book.payments(no),
    settle: (no: string, st: FakeBillState, r?: string) => book.settle(no, st, r),
    close: fake.close,
    notification(outBillNo: string, opts: { tamper?: boolean; at?: Date } = {}) {
      const bill = book.bills.get(outBillNo);
      if (!bill) throw new Error(`fake wechat: no bill ${outBillNo}`);
      const resource = JSON.stringify({ ...billReply(bill), mch_id: keys.mchid });
      const nonce = randomBytes(6).toString("hex");
      const aad = "mch_payment";
      const cipher = createCipheriv("aes-256-gcm", Buffer.from(keys.apiV3Key), nonce);
      cipher.setAAD(Buffer.from(aad));
      const ciphertext = Buffer.concat([cipher.update(resource, "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64");
      const body = JSON.stringify({
        id: `EV-${bill.ref}`,
        create_time: new Date().toISOString(),
        resource_type: "encrypt-resource",
        event_type: "MCHTRANSFER.BILL.FINISHED",
        summary: "商家转账单据终态通知",
        resource: { original_type: "mch_payment", algorithm: "AEAD_AES_256_GCM", ciphertext, associated_data: aad, nonce },
      });
      const timestamp = String(Math.floor((opts.at ?? new Date()).getTime() / 1000));
      const hnonce = randomBytes(16).toString("hex");
      const signature = createSign("RSA-SHA256").update(`${timestamp}\n${hnonce}\n${body}\n`).sign(keys.platform.privateKey, "base64");
      return {
        headers: { "Wechatpay-Serial": keys.publicKeyId, "Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": hnonce, "Wechatpay-Signature": signature, "content-type": "application/json" },
        body: opts.tamper ? body.replace("MCHTRANSFER", "MCHTRANSFEX") : body,
      };
    },
  });
  return out;
}
