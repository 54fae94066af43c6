/**
 * A flexible-employment platform (灵活用工平台): the brand routes some amounts and people there;
 * the platform pays them and handles their tax, so the brand does not withhold (the
 * withdrawal's tax note says why). Platforms differ, so this speaks a small signed HTTP
 * protocol that an adapter at the platform (or the platform itself) implements:
 *
 *   POST {gateway}/transfers               {out_bill_no, amount_fen, payee: {name, bank_account, bank_name, wechat_openid, alipay_account}, remark}
 *   GET  {gateway}/transfers/{out_bill_no}
 *   POST {gateway}/transfers/{out_bill_no}/cancel   {reason}
 *   → 200 {out_bill_no, platform_ref, status: SUCCESS|PROCESSING|FAILED|CANCELLED, reason?, paid_at?}; 404 unknown bill
 *
 * Both directions are signed: X-Fx-App-Id, X-Fx-Timestamp (unix seconds), X-Fx-Nonce and
 * X-Fx-Signature = hex HMAC-SHA256(secret, "METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n") on requests,
 * and over "TIMESTAMP\nNONCE\nBODY\n" on replies. A reply that does not verify is `unknown`.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { describeError, type PayoutBill, type PayoutOutcome, type PayoutProvider } from "./types";

export interface FlexibleConfig {
  gatewayUrl: string;
  appId: string;
  secret: string;
  timeoutMs: number;
}

export const FLEX_HEADERS = { appId: "x-fx-app-id", timestamp: "x-fx-timestamp", nonce: "x-fx-nonce", signature: "x-fx-signature" } as const;

export function flexRequestSignature(secret: string, method: string, path: string, timestamp: string, nonce: string, body: string) {
  return createHmac("sha256", secret).update(`${method}\n${path}\n${timestamp}\n${nonce}\n${body}\n`).digest("hex");
}

export function flexReplySignature(secret: string, timestamp: string, nonce: string, body: string) {
  return createHmac("sha256", secret).update(`${timestamp}\n${nonce}\n${body}\n`).digest("hex");
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(a: string, b: string) {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

interface FlexReply {
  out_bill_no?: string;
  platform_ref?: string;
  status?: string;
  reason?: string;
  paid_at?: string;
}

export function flexibleOutcome(r: FlexReply): PayoutOutcome {
  const ref = r.platform_ref ?? null;
  switch (r.status) {
    case "SUCCESS":
      return { state: "succeeded", providerRef: ref, paidAt: r.paid_at ? new Date(r.paid_at) : null, raw: r };
    case "PROCESSING":
      return { state: "processing", providerRef: ref, raw: r };
    case "FAILED":
      return { state: "failed", providerRef: ref, reason: r.reason ?? "FAILED", raw: r };
    case "CANCELLED":
      return { state: "cancelled", providerRef: ref, reason: r.reason ?? "CANCELLED", raw: r };
    default:
      return { state: "unknown", reason: `unexpected status ${String(r.status)}`, raw: r };
  }
}

export function createFlexibleProvider(config: FlexibleConfig): PayoutProvider {
  const base = new URL(config.gatewayUrl.endsWith("/") ? config.gatewayUrl : `${config.gatewayUrl}/`);

  async function call(method: "GET" | "POST", rel: string, payload: unknown, notFoundOk: boolean): Promise<PayoutOutcome> {
    const url = new URL(rel, base);
    const body = payload === undefined ? "" : JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString("hex");
    const headers: Record<string, string> = {
      [FLEX_HEADERS.appId]: config.appId,
      [FLEX_HEADERS.timestamp]: timestamp,
      [FLEX_HEADERS.nonce]: nonce,
      [FLEX_HEADERS.signature]: flexRequestSignature(config.secret, method, url.pathname, timestamp, nonce, body),
      accept: "application/json",
    };
    if (body) headers["content-type"] = "application/json";
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body: body || undefined, signal: AbortSignal.timeout(config.timeoutMs) });
      text = await res.text();
    } catch (e) {
      return { state: "unknown", reason: describeError(e) };
    }
    const ts = res.headers.get(FLEX_HEADERS.timestamp) ?? "";
    const rn = res.headers.get(FLEX_HEADERS.nonce) ?? "";
    const sig = res.headers.get(FLEX_HEADERS.signature) ?? "";
    // Every reply, errors included, must be the platform's: otherwise a forged "FAILED" could return funds already paid.
    if (!sig || !sameSignature(sig, flexReplySignature(config.secret, ts, rn, text)) || Math.abs(Number(ts) - Date.now() / 1000) > 300) {
      return { state: "unknown", reason: `HTTP ${res.status}: reply signature does not verify` };
    }
    let data: FlexReply & { code?: string; message?: string };
    try {
      data = JSON.parse(text) as typeof data;
    } catch {
      return { state: "unknown", reason: `HTTP ${res.status}: reply is not JSON` };
    }
    if (res.status === 404 && notFoundOk) return { state: "not_found", raw: data };
    if (res.status === 422) return { state: "failed", providerRef: null, reason: `${data.code ?? "REJECTED"}: ${data.message ?? ""}`.trim(), raw: data };
    if (!res.ok) return { state: "unknown", reason: `HTTP ${res.status} ${data.code ?? ""} ${data.message ?? ""}`.trim() };
    return flexibleOutcome(data);
  }

  const path = (no: string) => `transfers/${encodeURIComponent(no)}`;
  return {
    name: "flexible",
    send: (bill: PayoutBill) =>
      call(
        "POST",
        "transfers",
        {
          out_bill_no: bill.outBillNo,
          amount_fen: bill.amountFen,
          remark: bill.remark,
          payee: {
            name: bill.payee.name,
            bank_account: bill.payee.bankAccount ?? null,
            bank_name: bill.payee.bankName ?? null,
            wechat_openid: bill.payee.wechatOpenid ?? null,
            alipay_account: bill.payee.alipayAccount ?? null,
          },
        },
        false,
      ),
    query: (outBillNo) => call("GET", path(outBillNo), undefined, true),
    cancel: (outBillNo, reason) => call("POST", `${path(outBillNo)}/cancel`, { reason }, true),
  };
}
