/**
 * Finance review (issue 9 item 3): approve (two different approvers from the brand's
 * threshold), bulk approve, reject with a reason, and the distributor's own cancellation while
 * the request is still under review.
 *
 * Approval is set-based so a bulk approval of thousands of rows is a handful of statements:
 * lock the rows (sorted by id, so two bulk approvals cannot deadlock), decide each in memory,
 * then one update per outcome, one insert of timeline events, one of notifications, one audit
 * entry. "withdrawal/approved" goes to the job runner only after the transaction commits.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterCommit } from "@/db/after-commit";
import type { Tx } from "@/db/client";
import { distributors, notifications, withdrawalEvents, withdrawals } from "@/db/schema";
import { AppError } from "@/server/errors";
import { sendJobEvents } from "@/server/jobs/events";
import { audit } from "@/server/tenancy/audit";
import { emitWithdrawalEvents } from "@/server/webhooks/emit";
import { yuan } from "./limits";
import { getPayoutSettings } from "./settings";
import { returnFunds, type TransitionResult, type WithdrawalRow } from "./transitions";

export interface StaffActor {
  type: "staff";
  id: string;
}

export type ApproveOutcome = "approved" | "first_approval" | "not_found" | "not_reviewing" | "same_approver";

export interface ApproveResult {
  id: string;
  outcome: ApproveOutcome;
  /** The status after this call (null when not found). */
  status: WithdrawalRow["status"] | null;
}

export const MAX_BULK_APPROVE = 10_000;

export async function bulkApprove(tx: Tx, tenantId: string, ids: string[], actor: StaffActor, now = new Date()): Promise<ApproveResult[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  if (unique.length > MAX_BULK_APPROVE) throw new AppError("BAD_REQUEST", `At most ${MAX_BULK_APPROVE} withdrawals at once.`, { fields: { ids: "too_big" } });
  const settings = await getPayoutSettings(tx);
  const rows = await tx
    .select({
      id: withdrawals.id,
      status: withdrawals.status,
      amountFen: withdrawals.amountFen,
      outBillNo: withdrawals.outBillNo,
      firstApprovedBy: withdrawals.firstApprovedBy,
      memberId: distributors.memberId,
    })
    .from(withdrawals)
    .innerJoin(distributors, and(eq(distributors.tenantId, withdrawals.tenantId), eq(distributors.id, withdrawals.distributorId)))
    .where(inArray(withdrawals.id, unique))
    .orderBy(withdrawals.id)
    .for("update", { of: withdrawals });
  const byId = new Map(rows.map((r) => [r.id, r]));

  const results: ApproveResult[] = [];
  const approve: typeof rows = [];
  const first: typeof rows = [];
  for (const id of unique) {
    const r = byId.get(id);
    if (!r) results.push({ id, outcome: "not_found", status: null });
    else if (r.status !== "reviewing") results.push({ id, outcome: "not_reviewing", status: r.status });
    else if (r.amountFen >= settings.dualApprovalFromFen && !r.firstApprovedBy) {
      first.push(r);
      results.push({ id, outcome: "first_approval", status: "reviewing" });
    } else if (r.amountFen >= settings.dualApprovalFromFen && r.firstApprovedBy === actor.id) {
      results.push({ id, outcome: "same_approver", status: "reviewing" });
    } else {
      approve.push(r);
      results.push({ id, outcome: "approved", status: "approved" });
    }
  }

  if (first.length) {
    await tx
      .update(withdrawals)
      .set({ firstApprovedBy: actor.id, firstApprovedAt: now, updatedAt: now })
      .where(inArray(withdrawals.id, first.map((r) => r.id)));
  }
  if (approve.length) {
    await tx
      .update(withdrawals)
      .set({ status: "approved", approvedBy: actor.id, approvedAt: now, updatedAt: now })
      .where(and(inArray(withdrawals.id, approve.map((r) => r.id)), eq(withdrawals.status, "reviewing")));
  }
  const events = [
    ...first.map((r) => ({ tenantId, withdrawalId: r.id, fromStatus: "reviewing" as const, toStatus: "reviewing" as const, actorType: "staff", actorId: actor.id, reason: "first_approval", detail: { step: 1 }, at: now })),
    ...approve.map((r) => ({ tenantId, withdrawalId: r.id, fromStatus: "reviewing" as const, toStatus: "approved" as const, actorType: "staff", actorId: actor.id, reason: null, detail: r.firstApprovedBy ? { step: 2, firstApprovedBy: r.firstApprovedBy } : null, at: now })),
  ];
  for (let i = 0; i < events.length; i += 2_000) await tx.insert(withdrawalEvents).values(events.slice(i, i + 2_000));
  await emitWithdrawalEvents(tx, tenantId, approve.map((r) => r.id), { fromStatus: "reviewing" });
  // Approval notices have no SMS, so they are plain rows (what notify() would write, in bulk).
  const notes = approve.map((r) => ({ tenantId, memberId: r.memberId, kind: "withdrawal.approved", params: { amount: yuan(r.amountFen), outBillNo: r.outBillNo }, createdAt: now }));
  for (let i = 0; i < notes.length; i += 2_000) await tx.insert(notifications).values(notes.slice(i, i + 2_000));

  if (approve.length === 1 && unique.length === 1) {
    await audit(tx, actor, { action: "withdrawal.approved", targetType: "withdrawal", targetId: approve[0]!.id, data: { amountFen: approve[0]!.amountFen, outBillNo: approve[0]!.outBillNo } });
  } else if (approve.length) {
    await audit(tx, actor, { action: "withdrawal.approved", targetType: "withdrawal", data: { bulk: approve.length, amountFen: approve.reduce((s, r) => s + r.amountFen, 0) } });
  }
  for (const r of first) {
    await audit(tx, actor, { action: "withdrawal.first_approved", targetType: "withdrawal", targetId: r.id, data: { amountFen: r.amountFen, outBillNo: r.outBillNo } });
  }
  if (approve.length) {
    const jobs = approve.map((r) => ({ name: "withdrawal/approved" as const, data: { tenantId, withdrawalId: r.id } }));
    afterCommit(tx, async () => {
      for (let i = 0; i < jobs.length; i += 500) await sendJobEvents(jobs.slice(i, i + 500));
    });
  }
  return results;
}

const OUTCOME_ERROR: Record<Exclude<ApproveOutcome, "approved" | "first_approval">, AppError> = {
  not_found: new AppError("NOT_FOUND", "Withdrawal not found."),
  not_reviewing: new AppError("CONFLICT", "This withdrawal is no longer under review.", { fields: { status: "invalid_transition" } }),
  same_approver: new AppError("CONFLICT", "This amount needs a second approval by a different person.", { fields: { approver: "same_approver" } }),
};

/** One approval: the result says whether it is approved or waits for the second approver. */
export async function approveWithdrawal(tx: Tx, tenantId: string, id: string, actor: StaffActor, now = new Date()): Promise<ApproveResult> {
  const [r] = await bulkApprove(tx, tenantId, [id], actor, now);
  if (r!.outcome === "approved" || r!.outcome === "first_approval") return r!;
  const e = OUTCOME_ERROR[r!.outcome];
  throw new AppError(e.code, e.message, { fields: e.fields });
}

export async function rejectWithdrawal(tx: Tx, tenantId: string, id: string, reason: string, actor: StaffActor, now = new Date()): Promise<TransitionResult> {
  const why = reason.trim();
  if (!why) throw new AppError("BAD_REQUEST", "Give the distributor a reason for the rejection.", { fields: { reason: "required" } });
  if (why.length > 500) throw new AppError("BAD_REQUEST", "The reason is too long (500 characters at most).", { fields: { reason: "too_big" } });
  const res = await returnFunds(tx, tenantId, id, "rejected", why, actor, now);
  if (!res.changed) throw new AppError("CONFLICT", "This withdrawal is already rejected.", { fields: { status: "invalid_transition" } });
  await audit(tx, actor, { action: "withdrawal.rejected", targetType: "withdrawal", targetId: id, data: { amountFen: res.withdrawal.amountFen, outBillNo: res.withdrawal.outBillNo, reason: why } });
  return res;
}

/** The distributor withdraws its own request; only while it is still under review. */
export async function cancelWithdrawal(tx: Tx, tenantId: string, distributorId: string, id: string, now = new Date()): Promise<TransitionResult> {
  const [w] = await tx
    .select({ status: withdrawals.status })
    .from(withdrawals)
    .where(and(eq(withdrawals.id, id), eq(withdrawals.distributorId, distributorId)))
    .for("update");
  // Another distributor's withdrawal reads as not found: no existence leak.
  if (!w) throw new AppError("NOT_FOUND", "Withdrawal not found.");
  if (w.status !== "reviewing") {
    throw new AppError("CONFLICT", "Only a withdrawal still under review can be cancelled.", { fields: { status: "invalid_transition" } });
  }
  return returnFunds(tx, tenantId, id, "cancelled", "cancelled_by_distributor", { type: "distributor", id: distributorId }, now);
}

/** How many are waiting for review (console badge). */
export async function reviewingCount(tx: Tx): Promise<number> {
  const [r] = await tx.select({ n: sql<string>`count(*)` }).from(withdrawals).where(eq(withdrawals.status, "reviewing"));
  return Number(r?.n ?? 0);
}
