/**
 * WeChat Pay 商家转账 (the 2025 merchant transfer with recipient confirmation, PLATFORMS.md §2)
 * through `wechatpay-axios-plugin` in public-key mode: requests are signed with the merchant's
 * API private key, replies and callbacks are verified with the WeChat Pay public key keyed by
 * its `PUB_KEY_ID_…` (new merchants can only use this mode).
 *
 * A reply the SDK could not verify, a timeout or a 5xx is `unknown`: WeChat's rule is to query
 * before retrying and never to switch out_bill_no.
 */
import { Aes, Formatter, Rsa, Wechatpay } from "wechatpay-axios-plugin";
import { describeError, type PayoutBill, type PayoutOutcome, type PayoutProvider } from "./types";

export interface WechatPayConfig {
  mchid: string;
  appid: string;
  /** The merchant API certificate's serial number (signs our requests). */
  merchantSerial: string;
  /** The merchant API private key, PEM. */
  privateKey: string;
  /** `PUB_KEY_ID_…` and the WeChat Pay public key (PEM) that signs replies and callbacks. */
  publicKeyId: string;
  publicKey: string;
  /** APIv3 key (32 bytes): decrypts callback resources. */
  apiV3Key: string;
  /** https, no query string. */
  notifyUrl: string;
  baseURL: string;
  /** 1005 佣金报酬 by default. */
  transferSceneId: string;
  timeoutMs: number;
}

/** Names at or above ¥2,000 must be sent, encrypted, with the transfer (PLATFORMS.md §2). */
export const WECHAT_NAME_REQUIRED_FROM_FEN = 200_000;

interface TransferBillReply {
  out_bill_no?: string;
  transfer_bill_no?: string;
  state?: string;
  fail_reason?: string;
  package_info?: string;
  update_time?: string;
  create_time?: string;
}

/** WeChat's bill state → ours. CANCELING is not final yet: the cancel may still lose to a confirm. */
export function wechatOutcome(r: TransferBillReply): PayoutOutcome {
  const ref = r.transfer_bill_no ?? null;
  switch (r.state) {
    case "SUCCESS":
      return { state: "succeeded", providerRef: ref, paidAt: r.update_time ? new Date(r.update_time) : null, raw: r };
    case "WAIT_USER_CONFIRM":
      if (!r.package_info) return { state: "unknown", reason: "WAIT_USER_CONFIRM without package_info", raw: r };
      return { state: "waiting_confirmation", providerRef: ref, packageInfo: r.package_info, raw: r };
    case "ACCEPTED":
    case "PROCESSING":
    case "TRANSFERING":
    case "CANCELING":
      return { state: "processing", providerRef: ref, raw: r };
    case "FAIL":
      return { state: "failed", providerRef: ref, reason: r.fail_reason ?? "FAIL", raw: r };
    case "CANCELLED":
      return { state: "cancelled", providerRef: ref, reason: r.fail_reason ?? "CANCELLED", raw: r };
    default:
      return { state: "unknown", reason: `unexpected state ${String(r.state)}`, raw: r };
  }
}

/**
 * Error codes after which WeChat did not create the bill and a resend would fail the same way.
 * Anything else (SYSTEM_ERROR, FREQUENCY_LIMITED, NOT_ENOUGH — the merchant can top up —, a
 * network error) stays `unknown` and is queried and resent later.
 */
const DEFINITE_REJECTIONS = new Set(["PARAM_ERROR", "INVALID_REQUEST", "NO_AUTH", "OPENID_INVALID", "ACCOUNT_NOT_EXIST", "ACCOUNT_FROZEN", "REAL_NAME_CHECK_FAIL", "NAME_NOT_CORRECT"]);

interface AxiosLikeError {
  code?: string;
  response?: { status?: number; data?: { code?: string; message?: string } };
}

/**
 * Only a refused CREATE can mean "failed": a refused cancel (the recipient already confirmed) or
 * query says nothing about the bill's fate, so it is `unknown` and the caller queries.
 */
function fromError(e: unknown, { notFoundOk, call }: { notFoundOk: boolean; call: "send" | "query" | "cancel" }): PayoutOutcome {
  const err = e as AxiosLikeError;
  const status = err.response?.status;
  const code = err.response?.data?.code;
  const message = err.response?.data?.message;
  if (notFoundOk && status === 404) return { state: "not_found", raw: err.response?.data };
  if (call === "send" && status && status >= 400 && status < 500 && code && DEFINITE_REJECTIONS.has(code)) {
    return { state: "failed", providerRef: null, reason: `${code}: ${message ?? ""}`.trim(), raw: err.response?.data };
  }
  // A 200 whose signature failed (EV3_RES_*), a timeout (ECONNABORTED), a refused connection, 5xx.
  return { state: "unknown", reason: status ? `HTTP ${status} ${code ?? err.code ?? ""} ${message ?? ""}`.trim() : describeError(e) };
}

export function createWechatProvider(config: WechatPayConfig): PayoutProvider & {
  verifyNotification(headers: Headers | Record<string, string | undefined>, body: string): WechatNotification;
} {
  const wxpay = new Wechatpay({
    mchid: config.mchid,
    serial: config.merchantSerial,
    privateKey: config.privateKey,
    certs: { [config.publicKeyId]: config.publicKey },
    baseURL: config.baseURL,
    timeout: config.timeoutMs,
  } as ConstructorParameters<typeof Wechatpay>[0]);
  const publicKey = Rsa.from(config.publicKey, Rsa.KEY_TYPE_PUBLIC);
  // The SDK's chain turns camelCase segments into kebab-case and `_x_` into a `{x}` placeholder.
  const bills = wxpay.v3!.fundApp!.mchTransfer!.transferBills!;
  const byNo = bills.outBillNo!._out_bill_no_!;

  return {
    name: "wechat",
    async send(bill: PayoutBill) {
      if (!bill.payee.wechatOpenid) return { state: "failed", providerRef: null, reason: "no WeChat openid on the identity" };
      const needsName = bill.amountFen >= WECHAT_NAME_REQUIRED_FROM_FEN;
      if (needsName && !bill.payee.name) return { state: "failed", providerRef: null, reason: "a real name is required from ¥2,000" };
      const body = {
        appid: config.appid,
        out_bill_no: bill.outBillNo,
        transfer_scene_id: config.transferSceneId,
        openid: bill.payee.wechatOpenid,
        ...(needsName ? { user_name: Rsa.encrypt(bill.payee.name!, publicKey) } : {}),
        transfer_amount: bill.amountFen,
        transfer_remark: bill.remark.slice(0, 32),
        notify_url: config.notifyUrl,
        user_recv_perception: "劳务报酬",
        transfer_scene_report_infos: [
          { info_type: "岗位类型", info_content: "分销推广" },
          { info_type: "报酬说明", info_content: "分销佣金" },
        ],
      };
      try {
        // The encrypted name is only readable with the key named here.
        const res = await bills.post(body, needsName ? { headers: { "Wechatpay-Serial": config.publicKeyId } } : {});
        return wechatOutcome(res.data);
      } catch (e) {
        return fromError(e, { notFoundOk: false, call: "send" });
      }
    },
    async query(outBillNo: string) {
      try {
        const res = await byNo.get({ out_bill_no: outBillNo });
        return wechatOutcome(res.data as TransferBillReply);
      } catch (e) {
        return fromError(e, { notFoundOk: true, call: "query" });
      }
    },
    async cancel(outBillNo: string) {
      try {
        const res = await byNo.cancel!.post({}, { out_bill_no: outBillNo });
        return wechatOutcome(res.data);
      } catch (e) {
        return fromError(e, { notFoundOk: true, call: "cancel" });
      }
    },
    verifyNotification: (headers, body) => verifyWechatNotification(config, headers, body),
  };
}

/** The decrypted MCHTRANSFER.BILL.FINISHED resource (original_type mch_payment). */
export interface WechatNotification {
  eventType: string;
  bill: TransferBillReply & { mch_id?: string };
  outcome: PayoutOutcome;
}

export class WechatNotificationError extends Error {}

const header = (h: Headers | Record<string, string | undefined>, name: string) =>
  h instanceof Headers ? h.get(name) : (h[name] ?? h[name.toLowerCase()] ?? null);

/**
 * Verifies `timestamp\nnonce\nbody\n` (SHA256-RSA) against the WeChat Pay public key named by
 * Wechatpay-Serial, refuses stale timestamps (replays), then decrypts the resource with the
 * APIv3 key. Throws WechatNotificationError on anything wrong: the route answers 4xx and
 * WeChat re-sends.
 */
export function verifyWechatNotification(
  config: Pick<WechatPayConfig, "publicKeyId" | "publicKey" | "apiV3Key" | "mchid">,
  headers: Headers | Record<string, string | undefined>,
  body: string,
  now: Date = new Date(),
): WechatNotification {
  const serial = header(headers, "Wechatpay-Serial");
  const signature = header(headers, "Wechatpay-Signature");
  const timestamp = header(headers, "Wechatpay-Timestamp");
  const nonce = header(headers, "Wechatpay-Nonce");
  if (!serial || !signature || !timestamp || !nonce) throw new WechatNotificationError("missing Wechatpay-* headers");
  // WeChat sends a WECHATPAY/SIGNTEST/ signature probe sometimes; it must fail verification.
  if (serial !== config.publicKeyId) throw new WechatNotificationError(`unknown Wechatpay-Serial ${serial}`);
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > 300) throw new WechatNotificationError("stale Wechatpay-Timestamp");
  if (!Rsa.verify(Formatter.response(timestamp, nonce, body), signature, Rsa.from(config.publicKey, Rsa.KEY_TYPE_PUBLIC))) {
    throw new WechatNotificationError("signature does not verify");
  }
  let parsed: { event_type?: string; resource?: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string } };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new WechatNotificationError("body is not JSON");
  }
  const r = parsed.resource;
  if (!r?.ciphertext || !r.nonce || r.algorithm !== "AEAD_AES_256_GCM") throw new WechatNotificationError("no AEAD_AES_256_GCM resource");
  let bill: WechatNotification["bill"];
  try {
    bill = JSON.parse(Aes.AesGcm.decrypt(r.ciphertext, config.apiV3Key, r.nonce, r.associated_data ?? "")) as WechatNotification["bill"];
  } catch {
    throw new WechatNotificationError("resource does not decrypt with the APIv3 key");
  }
  if (bill.mch_id && bill.mch_id !== config.mchid) throw new WechatNotificationError("callback for another merchant");
  if (!bill.out_bill_no) throw new WechatNotificationError("resource has no out_bill_no");
  return { eventType: parsed.event_type ?? "", bill, outcome: wechatOutcome(bill) };
}
