/**
 * Alipay `alipay.fund.trans.uni.transfer` (PLATFORMS.md §3) through `alipay-sdk` v4's `curl()`
 * (the OpenAPI v3 protocol: requests signed with the app private key, every reply verified
 * against the Alipay public key — or the public-key certificate, which Alipay requires for
 * transfers in production). `exec()` is the deprecated v2 protocol and is not used.
 *
 * out_biz_no is the withdrawal's out-bill number: Alipay answers a repeated out_biz_no with the
 * first transfer's result, which is what makes a resend safe.
 */
import { AlipayRequestError, AlipaySdk } from "alipay-sdk";
import { describeError, fenToYuan, type PayoutBill, type PayoutOutcome, type PayoutProvider } from "./types";

export interface AlipayConfig {
  appId: string;
  /** App private key (PEM or bare base64; PKCS#8 or PKCS#1 per keyType). */
  privateKey: string;
  keyType: "PKCS1" | "PKCS8";
  /** Public-key mode. */
  alipayPublicKey?: string;
  /** Certificate mode (required by Alipay for transfers in production). */
  appCertContent?: string;
  alipayPublicCertContent?: string;
  alipayRootCertContent?: string;
  /** OpenAPI v3 endpoint, https://openapi.alipay.com by default. */
  endpoint: string;
  timeoutMs: number;
}

const PRODUCT_CODE = "TRANS_ACCOUNT_NO_PWD";
const BIZ_SCENE = "DIRECT_TRANSFER";

interface TransferReply {
  out_biz_no?: string;
  order_id?: string;
  pay_fund_order_id?: string;
  status?: string;
  trans_date?: string;
  fail_reason?: string;
  error_code?: string;
}

/** Alipay's status → ours. DEALING (bank-card transfers only) is still in progress. */
export function alipayOutcome(r: TransferReply): PayoutOutcome {
  const ref = r.order_id ?? r.pay_fund_order_id ?? null;
  switch (r.status) {
    case "SUCCESS":
      return { state: "succeeded", providerRef: ref, paidAt: r.trans_date ? parseAlipayTime(r.trans_date) : null, raw: r };
    case "DEALING":
    case "WAIT_PAY":
    case "INIT":
      return { state: "processing", providerRef: ref, raw: r };
    case "FAIL":
    case "REFUND":
    case "CLOSED":
      return { state: "failed", providerRef: ref, reason: [r.error_code, r.fail_reason].filter(Boolean).join(": ") || (r.status ?? "FAIL"), raw: r };
    default:
      return { state: "unknown", reason: `unexpected status ${String(r.status)}`, raw: r };
  }
}

/** "2026-12-02 14:03:05" is Beijing time. */
function parseAlipayTime(s: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(s);
  const d = m ? new Date(`${m[1]}T${m[2]}+08:00`) : new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Codes after which no transfer exists and a resend would fail the same way. */
const DEFINITE_REJECTIONS = new Set([
  "PAYEE_NOT_EXIST",
  "PAYEE_USER_INFO_ERROR",
  "PAYEE_ACCOUNT_STATUS_ERROR",
  "PAYEE_CERT_INFO_ERROR",
  "PAYEE_ACC_OCUPIED",
  "PAYEE_USERINFO_STATUS_ERROR",
  "PERMIT_NON_BANK_LIMIT_PAYEE",
  "EXCEED_LIMIT_SM_AMOUNT",
  "EXCEED_LIMIT_PERSONAL_SM_AMOUNT",
  "INVALID_PARAMETER",
  "MISSING_REQUIRED_ARGUMENTS",
  "PAYER_BALANCE_NOT_ENOUGH",
]);

/** Only a refused transfer can mean "failed"; a refused query says nothing about the bill's fate. */
function fromError(e: unknown, { notFoundOk }: { notFoundOk: boolean }): PayoutOutcome {
  if (e instanceof AlipayRequestError && e.responseHttpStatus && e.responseHttpStatus >= 400 && e.responseHttpStatus < 500) {
    if (notFoundOk && (e.code === "ORDER_NOT_EXIST" || e.responseHttpStatus === 404)) return { state: "not_found" };
    if (!notFoundOk && e.code && DEFINITE_REJECTIONS.has(e.code)) return { state: "failed", providerRef: null, reason: `${e.code}: ${e.message}` };
  }
  // Timeouts, refused connections, 5xx, a reply whose signature did not verify.
  return { state: "unknown", reason: e instanceof AlipayRequestError ? `${e.code ?? "error"} ${e.responseHttpStatus ?? ""} ${e.message}`.slice(0, 500) : describeError(e) };
}

/** An Alipay account is a user id (2088 + 12 digits) or a login id (phone / e-mail). */
export function alipayPayeeInfo(account: string, name: string | null) {
  const isUserId = /^2088\d{12}$/.test(account);
  return isUserId
    ? { identity: account, identity_type: "ALIPAY_USER_ID", ...(name ? { name } : {}) }
    : { identity: account, identity_type: "ALIPAY_LOGON_ID", name: name ?? "" };
}

export function createAlipayProvider(config: AlipayConfig): PayoutProvider {
  const sdk = new AlipaySdk({
    appId: config.appId,
    // The SDK re-wraps PEM by dropping its first and last lines: a trailing newline breaks that.
    privateKey: config.privateKey.trim(),
    keyType: config.keyType,
    endpoint: config.endpoint,
    timeout: config.timeoutMs,
    ...(config.appCertContent && config.alipayPublicCertContent && config.alipayRootCertContent
      ? { appCertContent: config.appCertContent, alipayPublicCertContent: config.alipayPublicCertContent, alipayRootCertContent: config.alipayRootCertContent }
      : { alipayPublicKey: config.alipayPublicKey?.trim() }),
  });

  const query = async (outBillNo: string): Promise<PayoutOutcome> => {
    try {
      const res = await sdk.curl<TransferReply>("GET", "/v3/alipay/fund/trans/common/query", {
        query: { out_biz_no: outBillNo, product_code: PRODUCT_CODE, biz_scene: BIZ_SCENE },
      });
      return alipayOutcome(res.data);
    } catch (e) {
      return fromError(e, { notFoundOk: true });
    }
  };

  return {
    name: "alipay",
    async send(bill: PayoutBill) {
      if (!bill.payee.alipayAccount) return { state: "failed", providerRef: null, reason: "no Alipay account on the identity" };
      const payee = alipayPayeeInfo(bill.payee.alipayAccount, bill.payee.name);
      if (payee.identity_type === "ALIPAY_LOGON_ID" && !payee.name) return { state: "failed", providerRef: null, reason: "Alipay login id needs the real name" };
      try {
        const res = await sdk.curl<TransferReply>("POST", "/v3/alipay/fund/trans/uni/transfer", {
          body: {
            out_biz_no: bill.outBillNo,
            trans_amount: fenToYuan(bill.amountFen),
            product_code: PRODUCT_CODE,
            biz_scene: BIZ_SCENE,
            order_title: bill.remark.slice(0, 64),
            remark: bill.remark.slice(0, 200),
            payee_info: payee,
            business_params: JSON.stringify({ payer_show_name_use_alias: "true" }),
          },
        });
        return alipayOutcome(res.data);
      } catch (e) {
        return fromError(e, { notFoundOk: false });
      }
    },
    query,
    /**
     * Alipay has no cancel for a transfer to an Alipay account: it is final at once. Cancelling
     * reports the bill's real state so the caller never returns funds for a paid transfer.
     */
    async cancel(outBillNo: string) {
      return query(outBillNo);
    },
  };
}
