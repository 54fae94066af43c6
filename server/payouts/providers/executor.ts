/**
 * Pays an approved withdrawal through its channel's provider, exactly once.
 *
 * The rule that makes it safe: a `payout_attempts` row in state `sending` is written and
 * COMMITTED before the provider is called, in the same transaction that moves the withdrawal to
 * `paying` (which fixes its tax and net amount). Whatever happens next — a timeout, a 5xx, the
 * process killed mid-call — that row remains, and the next run asks the provider about the
 * withdrawal's out-bill number before anything else. Only when the provider has no such bill is
 * it sent again, and then under the same out-bill number, so the provider itself refuses to pay
 * it twice. A new bill number is never made.
 *
 * The answer is recorded on the attempt in the same transaction as the withdrawal's move
 * (server/payouts/withdrawals/transitions.ts): paid (payout journal + tax record), waiting for
 * the recipient's confirmation (WeChat), or failed / cancelled / expired (funds returned).
 */
import { and, desc, eq, inArray, lte, or, sql, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { payoutAttempts, withdrawals } from "@/db/schema";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { decryptPii } from "@/server/payouts/crypto/pii";
import { payeeOf } from "@/server/payouts/kyc/payee";
import { markPaid, markPaying, markWaitingConfirmation, returnFunds, type TransitionActor, type WithdrawalRow } from "@/server/payouts/withdrawals/transitions";
import { providerFor } from "@/server/payouts/gateways/resolve";
import { gatewayTargetProblem } from "@/server/payouts/gateways/targets";
import type { ProviderSet } from "./registry";
import type { PayoutBill, PayoutOutcome, PayoutProviderName } from "./types";

/** WeChat cancels an unconfirmed transfer after 24 h; we cancel it ourselves at the same time. */
export const CONFIRM_WINDOW_MS = 24 * 3600_000;

const AUTOMATIC = new Set<string>(["wechat", "alipay", "flexible"]);
const OPEN = ["approved", "paying", "waiting_confirmation"] as const;
const FINAL_WITHDRAWAL = new Set(["paid", "rejected", "failed", "cancelled", "expired"]);

type AttemptRow = typeof payoutAttempts.$inferSelect;

export interface ExecuteOptions {
  providers?: ProviderSet;
  now?: Date;
  /**
   * A `sending` attempt younger than this is taken to be another run's call still in flight
   * (the Inngest job and the sweeper can overlap): this run leaves it alone. Older ones are a
   * crash or a lost reply, and are resumed.
   */
  inFlightMs?: number;
  /** Test hook, called after the provider answered and before the answer is recorded. */
  afterSend?: (outcome: PayoutOutcome) => void | Promise<void>;
}

export type ExecuteAction = "sent" | "queried" | "cancelled_expired" | "skipped";

export interface ExecuteResult {
  withdrawalId: string;
  outBillNo: string | null;
  action: ExecuteAction;
  /** The provider's answer (or why nothing was done). */
  state: PayoutOutcome["state"] | "bank_batch" | "no_provider" | "not_open" | "in_flight";
  status: WithdrawalRow["status"] | null;
}

const SYSTEM: TransitionActor = { type: "system", id: null };
const providerActor = (name: string): TransitionActor => ({ type: "provider", id: name });

async function latestAttempt(tx: Tx, withdrawalId: string): Promise<AttemptRow | undefined> {
  const [a] = await tx.select().from(payoutAttempts).where(eq(payoutAttempts.withdrawalId, withdrawalId)).orderBy(desc(payoutAttempts.createdAt), desc(payoutAttempts.id)).limit(1);
  return a;
}

/** The bill as the provider needs it. Card numbers are decrypted only for the call, never stored. */
async function billOf(tx: Tx, w: WithdrawalRow): Promise<PayoutBill> {
  const payee = await payeeOf(tx, w.distributorId);
  return {
    outBillNo: w.outBillNo,
    amountFen: w.netFen,
    remark: "佣金提现",
    payee: {
      name: payee.realName ?? w.payeeName,
      wechatOpenid: payee.wechatOpenid,
      alipayAccount: payee.alipayAccount,
      bankAccount: w.channel === "flexible" && payee.bank ? decryptPii(payee.bank.accountEnc) : null,
      bankName: payee.bank?.bankName ?? null,
    },
  };
}

const ATTEMPT_STATE: Record<Exclude<PayoutOutcome["state"], "not_found">, AttemptRow["state"]> = {
  succeeded: "succeeded",
  processing: "processing",
  waiting_confirmation: "waiting_confirmation",
  failed: "failed",
  cancelled: "cancelled",
  unknown: "unknown",
};

function jsonOf(raw: unknown): Record<string, unknown> | null {
  return raw && typeof raw === "object" ? (JSON.parse(JSON.stringify(raw)) as Record<string, unknown>) : null;
}

/**
 * Records a provider's answer on the attempt and moves the withdrawal, in one transaction.
 * Idempotent: a duplicate callback, or a query answering what a callback already recorded,
 * changes nothing more.
 */
export async function recordOutcome(tx: Tx, tenantId: string, withdrawalId: string, attemptId: string | null, providerName: string, outcome: PayoutOutcome, now: Date) {
  if (outcome.state === "not_found") return;
  const [w] = await tx.select().from(withdrawals).where(eq(withdrawals.id, withdrawalId)).for("update");
  if (!w) throw new AppError("NOT_FOUND", "Withdrawal not found.");
  if (attemptId) {
    await tx
      .update(payoutAttempts)
      .set({
        state: ATTEMPT_STATE[outcome.state],
        providerRef: "providerRef" in outcome && outcome.providerRef ? outcome.providerRef : undefined,
        packageInfo: outcome.state === "waiting_confirmation" ? outcome.packageInfo : undefined,
        error: outcome.state === "failed" || outcome.state === "cancelled" || outcome.state === "unknown" ? outcome.reason : null,
        response: jsonOf(outcome.raw),
        updatedAt: now,
      })
      .where(eq(payoutAttempts.id, attemptId));
  }
  // Already final here (a callback won the race): the attempt is recorded, the status stays.
  if (FINAL_WITHDRAWAL.has(w.status)) return;
  const actor = providerActor(providerName);
  switch (outcome.state) {
    case "succeeded":
      await markPaid(tx, tenantId, w.id, { paidAt: outcome.paidAt ?? now, ...(outcome.providerRef ? { providerRef: outcome.providerRef } : {}) }, actor, now);
      return;
    case "waiting_confirmation":
      if (w.status !== "waiting_confirmation") await markWaitingConfirmation(tx, tenantId, w.id, { packageInfo: outcome.packageInfo, expiresAt: new Date(now.getTime() + CONFIRM_WINDOW_MS) }, actor, now);
      return;
    case "failed":
      await returnFunds(tx, tenantId, w.id, "failed", outcome.reason, actor, now);
      return;
    case "cancelled": {
      // Cancelled because nobody confirmed in time is an expiry; otherwise a cancellation.
      const expired = w.status === "waiting_confirmation" && w.expiresAt !== null && w.expiresAt <= now;
      await returnFunds(tx, tenantId, w.id, expired ? "expired" : "cancelled", outcome.reason, actor, now);
      return;
    }
    default:
      return; // processing / unknown: nothing moves; the sweep or the job asks again.
  }
}

export async function executePayout(db: Db, tenantId: string, withdrawalId: string, opts: ExecuteOptions = {}): Promise<ExecuteResult> {
  const now = () => opts.now ?? new Date();
  const inFlightMs = opts.inFlightMs ?? 60_000;
  const start = await withTenant(db, tenantId, async (tx) => {
    const [w] = await tx.select().from(withdrawals).where(eq(withdrawals.id, withdrawalId));
    if (!w) return null;
    const channel = w.channel as PayoutProviderName;
    const resolved = !AUTOMATIC.has(w.channel) ? null : opts.providers ? { provider: opts.providers[channel] ?? null, target: null } : await providerFor(tx, channel);
    return { w, last: await latestAttempt(tx, withdrawalId), provider: resolved?.provider ?? undefined, target: resolved?.target ?? null };
  });
  if (!start) throw new AppError("NOT_FOUND", "Withdrawal not found.");
  const { w, last, provider } = start;
  // A brand-typed gateway address is checked again before each use (it may resolve elsewhere now).
  const refused = await gatewayTargetProblem(start.target);
  if (refused) throw new AppError("PRECONDITION_FAILED", `The brand's ${w.channel} gateway address is not allowed: ${refused}`);
  const result = (action: ExecuteAction, state: ExecuteResult["state"], status: ExecuteResult["status"] = w.status): ExecuteResult => ({ withdrawalId, outBillNo: w.outBillNo, action, state, status });

  // Bank withdrawals are paid by the offline batch (bank-batch.ts), external ones are recorded paid.
  if (!AUTOMATIC.has(w.channel)) return result("skipped", "bank_batch");
  if (!(OPEN as readonly string[]).includes(w.status)) return result("skipped", "not_open");
  // Not configured: the withdrawal waits, approved, until it is (nothing is failed for it).
  if (!provider) return result("skipped", "no_provider");

  const statusAfter = async () => withTenant(db, tenantId, async (tx) => (await tx.select({ s: withdrawals.status }).from(withdrawals).where(eq(withdrawals.id, withdrawalId)))[0]?.s ?? null);

  if (last) {
    if (last.state === "sending" && now().getTime() - last.createdAt.getTime() < inFlightMs) return result("skipped", "in_flight");
    // Unconfirmed past its window: cancel at the provider first, then return the funds — unless
    // the cancel shows the recipient confirmed after all.
    if (w.status === "waiting_confirmation" && w.expiresAt && w.expiresAt <= now()) {
      let outcome = await provider.cancel(w.outBillNo, "expired");
      if (outcome.state === "unknown" || outcome.state === "not_found") outcome = await provider.query(w.outBillNo);
      await withTenant(db, tenantId, (tx) => recordOutcome(tx, tenantId, w.id, last.id, provider.name, outcome, now()));
      return result("cancelled_expired", outcome.state, await statusAfter());
    }
    // Any earlier attempt: the provider's word on this bill comes first.
    const outcome = await provider.query(w.outBillNo);
    if (outcome.state !== "not_found") {
      await withTenant(db, tenantId, (tx) => recordOutcome(tx, tenantId, w.id, last.id, provider.name, outcome, now()));
      return result("queried", outcome.state, await statusAfter());
    }
    // The provider never received it: send it again below, under the same out-bill number.
  }

  const prepared = await withTenant(db, tenantId, async (tx) => {
    const [cur] = await tx.select().from(withdrawals).where(eq(withdrawals.id, withdrawalId)).for("update");
    if (!cur || (cur.status !== "approved" && cur.status !== "paying")) return null;
    // Another run started an attempt since we looked: leave the bill to it.
    const newest = await latestAttempt(tx, withdrawalId);
    if (newest && newest.id !== last?.id) return null;
    const paying = cur.status === "approved" ? (await markPaying(tx, tenantId, cur.id, SYSTEM, now())).withdrawal : cur;
    const bill = await billOf(tx, paying);
    const [attempt] = await tx
      .insert(payoutAttempts)
      .values({ tenantId, withdrawalId, outBillNo: paying.outBillNo, provider: provider.name, state: "sending", createdAt: now(), updatedAt: now() })
      .returning({ id: payoutAttempts.id });
    return { bill, attemptId: attempt!.id };
  });
  if (!prepared) return result("skipped", "in_flight", await statusAfter());

  // Committed: from here on a crash leaves `sending`, and the next run queries first.
  const outcome = await provider.send(prepared.bill);
  await opts.afterSend?.(outcome);
  await withTenant(db, tenantId, (tx) => recordOutcome(tx, tenantId, withdrawalId, prepared.attemptId, provider.name, outcome, now()));
  return result("sent", outcome.state, await statusAfter());
}

/** The brands with automatic payouts open (platform function, 0024). */
export async function tenantsWithPayoutWork(db: Db): Promise<string[]> {
  return withPlatform(db, async (tx) => rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from fx_tenants_with_payout_work()`)).map((r) => r.tenant_id));
}

/**
 * One brand's payouts that need a run now: approved ones not yet started, and open ones whose
 * last attempt has not been heard of for `pollAfterMs` (or whose confirmation window is over).
 */
export async function payoutsDue(tx: Tx, now: Date, pollAfterMs: number, limit = 500): Promise<string[]> {
  const stale = new Date(now.getTime() - pollAfterMs);
  const rows = await tx
    .select({ id: withdrawals.id })
    .from(withdrawals)
    .leftJoin(
      payoutAttempts,
      and(
        eq(payoutAttempts.withdrawalId, withdrawals.id),
        eq(payoutAttempts.tenantId, withdrawals.tenantId),
        // only the newest attempt per withdrawal
        sql`${payoutAttempts.createdAt} = (select max(a2.created_at) from payout_attempts a2 where a2.tenant_id = ${withdrawals.tenantId} and a2.withdrawal_id = ${withdrawals.id})`,
      ),
    )
    .where(
      and(
        inArray(withdrawals.status, [...OPEN]),
        inArray(withdrawals.channel, ["wechat", "alipay", "flexible"]),
        or(isNull(payoutAttempts.id), lte(payoutAttempts.updatedAt, stale), and(eq(withdrawals.status, "waiting_confirmation"), lte(withdrawals.expiresAt, now))),
      ),
    )
    .orderBy(withdrawals.approvedAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

export interface PayoutSweepSummary {
  tenants: number;
  runs: number;
  paid: number;
  returned: number;
  failures: { tenantId: string; withdrawalId: string; error: string }[];
}

/** The sweeper's and the cron job's payout pass: every brand, every payout due a run. */
export async function sweepPayouts(db: Db, opts: { providers?: ProviderSet; now?: Date; pollAfterMs?: number; tenantId?: string } = {}): Promise<PayoutSweepSummary> {
  const now = opts.now ?? new Date();
  const tenants = opts.tenantId ? [opts.tenantId] : await tenantsWithPayoutWork(db);
  const summary: PayoutSweepSummary = { tenants: tenants.length, runs: 0, paid: 0, returned: 0, failures: [] };
  for (const tenantId of tenants) {
    const ids = await withTenant(db, tenantId, (tx) => payoutsDue(tx, now, opts.pollAfterMs ?? 5 * 60_000));
    for (const id of ids) {
      try {
        const r = await executePayout(db, tenantId, id, { providers: opts.providers, now: opts.now });
        summary.runs++;
        if (r.status === "paid") summary.paid++;
        else if (r.status && FINAL_WITHDRAWAL.has(r.status)) summary.returned++;
      } catch (e) {
        // One payout's error (a bad identity, a tax problem) does not stop the others.
        console.error(`payouts: withdrawal ${id} of brand ${tenantId} failed`, e instanceof Error ? e.message : e);
        summary.failures.push({ tenantId, withdrawalId: id, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return summary;
}

/** The brands an out-bill number belongs to (platform function, 0024). */
export async function tenantsOfBill(db: Db, outBillNo: string): Promise<string[]> {
  return withPlatform(db, async (tx) => rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from fx_payout_tenants_of_bill(${outBillNo})`)).map((r) => r.tenant_id));
}

/**
 * A verified provider callback (WeChat MCHTRANSFER.BILL.FINISHED): recorded on the bill's last
 * attempt for that provider, in whichever brand sent it (or only in `onlyTenantId`). Returns how
 * many withdrawals it matched (0: a bill we never sent through this provider — acknowledged,
 * ignored).
 */
export async function applyProviderCallback(db: Db, providerName: PayoutProviderName, outBillNo: string, outcome: PayoutOutcome, now = new Date(), onlyTenantId?: string): Promise<number> {
  let matched = 0;
  // A brand's own callback URL carries its id: verified with its key, it speaks for it alone.
  const tenants = onlyTenantId ? [onlyTenantId] : await tenantsOfBill(db, outBillNo);
  for (const tenantId of tenants) {
    const hit = await withTenant(db, tenantId, async (tx) => {
      const [w] = await tx.select({ id: withdrawals.id }).from(withdrawals).where(and(eq(withdrawals.outBillNo, outBillNo), eq(withdrawals.channel, providerName)));
      if (!w) return false;
      const [a] = await tx
        .select({ id: payoutAttempts.id })
        .from(payoutAttempts)
        .where(and(eq(payoutAttempts.withdrawalId, w.id), eq(payoutAttempts.provider, providerName)))
        .orderBy(desc(payoutAttempts.createdAt))
        .limit(1);
      if (!a) return false;
      await recordOutcome(tx, tenantId, w.id, a.id, providerName, outcome, now);
      return true;
    });
    if (hit) matched++;
  }
  return matched;
}
