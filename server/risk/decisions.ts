/**
 * Reviewers' decisions on flagged orders (DOMAIN.md §7: "reviewers approve or reject from a
 * queue"; issue 10 item 3). Approve releases the order's held commissions (they become pending
 * and settle as usual); reject cancels them and reverses the expense. The money moves through
 * server/settlement/holds.ts (one balanced journal and one audit entry per move), and each
 * decision is written to risk_decisions, which is append-only: a decision is reversed only by a
 * new decision.
 *
 * What a later decision can still do depends on where the money is, not on what was decided
 * before: an approved order whose commissions are still pending can be rejected (they are held
 * and then cancelled, two journals); a rejected order cannot be approved, because its
 * commissions were cancelled to 0 and there is nothing left to release; settled commissions are
 * beyond review (a refund claws them back).
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { commissions, orders, riskDecisions } from "@/db/schema";
import { AppError } from "@/server/errors";
import { decideHold } from "@/server/settlement/holds";
import { audit, type Actor } from "@/server/tenancy/audit";

export type RiskDecision = "approve" | "reject";
export const MAX_BULK_DECISIONS = 200;
export const MAX_REASON = 500;

/** Why a decision could not be taken: the field key a form and the bulk summary show. */
export type DecisionRefusal =
  | "not_found"
  | "not_in_review"
  | "blocked"
  | "already_approved"
  | "already_rejected"
  | "rejected_final"
  | "already_settled";

export type DecisionOutcome = { orderId: string; outcome: "decided"; decisionId: string; commissions: number; amountFen: number } | { orderId: string; outcome: DecisionRefusal };

export const REFUSAL_MESSAGE: Record<DecisionRefusal, string> = {
  not_found: "Order not found.",
  not_in_review: "This order is not under review.",
  blocked: "A blocked order earned no commission: there is nothing to release or cancel.",
  already_approved: "This order is already approved.",
  already_rejected: "This order is already rejected.",
  rejected_final: "This order was rejected and its commission cancelled; it cannot be released.",
  already_settled: "This order's commission has settled; a refund claws it back, not a review.",
};

export function reasonOf(reason: string) {
  const why = reason.trim();
  if (!why) throw new AppError("BAD_REQUEST", "Give a reason for the decision.", { fields: { reason: "required" } });
  if (why.length > MAX_REASON) throw new AppError("BAD_REQUEST", `The reason is too long (${MAX_REASON} characters at most).`, { fields: { reason: "too_big" } });
  return why;
}

async function lastDecision(tx: Tx, orderId: string): Promise<RiskDecision | null> {
  const [d] = await tx
    .select({ decision: riskDecisions.decision })
    .from(riskDecisions)
    .where(eq(riskDecisions.orderId, orderId))
    .orderBy(desc(riskDecisions.createdAt), desc(riskDecisions.id))
    .limit(1);
  return d?.decision ?? null;
}

async function commissionCounts(tx: Tx, orderId: string) {
  const rows = await tx
    .select({ status: commissions.status, n: sql<number>`count(*)::int` })
    .from(commissions)
    .where(eq(commissions.orderId, orderId))
    .groupBy(commissions.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<string, number>>;
  return { held: by.held ?? 0, pending: by.pending ?? 0, settled: by.settled ?? 0 };
}

/** One order, inside the caller's transaction; refusals are returned, not thrown. */
async function decideOne(tx: Tx, tenantId: string, actor: Actor, orderId: string, decision: RiskDecision, reason: string, bulk: boolean, caseId: string | null = null): Promise<DecisionOutcome> {
  // The order row is the lock every decision on it takes, so two reviewers deciding at once
  // are serialised and the second sees the first one's money moves.
  const [order] = await tx.select({ id: orders.id, verdict: orders.riskVerdict }).from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order) return { orderId, outcome: "not_found" };
  const counts = await commissionCounts(tx, orderId);
  if (order.verdict === "block") return { orderId, outcome: "blocked" };
  if (order.verdict === "allow" && counts.held === 0) return { orderId, outcome: "not_in_review" };
  const last = await lastDecision(tx, orderId);

  let moved = { commissions: 0, amountFen: 0 };
  if (decision === "approve") {
    if (counts.held > 0) moved = await decideHold(tx, tenantId, actor, { orderId, decision: "release", reason });
    else if (last === "approve") return { orderId, outcome: "already_approved" };
    else if (last === "reject") return { orderId, outcome: "rejected_final" };
    // No decision yet and nothing held (no distributor, or refunded in full): the decision is
    // still recorded, so the order leaves the queue with who cleared it and why.
  } else {
    if (counts.held > 0) moved = await decideHold(tx, tenantId, actor, { orderId, decision: "reject", reason });
    else if (counts.pending > 0 && last === "approve") {
      // Reversing an approval: the released commissions go back on hold and are cancelled from
      // there, so each step is the same balanced journal a reviewer's single step would post.
      await decideHold(tx, tenantId, actor, { orderId, decision: "hold", reason });
      moved = await decideHold(tx, tenantId, actor, { orderId, decision: "reject", reason });
    } else if (last === "reject") return { orderId, outcome: "already_rejected" };
    else if (counts.settled > 0) return { orderId, outcome: "already_settled" };
  }

  const [row] = await tx
    .insert(riskDecisions)
    .values({ tenantId, orderId, caseId, decision, reason, commissions: moved.commissions, amountFen: moved.amountFen, bulk, actorType: actor.type, actorId: actor.id })
    .returning({ id: riskDecisions.id });
  // The order's open review case (ingest opens one per order under review) is decided with it.
  await tx.execute(sql`
    update risk_cases set status = ${decision === "approve" ? "approved" : "rejected"}::risk_case_status, decided_at = now(),
      decided_by = ${`${actor.type}:${actor.id ?? ""}`}, decision_reason = ${reason}
    where order_id = ${orderId} and kind = 'order_review' and status = 'open'`);
  await audit(tx, actor, {
    action: "risk.decided",
    targetType: "order",
    targetId: orderId,
    data: { decision, reason, commissions: moved.commissions, amountFen: moved.amountFen, ...(bulk ? { bulk: true } : {}) },
  });
  return { orderId, outcome: "decided", decisionId: row!.id, ...moved };
}

/** A single decision from the order's review view: a refusal is an error with its field key. */
export async function decideOrder(tx: Tx, tenantId: string, actor: Actor, input: { orderId: string; decision: RiskDecision; reason: string; caseId?: string }) {
  const r = await decideOne(tx, tenantId, actor, input.orderId, input.decision, reasonOf(input.reason), false, input.caseId ?? null);
  if (r.outcome === "decided") return r;
  throw new AppError(r.outcome === "not_found" ? "NOT_FOUND" : "UNPROCESSABLE", REFUSAL_MESSAGE[r.outcome], { fields: { decision: r.outcome } });
}

/**
 * The same decision on many orders with one reason. Each order is decided in its own
 * savepoint, so one that cannot be decided (already decided by a colleague, settled meanwhile)
 * is reported and the rest still go through.
 */
export async function bulkDecide(tx: Tx, tenantId: string, actor: Actor, input: { orderIds: string[]; decision: RiskDecision; reason: string }) {
  const why = reasonOf(input.reason);
  const ids = [...new Set(input.orderIds)];
  if (ids.length > MAX_BULK_DECISIONS) throw new AppError("BAD_REQUEST", `At most ${MAX_BULK_DECISIONS} orders at once.`, { fields: { orderIds: "too_big" } });
  // Locked in id order up front, so two bulk actions over overlapping selections cannot deadlock.
  if (ids.length) await tx.select({ id: orders.id }).from(orders).where(inArray(orders.id, ids)).orderBy(orders.id).for("update");
  const results: DecisionOutcome[] = [];
  for (const id of ids) results.push(await tx.transaction((sp) => decideOne(sp, tenantId, actor, id, input.decision, why, true)));
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return { results, counts, amountFen: results.reduce((s, r) => s + (r.outcome === "decided" ? r.amountFen : 0), 0) };
}

/** Every decision on an order, oldest first: the review view's history. */
export async function decisionsOf(tx: Tx, orderId: string) {
  return tx
    .select({
      id: riskDecisions.id,
      decision: riskDecisions.decision,
      reason: riskDecisions.reason,
      commissions: riskDecisions.commissions,
      amountFen: riskDecisions.amountFen,
      bulk: riskDecisions.bulk,
      actorType: riskDecisions.actorType,
      actorId: riskDecisions.actorId,
      createdAt: riskDecisions.createdAt,
    })
    .from(riskDecisions)
    .where(and(eq(riskDecisions.orderId, orderId)))
    .orderBy(riskDecisions.createdAt, riskDecisions.id);
}
