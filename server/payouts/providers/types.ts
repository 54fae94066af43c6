/**
 * One interface for every automatic payout channel (issue 9 item 4). A provider only speaks to
 * its gateway; the executor (executor.ts) owns the database, the attempt rows and the
 * withdrawal's status. Every call carries the withdrawal's fixed out-bill number, so a resend
 * after an unclear answer is the SAME bill at the provider, never a second payment.
 */

export type PayoutProviderName = "wechat" | "alipay" | "flexible";

/** What is sent: the net amount, to whom, under the withdrawal's stable bill number. */
export interface PayoutBill {
  outBillNo: string;
  /** Net amount actually transferred, in fen. */
  amountFen: number;
  /** Shown to the recipient (≤ 32 characters at WeChat). */
  remark: string;
  payee: {
    /** Real name from the verified identity; checked by the provider when given. */
    name: string | null;
    wechatOpenid?: string | null;
    /** Alipay login id (phone / e-mail) or user id (2088…). */
    alipayAccount?: string | null;
    /** Flexible-employment platform: the bank card in clear (decrypted just for the call). */
    bankAccount?: string | null;
    bankName?: string | null;
  };
}

/**
 * A provider's answer. `unknown` means "we cannot tell whether the bill exists": a timeout, a
 * 5xx, a reply whose signature did not verify. The executor then asks `query` before anything
 * else. `not_found` (query only) means the provider has no such bill, so sending it is safe.
 */
export type PayoutOutcome =
  | { state: "succeeded"; providerRef: string | null; paidAt: Date | null; raw?: unknown }
  | { state: "processing"; providerRef: string | null; raw?: unknown }
  | { state: "waiting_confirmation"; providerRef: string | null; packageInfo: string; raw?: unknown }
  | { state: "failed"; providerRef: string | null; reason: string; raw?: unknown }
  | { state: "cancelled"; providerRef: string | null; reason: string; raw?: unknown }
  | { state: "unknown"; reason: string; raw?: unknown }
  | { state: "not_found"; raw?: unknown };

export interface PayoutProvider {
  readonly name: PayoutProviderName;
  send(bill: PayoutBill): Promise<PayoutOutcome>;
  query(outBillNo: string): Promise<PayoutOutcome>;
  /** Cancel a bill not yet final (WeChat: before the recipient confirms). */
  cancel(outBillNo: string, reason: string): Promise<PayoutOutcome>;
}

/** Final at the provider: nothing more will happen to the bill. */
export function isFinal(o: PayoutOutcome): boolean {
  return o.state === "succeeded" || o.state === "failed" || o.state === "cancelled";
}

/** Error text for logs and the attempt row: never a card or ID number (the bill is not logged). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 500);
  return String(e).slice(0, 500);
}

/** Fen → yuan string with two decimals ("12.34"), for APIs that take yuan. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new Error(`fenToYuan: bad amount ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}
