/**
 * Cases in the Risk Control Center (risk_cases, issue 10 items 3 and 5): an order under review,
 * a settled order found suspicious afterwards, or a cluster / ring the nightly job found.
 *
 * Deciding an order_review case decides its order (server/risk/decisions.ts: approve releases
 * the held commission, reject cancels it). The other kinds hold no money of their own — a
 * settled order is clawed back by a refund, a cluster's or ring's distributors are frozen from
 * their profile — so their decision records the reviewer's finding. Every decision is a new
 * risk_decisions row; the case shows the latest.
 */
import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { RISK_CASE_KINDS, RISK_CASE_STATUSES } from "@/db/risk-kinds";
import { distributors, orders, riskCases, riskDecisions } from "@/db/schema";
import { AppError } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { decideOrder, reasonOf, type RiskDecision } from "./decisions";
import { maskedMembers } from "./detect/load";

export const caseListInputSchema = z.object({
  status: z.enum([...RISK_CASE_STATUSES, "all"]).default("open"),
  kind: z.enum(RISK_CASE_KINDS).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type CaseListInput = z.infer<typeof caseListInputSchema>;

async function distributorRefs(tx: Tx, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; code: string; name: string; status: string }>();
  const rows = await tx
    .select({ id: distributors.id, code: distributors.code, name: distributors.name, status: distributors.status })
    .from(distributors)
    .where(sql`${distributors.id} = any(${`{${ids.join(",")}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listCases(tx: Tx, input: CaseListInput) {
  const where: SQL | undefined = and(input.status !== "all" ? eq(riskCases.status, input.status) : undefined, input.kind ? eq(riskCases.kind, input.kind) : undefined);
  const [total] = await tx.select({ n: count() }).from(riskCases).where(where);
  const rows = await tx
    .select({
      id: riskCases.id,
      kind: riskCases.kind,
      status: riskCases.status,
      orderId: riskCases.orderId,
      externalId: orders.externalId,
      distributorIds: riskCases.distributorIds,
      memberIds: riskCases.memberIds,
      rules: riskCases.rules,
      amountFen: riskCases.amountFen,
      openedAt: riskCases.openedAt,
      decidedAt: riskCases.decidedAt,
    })
    .from(riskCases)
    .leftJoin(orders, and(eq(orders.tenantId, riskCases.tenantId), eq(orders.id, riskCases.orderId)))
    .where(where)
    .orderBy(desc(riskCases.openedAt), desc(riskCases.id))
    .limit(input.limit)
    .offset(input.offset);
  const refs = await distributorRefs(tx, [...new Set(rows.flatMap((r) => r.distributorIds))]);
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      orderId: r.orderId,
      externalId: r.externalId,
      distributors: r.distributorIds.flatMap((id) => (refs.has(id) ? [refs.get(id)!] : [])).map(({ id, code, name }) => ({ id, code, name })),
      members: r.memberIds.length,
      rules: r.rules.map((x) => x.code),
      amountFen: Number(r.amountFen),
      openedAt: r.openedAt,
      decidedAt: r.decidedAt,
    })),
  };
}

export async function caseDetail(tx: Tx, id: string) {
  const [c] = await tx.select().from(riskCases).where(eq(riskCases.id, id));
  if (!c) throw new AppError("NOT_FOUND", "Case not found.");
  const refs = await distributorRefs(tx, c.distributorIds);
  const masked = await maskedMembers(tx, c.memberIds.slice(0, 200));
  const [order] = c.orderId
    ? await tx.select({ id: orders.id, channel: orders.channel, externalId: orders.externalId, verdict: orders.riskVerdict, amountFen: orders.amountFen }).from(orders).where(eq(orders.id, c.orderId))
    : [];
  const decisions = await tx
    .select({ id: riskDecisions.id, decision: riskDecisions.decision, reason: riskDecisions.reason, amountFen: riskDecisions.amountFen, actorType: riskDecisions.actorType, actorId: riskDecisions.actorId, createdAt: riskDecisions.createdAt })
    .from(riskDecisions)
    .where(eq(riskDecisions.caseId, c.id))
    .orderBy(riskDecisions.createdAt, riskDecisions.id);
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    amountFen: Number(c.amountFen),
    openedAt: c.openedAt,
    decidedAt: c.decidedAt,
    decisionReason: c.decisionReason,
    rules: c.rules.map((r) => ({ code: r.code, action: r.action, evidence: r.evidence })),
    order: order ? { ...order, amountFen: Number(order.amountFen) } : null,
    distributors: c.distributorIds.flatMap((d) => (refs.has(d) ? [refs.get(d)!] : [])),
    members: c.memberIds.map((m) => ({ id: m, masked: masked.get(m) ?? "—" })),
    decisions: decisions.map((d) => ({ ...d, amountFen: Number(d.amountFen) })),
  };
}

export async function decideCase(tx: Tx, tenantId: string, actor: Actor, input: { caseId: string; decision: RiskDecision; reason: string }) {
  const reason = reasonOf(input.reason);
  const [c] = await tx.select({ id: riskCases.id, kind: riskCases.kind, status: riskCases.status, orderId: riskCases.orderId }).from(riskCases).where(eq(riskCases.id, input.caseId)).for("update");
  if (!c) throw new AppError("NOT_FOUND", "Case not found.");
  const status = input.decision === "approve" ? ("approved" as const) : ("rejected" as const);
  if (c.status === status) throw new AppError("UNPROCESSABLE", `This case is already ${status}.`, { fields: { decision: `already_${status}` } });
  if (c.kind === "order_review" && c.orderId) {
    // The order's decision moves the money, records the decision with this case, and closes
    // the case if it is open; a reversal of a decided case is stamped here.
    const r = await decideOrder(tx, tenantId, actor, { orderId: c.orderId, decision: input.decision, reason, caseId: c.id });
    await tx.update(riskCases).set({ status, decidedAt: new Date(), decidedBy: `${actor.type}:${actor.id ?? ""}`, decisionReason: reason }).where(eq(riskCases.id, c.id));
    return { caseId: c.id, status, commissions: r.commissions, amountFen: r.amountFen };
  }
  await tx.insert(riskDecisions).values({ tenantId, orderId: c.orderId, caseId: c.id, decision: input.decision, reason, actorType: actor.type, actorId: actor.id });
  await tx.update(riskCases).set({ status, decidedAt: new Date(), decidedBy: `${actor.type}:${actor.id ?? ""}`, decisionReason: reason }).where(eq(riskCases.id, c.id));
  await audit(tx, actor, { action: "risk.decided", targetType: "risk_case", targetId: c.id, data: { decision: input.decision, reason, kind: c.kind } });
  return { caseId: c.id, status, commissions: 0, amountFen: 0 };
}
