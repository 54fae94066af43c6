/**
 * The withdrawal state machine's moves after the request (issue 9 contract). Each one, in the
 * caller's transaction: locks the withdrawal row, checks the status it may move from, updates
 * the row, appends the timeline event, posts its journal (when money moves) and notifies the
 * distributor. Asking for the state a withdrawal is already in changes nothing and returns
 * `changed: false`, so a provider callback or job that runs twice is harmless.
 *
 * Lock order (no cycles): withdrawal row → distributor row → ledger accounts. requestWithdrawal
 * takes distributor → accounts and never locks an existing withdrawal.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { distributors, withdrawalEvents, withdrawals } from "@/db/schema";
import type { WITHDRAWAL_STATUSES } from "@/db/schema/withdrawals";
import { AppError } from "@/server/errors";
import { brandAccount, credit, debit, distributorAccount } from "@/server/ledger/accounts";
import { postJournals } from "@/server/ledger/post";
import { notify } from "@/server/notify/notify";
import type { NotificationKind } from "@/server/notify/kinds";
import { addToContext, loadTaxContext, NOT_WITHHELD, taxFromContext } from "@/server/payouts/tax/compute";
import { emitWithdrawalEvents } from "@/server/webhooks/emit";
import { computeTax, payeeOf, recordWithholding } from "./deps";
import { yuan } from "./limits";

export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
export type WithdrawalRow = typeof withdrawals.$inferSelect;

export interface TransitionActor {
  type: "staff" | "distributor" | "system" | "api" | "provider";
  id: string | null;
}

export interface TransitionResult {
  withdrawal: WithdrawalRow;
  /** False when the withdrawal was already in the requested state (nothing written). */
  changed: boolean;
}

export type ReturnStatus = "rejected" | "failed" | "cancelled" | "expired";

/** Where each state may be reached from. */
export const ALLOWED_FROM: Record<Exclude<WithdrawalStatus, "reviewing">, readonly WithdrawalStatus[]> = {
  approved: ["reviewing"],
  paying: ["approved"],
  waiting_confirmation: ["approved", "paying"],
  paid: ["approved", "paying", "waiting_confirmation"],
  // Finance may still stop an approved withdrawal before the payout starts.
  rejected: ["reviewing", "approved"],
  failed: ["approved", "paying", "waiting_confirmation"],
  cancelled: ["reviewing", "approved", "paying", "waiting_confirmation"],
  expired: ["paying", "waiting_confirmation"],
};

export async function lockWithdrawal(tx: Tx, withdrawalId: string): Promise<WithdrawalRow> {
  const [w] = await tx.select().from(withdrawals).where(eq(withdrawals.id, withdrawalId)).for("update");
  if (!w) throw new AppError("NOT_FOUND", "Withdrawal not found.");
  return w;
}

export function assertCanMove(w: WithdrawalRow, to: Exclude<WithdrawalStatus, "reviewing">) {
  if (!ALLOWED_FROM[to].includes(w.status)) {
    throw new AppError("CONFLICT", `The withdrawal is ${w.status.replace("_", " ")}; it cannot become ${to.replace("_", " ")}.`, {
      fields: { status: "invalid_transition" },
    });
  }
}

async function move(
  tx: Tx,
  tenantId: string,
  w: WithdrawalRow,
  to: WithdrawalStatus,
  actor: TransitionActor,
  opts: { reason?: string | null; detail?: Record<string, unknown>; patch?: Partial<WithdrawalRow>; now?: Date },
): Promise<WithdrawalRow> {
  const now = opts.now ?? new Date();
  const [row] = await tx
    .update(withdrawals)
    .set({ ...opts.patch, status: to, updatedAt: now })
    .where(and(eq(withdrawals.id, w.id), eq(withdrawals.status, w.status)))
    .returning();
  if (!row) throw new Error("withdrawal: row changed under its lock");
  await tx.insert(withdrawalEvents).values({
    tenantId,
    withdrawalId: w.id,
    fromStatus: w.status,
    toStatus: to,
    actorType: actor.type,
    actorId: actor.id,
    reason: opts.reason ?? null,
    detail: opts.detail ?? null,
    at: now,
  });
  await emitWithdrawalEvents(tx, tenantId, [w.id], { fromStatus: w.status, reason: opts.reason ?? null });
  return row;
}

async function notifyDistributor(tx: Tx, w: WithdrawalRow, kind: NotificationKind, extra: Record<string, string | null> = {}) {
  const [d] = await tx.select({ memberId: distributors.memberId }).from(distributors).where(eq(distributors.id, w.distributorId));
  if (!d) return;
  await notify(tx, { memberId: d.memberId, kind, params: { amount: yuan(w.amountFen), net: yuan(w.netFen), outBillNo: w.outBillNo, ...extra } });
}

/**
 * Fixes the tax for the payout: computed again now, under the distributor's lock, with the
 * month's other withdrawals that already have a tax month (so two payouts in flight share one
 * allowance), and the net amount follows.
 */
async function fixTax(tx: Tx, w: WithdrawalRow, now: Date): Promise<Partial<WithdrawalRow>> {
  await tx.select({ id: distributors.id }).from(distributors).where(eq(distributors.id, w.distributorId)).for("no key update");
  const payee = await payeeOf(tx, w.distributorId);
  const notWithheld = w.channel === "flexible" ? NOT_WITHHELD.flexiblePlatform : payee.incomeType === "individual_business" ? NOT_WITHHELD.individualBusiness : null;
  const tax = await computeTax(tx, { distributorId: w.distributorId, incomeFen: w.amountFen, at: now, excludeWithdrawalId: w.id, notWithheldReason: notWithheld });
  const netFen = w.amountFen - w.feeFen - tax.taxFen;
  if (netFen < 0) throw new AppError("UNPROCESSABLE", "The fee and tax exceed the withdrawal amount.", { fields: { amountFen: "net_negative" } });
  return { taxFen: tax.taxFen, netFen, taxMonth: tax.month, taxMethod: tax.method, taxNote: tax.note, taxDetail: { ...tax.detail, ...routeOf(w) } };
}

/** Why the request was routed to the flexible platform (set at request): kept when the tax is fixed. */
function routeOf(w: WithdrawalRow): Record<string, unknown> {
  const d = w.taxDetail;
  return d && "routedBy" in d ? { routedBy: d.routedBy, routeReason: d.routeReason ?? null } : {};
}

/** approved → paying: the payout starts, so its tax is fixed. */
export async function markPaying(tx: Tx, tenantId: string, withdrawalId: string, actor: TransitionActor, now = new Date()): Promise<TransitionResult> {
  const w = await lockWithdrawal(tx, withdrawalId);
  if (w.status === "paying") return { withdrawal: w, changed: false };
  assertCanMove(w, "paying");
  const patch = await fixTax(tx, w, now);
  const row = await move(tx, tenantId, w, "paying", actor, { patch, now, detail: { taxFen: patch.taxFen, netFen: patch.netFen, taxMonth: patch.taxMonth } });
  return { withdrawal: row, changed: true };
}

/**
 * approved → paying for many withdrawals at once (a bank batch of up to 20,000): the same moves
 * as markPaying one after another, in a fixed number of statements. The caller has locked the
 * withdrawal rows (in its own order); the distributors are locked here in id order, then every
 * tax is fixed in memory from one read of the year's earlier payouts (loadTaxContext), each one
 * counting the ones fixed before it, exactly as sequential markPaying calls would.
 */
export async function markPayingMany(tx: Tx, tenantId: string, rows: WithdrawalRow[], actor: TransitionActor, now = new Date()): Promise<WithdrawalRow[]> {
  if (!rows.length) return [];
  for (const w of rows) assertCanMove(w, "paying");
  const distributorIds = [...new Set(rows.map((w) => w.distributorId))].sort();
  await tx.execute(sql`select id from distributors where id = any(${`{${distributorIds.join(",")}}`}::uuid[]) order by id for no key update`);
  const ctx = await loadTaxContext(tx, distributorIds, now, rows.map((w) => w.id));
  const moved = rows.map((w): WithdrawalRow => {
    const notWithheldReason = w.channel === "flexible" ? NOT_WITHHELD.flexiblePlatform : null;
    const tax = taxFromContext(ctx, { distributorId: w.distributorId, incomeFen: w.amountFen, month: ctx.month, notWithheldReason });
    addToContext(ctx, w.distributorId, w.amountFen, tax);
    const netFen = w.amountFen - w.feeFen - tax.taxFen;
    if (netFen < 0) throw new AppError("UNPROCESSABLE", `The fee and tax exceed withdrawal ${w.outBillNo}'s amount.`, { fields: { amountFen: "net_negative" } });
    return { ...w, status: "paying", updatedAt: now, taxFen: tax.taxFen, netFen, taxMonth: tax.month, taxMethod: tax.method, taxNote: tax.note, taxDetail: { ...tax.detail, ...routeOf(w) } };
  });
  const patches = moved.map((w) => ({ id: w.id, tax_fen: w.taxFen, net_fen: w.netFen, tax_month: w.taxMonth, tax_method: w.taxMethod, tax_note: w.taxNote, tax_detail: w.taxDetail }));
  const updated = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update withdrawals w
      set status = 'paying', updated_at = ${now.toISOString()}::timestamptz, tax_fen = x.tax_fen, net_fen = x.net_fen,
        tax_month = x.tax_month, tax_method = x.tax_method, tax_note = x.tax_note, tax_detail = x.tax_detail
      from jsonb_to_recordset(${JSON.stringify(patches)}::jsonb)
        as x(id uuid, tax_fen bigint, net_fen bigint, tax_month text, tax_method tax_method, tax_note text, tax_detail jsonb)
      where w.id = x.id and w.status = 'approved'
      returning w.id`),
  );
  if (updated.length !== rows.length) throw new Error("withdrawal: rows changed under their locks");
  // 9 parameters a row: chunks keep each insert under Postgres's 65,535-parameter limit.
  for (let i = 0; i < moved.length; i += 5000) {
    await tx.insert(withdrawalEvents).values(
      moved.slice(i, i + 5000).map((w) => ({
        tenantId,
        withdrawalId: w.id,
        fromStatus: "approved" as const,
        toStatus: "paying" as const,
        actorType: actor.type,
        actorId: actor.id,
        reason: null,
        detail: { taxFen: w.taxFen, netFen: w.netFen, taxMonth: w.taxMonth },
        at: now,
      })),
    );
  }
  await emitWithdrawalEvents(tx, tenantId, moved.map((w) => w.id), { fromStatus: "approved" });
  return moved;
}

/** WeChat 商家转账 waits for the recipient: the portal shows "confirm receipt" until expiresAt. */
export async function markWaitingConfirmation(
  tx: Tx,
  tenantId: string,
  withdrawalId: string,
  info: { packageInfo: string; expiresAt: Date },
  actor: TransitionActor,
  now = new Date(),
): Promise<TransitionResult> {
  const w = await lockWithdrawal(tx, withdrawalId);
  if (w.status === "waiting_confirmation") return { withdrawal: w, changed: false };
  assertCanMove(w, "waiting_confirmation");
  const patch: Partial<WithdrawalRow> = { expiresAt: info.expiresAt, ...(w.taxMonth ? {} : await fixTax(tx, w, now)) };
  const row = await move(tx, tenantId, w, "waiting_confirmation", actor, { patch, now, detail: { packageInfo: info.packageInfo, expiresAt: info.expiresAt.toISOString() } });
  await notifyDistributor(tx, row, "withdrawal.confirm_receipt");
  return { withdrawal: row, changed: true };
}

/** Paid: `withdrawing → payouts (net) + tax_payable (tax) + fees (fee)` and the tax record. */
export async function markPaid(
  tx: Tx,
  tenantId: string,
  withdrawalId: string,
  info: { paidAt: Date; providerRef?: string },
  actor: TransitionActor,
  now = new Date(),
): Promise<TransitionResult> {
  const w = await lockWithdrawal(tx, withdrawalId);
  if (w.status === "paid") return { withdrawal: w, changed: false };
  assertCanMove(w, "paid");
  // A provider may report success for a bill that never passed through markPaying (a bank
  // result file for an approved row): fix the tax now, so the journal posts the final figures.
  const taxPatch = w.taxMonth ? {} : await fixTax(tx, w, now);
  const row = await move(tx, tenantId, w, "paid", actor, {
    patch: { ...taxPatch, paidAt: info.paidAt },
    now,
    detail: { providerRef: info.providerRef ?? null, netFen: taxPatch.netFen ?? w.netFen, taxFen: taxPatch.taxFen ?? w.taxFen },
  });
  await postJournals(tx, tenantId, [
    {
      kind: "payout",
      idempotencyKey: `payout:${row.id}`,
      causeType: "withdrawal",
      causeId: row.id,
      memo: row.outBillNo,
      postings: [
        debit(distributorAccount(row.distributorId, "withdrawing"), row.amountFen),
        credit(brandAccount("payouts"), row.netFen),
        credit(brandAccount("tax_payable"), row.taxFen),
        credit(brandAccount("fees"), row.feeFen),
      ],
    },
  ]);
  await recordWithholding(tx, {
    withdrawalId: row.id,
    distributorId: row.distributorId,
    month: row.taxMonth!,
    method: row.taxMethod,
    incomeFen: row.amountFen,
    taxFen: row.taxFen,
    note: row.taxNote,
    detail: row.taxDetail ?? {},
  });
  await notifyDistributor(tx, row, "withdrawal.paid");
  return { withdrawal: row, changed: true };
}

const RETURN_NOTICE: Record<ReturnStatus, NotificationKind> = {
  rejected: "withdrawal.rejected",
  failed: "withdrawal.failed",
  cancelled: "withdrawal.cancelled",
  expired: "withdrawal.expired",
};

/**
 * Rejected / failed / cancelled / expired: `withdrawing → available`, and the tax month is
 * cleared so this withdrawal no longer counts in the month's aggregation.
 */
export async function returnFunds(
  tx: Tx,
  tenantId: string,
  withdrawalId: string,
  to: ReturnStatus,
  reason: string,
  actor: TransitionActor,
  now = new Date(),
): Promise<TransitionResult> {
  const w = await lockWithdrawal(tx, withdrawalId);
  if (w.status === to) return { withdrawal: w, changed: false };
  assertCanMove(w, to);
  const row = await move(tx, tenantId, w, to, actor, { reason, now, patch: { taxMonth: null, reason } });
  await postJournals(tx, tenantId, [
    {
      kind: "withdrawal_returned",
      idempotencyKey: `withdrawal_returned:${row.id}`,
      causeType: "withdrawal",
      causeId: row.id,
      memo: `${row.outBillNo} ${to}`,
      postings: [debit(distributorAccount(row.distributorId, "withdrawing"), row.amountFen), credit(distributorAccount(row.distributorId, "available"), row.amountFen)],
    },
  ]);
  // The distributor who cancelled needs no message about it.
  if (!(to === "cancelled" && actor.type === "distributor")) await notifyDistributor(tx, row, RETURN_NOTICE[to], { reason });
  return { withdrawal: row, changed: true };
}
