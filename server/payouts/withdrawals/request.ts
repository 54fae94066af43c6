/**
 * Requesting a withdrawal (issue 9 item 2): channel and amount, checked against the available
 * balance, arrears, the channel's payee account, the brand's limits and caps; fee and estimated
 * tax shown first (quote), then `available → withdrawing` in the same transaction as the
 * withdrawal row and its first timeline event.
 *
 * Concurrency: the distributor's row is locked (FOR NO KEY UPDATE, so orders referencing it
 * are not blocked) before anything is read, so two requests by one distributor run one after
 * the other and both the caps and computeTax's same-month aggregation see the earlier one.
 * The balance CHECK on ledger_accounts remains the last word: nothing can overdraw.
 */
import { and, eq, gte, inArray, ne, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { distributors, withdrawalEvents, withdrawals } from "@/db/schema";
import { AppError, isUniqueViolation } from "@/server/errors";
import { balancesOfOne } from "@/server/ledger/balances";
import { credit, debit, distributorAccount } from "@/server/ledger/accounts";
import { postJournals } from "@/server/ledger/post";
import { shanghaiDayStart } from "@/server/shared/time";
import { flexibleRouteOf, type RoutedBy } from "./flexible-routes";
import { loadTaxContext, NOT_WITHHELD, taxFromContext } from "@/server/payouts/tax/compute";
import { emitWithdrawalEvents } from "@/server/webhooks/emit";
import { payeeOf, type Payee } from "./deps";
import { newOutBillNo } from "./bill-no";
import { checkLimits, feeOf, REQUEST_CHANNELS, type LimitViolation, type RequestChannel, type Usage } from "./limits";
import { getPayoutSettings, type PayoutSettings } from "./settings";
import type { TransitionActor } from "./transitions";

/** Statuses whose money is back in `available`: they count against no cap and no tax month. */
export const RETURNED_STATUSES = ["rejected", "failed", "cancelled", "expired"] as const;
const LIVE_STATUSES = ["reviewing", "approved", "paying", "waiting_confirmation", "paid"] as const;

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
function shanghaiMonthStart(d: Date): Date {
  const local = new Date(d.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MS);
}

/** What the distributor has requested (not returned) today and this month, on the brand's clock. */
export async function usageOf(tx: Tx, distributorId: string, now: Date): Promise<Usage> {
  const day = shanghaiDayStart(now);
  const month = shanghaiMonthStart(now);
  const [r] = await tx
    .select({
      dayAmount: sql<string>`coalesce(sum(${withdrawals.amountFen}) filter (where ${withdrawals.requestedAt} >= ${day.toISOString()}::timestamptz), 0)`,
      dayCount: sql<string>`count(*) filter (where ${withdrawals.requestedAt} >= ${day.toISOString()}::timestamptz)`,
      monthAmount: sql<string>`coalesce(sum(${withdrawals.amountFen}), 0)`,
      monthCount: sql<string>`count(*)`,
    })
    .from(withdrawals)
    .where(
      and(
        eq(withdrawals.distributorId, distributorId),
        inArray(withdrawals.status, [...LIVE_STATUSES]),
        // Payouts the brand made outside are not requests: they use no cap.
        ne(withdrawals.channel, "external"),
        gte(withdrawals.requestedAt, month),
      ),
    );
  return {
    dayAmountFen: Number(r?.dayAmount ?? 0),
    dayCount: Number(r?.dayCount ?? 0),
    monthAmountFen: Number(r?.monthAmount ?? 0),
    monthCount: Number(r?.monthCount ?? 0),
  };
}

export interface RequestInput {
  channel: RequestChannel;
  amountFen: number;
}

/** Why the channel cannot pay this distributor at all (no account on file, identity missing). */
export type PayeeProblem = "no_bank_card" | "no_wechat" | "no_alipay" | "identity_required";

export function payeeProblem(payee: Payee, channel: RequestChannel): PayeeProblem | null {
  if (channel === "bank") {
    if (!payee.bank) return "no_bank_card";
    // A bank transfer is made out to a name; the bank refuses it when the name does not match.
    if (!payee.verified || !payee.realName) return "identity_required";
  }
  if (channel === "wechat" && !payee.wechatOpenid) return "no_wechat";
  if (channel === "alipay") {
    if (!payee.alipayAccount) return "no_alipay";
    if (!payee.verified || !payee.realName) return "identity_required";
  }
  return null;
}

const PAYEE_MESSAGES: Record<PayeeProblem, string> = {
  no_bank_card: "Add a bank card in identity verification before withdrawing to a bank card.",
  no_wechat: "Link your WeChat account in identity verification before withdrawing to WeChat.",
  no_alipay: "Add your Alipay account in identity verification before withdrawing to Alipay.",
  identity_required: "Complete identity verification (real name and ID number) before withdrawing to this channel.",
};

export interface Quote {
  channel: RequestChannel;
  amountFen: number;
  availableFen: number;
  arrearsFen: number;
  feeFen: number;
  /** An estimate: the tax is fixed when the payout starts (same-month income may change it). */
  taxFen: number;
  netFen: number;
  taxMethod: "labour" | "cumulative" | "not_withheld";
  taxNote: string | null;
  /** At or above the brand's flexibleFromFen, or for a person the brand routes there, the payout goes through the flexible-employment platform. */
  routedToFlexible: boolean;
  /** Why it is routed there: the amount threshold or the person (null: not routed). */
  routedBy: RoutedBy | null;
  /** The first rule the request breaks, or null when it can be requested as it is. */
  problem: { code: string; message: string; limit: number | null; alternatives: RequestChannel[] } | null;
}

function notWithheldReason(payee: Payee, routed: boolean): string | null {
  if (routed) return NOT_WITHHELD.flexiblePlatform;
  return payee.incomeType === "individual_business" ? NOT_WITHHELD.individualBusiness : null;
}

/** The brand routes amounts from flexibleFromFen to the flexible-employment platform. */
export function routesToFlexible(settings: PayoutSettings, amountFen: number): boolean {
  return settings.flexibleFromFen != null && amountFen >= settings.flexibleFromFen;
}

/**
 * For a routed request the chosen channel's per-transfer range does not apply (the platform
 * takes the amount, paid to the bank card); the caps still do.
 */
function capsOnly(settings: PayoutSettings, channel: RequestChannel): PayoutSettings {
  return { ...settings, channelLimits: { ...settings.channelLimits, [channel]: { enabled: true, minFen: 1, maxFen: Number.MAX_SAFE_INTEGER, realNameFromFen: null } } };
}

/**
 * Everything a request is judged on, read in one round trip: the statements are sent together
 * and run in the order sent, so with `lock` the distributor's row is locked before any read runs
 * (a concurrent request by the same distributor is waited for, then seen by the caps and the tax
 * month). `.then` is called on the lock at once, so it goes out ahead of the reads.
 */
async function evaluate(tx: Tx, distributorId: string, input: RequestInput, now: Date, lock: boolean) {
  const locked = lock
    ? tx
        .select({ id: distributors.id, status: distributors.status })
        .from(distributors)
        .where(eq(distributors.id, distributorId))
        .for("no key update")
        .then((rows) => rows[0] ?? null)
    : Promise.resolve(undefined);
  // Read whether or not the payout turns out withheld: sending it costs less than a round trip.
  // Sent in this order (each call sends its statement at once); the tax context takes the
  // method and income type from the settings and payee reads rather than reading them again.
  const settingsRead = getPayoutSettings(tx);
  const payeeRead = payeeOf(tx, distributorId);
  const [distributor, settings, payee, balances, usage, personRoute, taxContext] = await Promise.all([
    locked,
    settingsRead,
    payeeRead,
    balancesOfOne(tx, distributorId),
    usageOf(tx, distributorId, now),
    flexibleRouteOf(tx, distributorId),
    loadTaxContext(tx, [distributorId], now, [], {
      method: settingsRead.then((s) => s.taxMethod),
      individualBusiness: payeeRead.then((p) => new Set(p.incomeType === "individual_business" ? [distributorId] : [])),
    }),
  ]);
  const routedBy: RoutedBy | null = personRoute !== null ? "person" : routesToFlexible(settings, input.amountFen) ? "amount" : null;
  const routed = routedBy !== null;
  const feeFen = feeOf(input.amountFen, settings.feeBp);
  const withheldReason = notWithheldReason(payee, routed);
  const tax = taxFromContext(withheldReason ? null : taxContext, {
    distributorId,
    incomeFen: input.amountFen,
    month: taxContext.month,
    notWithheldReason: withheldReason,
  });
  const netFen = input.amountFen - feeFen - tax.taxFen;

  let problem: Quote["problem"] = null;
  let violation: LimitViolation | null = null;
  if (balances.arrearsFen > 0) {
    problem = { code: "arrears", message: `You owe ${fmt(balances.arrearsFen)} from refunded orders; it is cleared from your next settled commission before you can withdraw.`, limit: balances.arrearsFen, alternatives: [] };
  } else if (input.amountFen > balances.availableFen) {
    problem = { code: "above_available", message: `You can withdraw at most ${fmt(balances.availableFen)} (your available balance).`, limit: balances.availableFen, alternatives: [] };
  } else {
    const pp = payeeProblem(payee, routed ? "bank" : input.channel);
    if (pp) problem = { code: pp, message: PAYEE_MESSAGES[pp], limit: null, alternatives: [] };
    else {
      violation = checkLimits(routed ? capsOnly(settings, input.channel) : settings, { channel: input.channel, amountFen: input.amountFen, hasRealName: payee.verified && !!payee.realName, usage });
      if (violation) problem = { code: violation.code, message: violation.message, limit: violation.limit, alternatives: violation.alternatives };
      else if (netFen < 0) problem = { code: "net_negative", message: "The fee and tax exceed the amount: request a larger amount.", limit: null, alternatives: [] };
    }
  }
  return { distributor, settings, payee, balances, feeFen, tax, netFen, problem, routed, routedBy, personRoute };
}

function fmt(fen: number) {
  return `¥${(fen / 100).toFixed(2)}`;
}

function checkInput(input: RequestInput) {
  if (!REQUEST_CHANNELS.includes(input.channel)) {
    throw new AppError("BAD_REQUEST", "Choose bank card, WeChat or Alipay.", { fields: { channel: "invalid_value" } });
  }
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new AppError("BAD_REQUEST", "The amount must be a positive whole number of fen.", { fields: { amountFen: "invalid_value" } });
  }
}

/** Fee, estimated tax and net for the confirmation screen; changes nothing. */
export async function quoteWithdrawal(tx: Tx, distributorId: string, input: RequestInput, now = new Date()): Promise<Quote> {
  checkInput(input);
  const e = await evaluate(tx, distributorId, input, now, false);
  return {
    channel: input.channel,
    amountFen: input.amountFen,
    availableFen: e.balances.availableFen,
    arrearsFen: e.balances.arrearsFen,
    feeFen: e.feeFen,
    taxFen: e.tax.taxFen,
    netFen: Math.max(0, e.netFen),
    taxMethod: e.tax.method,
    taxNote: e.tax.note,
    routedToFlexible: e.routed,
    routedBy: e.routedBy,
    problem: e.problem,
  };
}

const PROBLEM_ERROR: Record<string, "PRECONDITION_FAILED" | "UNPROCESSABLE"> = {
  arrears: "PRECONDITION_FAILED",
  no_bank_card: "PRECONDITION_FAILED",
  no_wechat: "PRECONDITION_FAILED",
  no_alipay: "PRECONDITION_FAILED",
  identity_required: "PRECONDITION_FAILED",
  real_name_required: "PRECONDITION_FAILED",
};

function payeeSnapshot(payee: Payee, channel: RequestChannel) {
  const base = { payeeName: payee.realName, payeeAccountMasked: null as string | null, payeeAccountEnc: null as string | null, payeeBankName: null as string | null };
  if (channel === "bank" && payee.bank) {
    return { ...base, payeeAccountMasked: payee.bank.accountMasked, payeeAccountEnc: payee.bank.accountEnc, payeeBankName: payee.bank.bankName };
  }
  if (channel === "alipay" && payee.alipayAccount) return { ...base, payeeAccountMasked: maskAccount(payee.alipayAccount) };
  if (channel === "wechat" && payee.wechatOpenid) return { ...base, payeeAccountMasked: maskAccount(payee.wechatOpenid) };
  return base;
}

/** "13800138000" → "138****8000", "a@b.com" → "a****.com": enough to recognise, not to use. */
export function maskAccount(s: string): string {
  if (s.length <= 4) return "****";
  const head = s.slice(0, Math.min(3, Math.floor(s.length / 4)));
  return `${head}****${s.slice(-4)}`;
}

export type WithdrawalRow = typeof withdrawals.$inferSelect;

/**
 * Creates the withdrawal (status `reviewing`) and moves the amount to `withdrawing`. Every
 * refusal is an AppError with `fields.amountFen` / `fields.channel` set to the rule's code, and
 * leaves nothing changed.
 */
export async function requestWithdrawal(
  tx: Tx,
  tenantId: string,
  distributorId: string,
  input: RequestInput,
  actor: TransitionActor = { type: "distributor", id: distributorId },
  now = new Date(),
): Promise<WithdrawalRow> {
  checkInput(input);
  const e = await evaluate(tx, distributorId, input, now, true);
  const d = e.distributor;
  if (!d) throw new AppError("NOT_FOUND", "Distributor not found.");
  if (d.status !== "active") {
    throw new AppError("PRECONDITION_FAILED", "Only an active distributor can withdraw.", { fields: { distributor: "not_active" } });
  }
  if (e.problem) {
    const field = e.problem.code.startsWith("no_") || e.problem.code === "channel_disabled" ? "channel" : "amountFen";
    throw new AppError(PROBLEM_ERROR[e.problem.code] ?? "UNPROCESSABLE", e.problem.message, { fields: { [field]: e.problem.code } });
  }

  // The row, its first timeline event, the webhook outbox and the journal, sent together in
  // this order (one round trip): each statement runs after the ones before it, so the event and
  // the outbox find the row. The id is drawn here so they can name it before it is written.
  const id = uuidv7();
  const outBillNo = newOutBillNo(now);
  const channel = e.routed ? "flexible" : input.channel;
  const routeNote = e.routedBy ? { routedBy: e.routedBy, routeReason: e.personRoute } : {};
  const inserted = tx
    .insert(withdrawals)
    .values({
      id,
      tenantId,
      distributorId,
      outBillNo,
      channel,
      status: "reviewing",
      amountFen: input.amountFen,
      feeFen: e.feeFen,
      taxFen: e.tax.taxFen,
      netFen: e.netFen,
      taxMethod: e.tax.method,
      taxNote: e.tax.note,
      taxDetail: { ...e.tax.detail, estimate: true, month: e.tax.month, ...routeNote },
      // The flexible-employment platform pays to the person's bank card.
      ...payeeSnapshot(e.payee, e.routed ? "bank" : input.channel),
      requestedAt: now,
      updatedAt: now,
    })
    .returning()
    .then((rows) => rows[0]!);
  const event = tx
    .insert(withdrawalEvents)
    .values({
      tenantId,
      withdrawalId: id,
      fromStatus: null,
      toStatus: "reviewing",
      actorType: actor.type,
      actorId: actor.id,
      detail: { channel, amountFen: input.amountFen, feeFen: e.feeFen, taxFen: e.tax.taxFen, netFen: e.netFen, ...routeNote },
      at: now,
    })
    .then(() => undefined);
  const outbox = emitWithdrawalEvents(tx, tenantId, [id]);
  const posted = postJournals(tx, tenantId, [
    {
      kind: "withdrawal",
      idempotencyKey: `withdrawal:${id}`,
      causeType: "withdrawal",
      causeId: id,
      memo: outBillNo,
      postings: [debit(distributorAccount(distributorId, "available"), input.amountFen), credit(distributorAccount(distributorId, "withdrawing"), input.amountFen)],
    },
  ]);
  const [row, ...rest] = await Promise.allSettled([inserted, event, outbox, posted]);
  if (row.status === "rejected") {
    // 50 random bits per day: a collision is astronomically rare, and a retry by the client is safe.
    if (isUniqueViolation(row.reason, "withdrawals_out_bill_no_key")) throw new AppError("CONFLICT", "Please try again.", { cause: row.reason });
    throw row.reason;
  }
  for (const r of rest) if (r.status === "rejected") throw r.reason;
  return row.value;
}

export type { PayoutSettings };
