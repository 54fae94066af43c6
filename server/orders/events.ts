/**
 * What happens to an order after it is paid (DOMAIN.md §4): completion starts the after-sales
 * clock, a refund recomputes each commission of the refunded lines with the version it was
 * computed with (pending and held shrink; settled ones are clawed back from available and then
 * into arrears), cancellation before completion cancels every commission.
 *
 * Each event is one transaction: the order's row lock serialises events of one order, the
 * event row (keyed per order) makes a repeat a no-op, and the state change and its balanced
 * journal are written together.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { commissions, members, orderEvents, orderLines, orders } from "@/db/schema";
import { amountAfterRefund } from "@/server/commission/engine";
import { AppError } from "@/server/errors";
import { brandAccount, credit, debit, distributorAccount, type PostingInput } from "@/server/ledger/accounts";
import { lockAccounts, postJournals } from "@/server/ledger/post";
import { emitCommissionsClawedBack, type ClawedBack } from "@/server/webhooks/emit";
import { settleAfterOf, type OrderSource } from "./ingest-plan";
import { loadProgram } from "./ingest-state";
import type { OrderEvent } from "./schemas";

export interface EventContext {
  tenantId: string;
  source: OrderSource;
}

type EventOutcome = { orderId: string; applied: boolean };

async function lockOrder(tx: Tx, orderId: string) {
  const [o] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!o) throw new AppError("NOT_FOUND", "Order not found.");
  return o;
}

/** Records the event once; false when this key happened before (the event is a replay). */
async function recordEvent(tx: Tx, ctx: EventContext, orderId: string, type: OrderEvent["type"], key: string, at: Date, data: Record<string, unknown>) {
  const [row] = await tx
    .insert(orderEvents)
    .values({ tenantId: ctx.tenantId, orderId, type, key, at, data, source: ctx.source })
    .onConflictDoNothing()
    .returning({ id: orderEvents.id });
  return row?.id ?? null;
}

async function eventExists(tx: Tx, orderId: string, key: string) {
  const [row] = await tx.select({ id: orderEvents.id }).from(orderEvents).where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.key, key)));
  return !!row;
}

export async function applyOrderEvent(tx: Tx, ctx: EventContext, orderId: string, event: OrderEvent): Promise<EventOutcome> {
  switch (event.type) {
    case "completed":
      return completeOrder(tx, ctx, orderId, new Date(event.at));
    case "cancelled":
      return cancelOrder(tx, ctx, orderId, new Date(event.at));
    case "refund":
      return refundOrder(tx, ctx, orderId, { ...event, at: new Date(event.at) });
  }
}

export async function completeOrder(tx: Tx, ctx: EventContext, orderId: string, at: Date): Promise<EventOutcome> {
  const o = await lockOrder(tx, orderId);
  if (o.status === "cancelled") throw new AppError("UNPROCESSABLE", "A cancelled order cannot be completed.", { fields: { type: "invalid_transition" } });
  if (o.status === "completed") return { orderId, applied: false };
  if (at < o.paidAt) throw new AppError("UNPROCESSABLE", "Completion cannot be before payment.", { fields: { at: "invalid_value" } });
  const { afterSalesDays } = await loadProgram(tx);
  const settleAfter = settleAfterOf(at, afterSalesDays);
  await tx.update(orders).set({ status: "completed", completedAt: at, settleAfter, updatedAt: sql`now()` }).where(eq(orders.id, orderId));
  await tx
    .update(commissions)
    .set({ settleAfter })
    .where(and(eq(commissions.orderId, orderId), inArray(commissions.status, ["pending", "held"])));
  await recordEvent(tx, ctx, orderId, "completed", "completed", at, { settleAfter: settleAfter.toISOString() });
  return { orderId, applied: true };
}

export async function cancelOrder(tx: Tx, ctx: EventContext, orderId: string, at: Date): Promise<EventOutcome> {
  const o = await lockOrder(tx, orderId);
  if (o.status === "cancelled") return { orderId, applied: false };
  if (o.status === "completed") {
    throw new AppError("UNPROCESSABLE", "A completed order cannot be cancelled; send a refund instead.", { fields: { type: "invalid_transition" } });
  }
  const open = await tx
    .select({ id: commissions.id, distributorId: commissions.distributorId, status: commissions.status, amountFen: commissions.amountFen })
    .from(commissions)
    .where(and(eq(commissions.orderId, orderId), inArray(commissions.status, ["pending", "held"])))
    .for("update");
  if (open.length) {
    await tx.update(commissions).set({ status: "cancelled", amountFen: 0 }).where(inArray(commissions.id, open.map((c) => c.id)));
    const total = open.reduce((s, c) => s + Number(c.amountFen), 0);
    const postings: PostingInput[] = open.map((c) => debit(distributorAccount(c.distributorId, c.status as "pending" | "held"), Number(c.amountFen)));
    postings.push(credit(brandAccount("commission_expense"), total));
    await postJournals(tx, ctx.tenantId, [
      { kind: "cancellation", idempotencyKey: `order:${orderId}:cancelled`, causeType: "order", causeId: orderId, orderId, postings },
    ]);
  }
  await tx.update(orders).set({ status: "cancelled", cancelledAt: at, updatedAt: sql`now()` }).where(eq(orders.id, orderId));
  await recordEvent(tx, ctx, orderId, "cancelled", "cancelled", at, {});
  const unrefunded = await tx
    .select({ left: sql<string>`coalesce(sum(${orderLines.amountFen} - ${orderLines.refundedFen}), 0)` })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId));
  const left = Number(unrefunded[0]?.left ?? 0);
  if (left) {
    await tx.update(members).set({ totalSpendFen: sql`greatest(0, ${members.totalSpendFen} - ${left})` }).where(eq(members.id, o.buyerMemberId));
  }
  return { orderId, applied: true };
}

interface RefundInput {
  refundId: string;
  items: { sku: string; amountFen: number; quantity?: number | null }[];
  at: Date;
}

export async function refundOrder(tx: Tx, ctx: EventContext, orderId: string, input: RefundInput): Promise<EventOutcome> {
  const o = await lockOrder(tx, orderId);
  const key = `refund:${input.refundId}`;
  if (await eventExists(tx, orderId, key)) return { orderId, applied: false };
  if (o.status === "cancelled") throw new AppError("UNPROCESSABLE", "A cancelled order cannot be refunded.", { fields: { type: "invalid_transition" } });

  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).for("update");
  const bySku = new Map(lines.map((l) => [l.sku, l]));
  const changes = new Map<string, { refundedFen: number; refundedQuantity: number }>();
  const fields: Record<string, string> = {};
  input.items.forEach((item, i) => {
    const line = bySku.get(item.sku);
    if (!line) return void (fields[`items.${i}.sku`] = "not_found");
    const prev = changes.get(line.id) ?? { refundedFen: Number(line.refundedFen), refundedQuantity: line.refundedQuantity };
    const leftFen = Number(line.amountFen) - prev.refundedFen;
    const leftQty = line.quantity - prev.refundedQuantity;
    if (item.amountFen > leftFen) return void (fields[`items.${i}.amountFen`] = "exceeds_remaining");
    if (item.quantity != null && item.quantity > leftQty) return void (fields[`items.${i}.quantity`] = "exceeds_remaining");
    // Without a quantity, money alone returns no units, unless it empties the line.
    const qty = item.quantity ?? (item.amountFen === leftFen ? leftQty : 0);
    changes.set(line.id, { refundedFen: prev.refundedFen + item.amountFen, refundedQuantity: prev.refundedQuantity + qty });
  });
  if (Object.keys(fields).length) {
    throw new AppError("UNPROCESSABLE", "The refund does not fit what is left of the order.", { fields });
  }
  for (const [lineId, c] of changes) {
    await tx.update(orderLines).set(c).where(eq(orderLines.id, lineId));
  }
  // The order's own total of its lines' refunds (db/schema/orders.ts), moved with them.
  const refundedFen = input.items.reduce((s, i) => s + i.amountFen, 0);
  await tx
    .update(orders)
    .set({ refundedFen: sql`${orders.refundedFen} + ${refundedFen}`, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId));

  const eventId = await recordEvent(tx, ctx, orderId, "refund", key, input.at, {
    refundId: input.refundId,
    items: input.items.map((i) => ({ sku: i.sku, amountFen: i.amountFen, quantity: i.quantity ?? null })),
  });
  const refunded = new Map(
    lines.filter((l) => changes.has(l.id)).map((l) => [l.id, { amountFen: Number(l.amountFen), quantity: l.quantity, ...changes.get(l.id)! }]),
  );
  const { postings, cuts } = await recomputeCommissions(tx, orderId, refunded);
  await emitCommissionsClawedBack(tx, ctx.tenantId, orderId, cuts, { refundId: input.refundId });
  if (postings.length) {
    await postJournals(tx, ctx.tenantId, [
      { kind: "refund", idempotencyKey: `order:${orderId}:${key}`, causeType: "refund", causeId: eventId ?? key, orderId, postings },
    ]);
  }
  if (refundedFen) {
    await tx
      .update(members)
      .set({ totalSpendFen: sql`greatest(0, ${members.totalSpendFen} - ${refundedFen})` })
      .where(eq(members.id, o.buyerMemberId));
  }
  return { orderId, applied: true };
}

/**
 * Recomputes the commissions of refunded lines with their own terms and returns the postings
 * that follow: pending and held shrink against the expense; settled ones are clawed back from
 * available and, for what available cannot cover, into arrears (nothing is forgiven). `cuts`:
 * each commission that shrank (commission.clawed_back).
 */
async function recomputeCommissions(
  tx: Tx,
  orderId: string,
  lines: Map<string, { amountFen: number; quantity: number; refundedFen: number; refundedQuantity: number }>,
): Promise<{ postings: PostingInput[]; cuts: ClawedBack[] }> {
  const cuts: ClawedBack[] = [];
  if (!lines.size) return { postings: [], cuts };
  const rows = await tx
    .select()
    .from(commissions)
    // By the order first: commissions are indexed by order (commissions_order_idx), not by
    // line, and without it every refund read the brand's whole commissions table.
    .where(and(eq(commissions.orderId, orderId), inArray(commissions.lineId, [...lines.keys()]), ne(commissions.status, "cancelled")))
    .for("update");
  // Every account this refund may touch, locked up front in the ledger's one lock order.
  const balances = await lockAccounts(
    tx,
    rows.flatMap((c) =>
      c.status === "settled"
        ? [distributorAccount(c.distributorId, "available"), distributorAccount(c.distributorId, "arrears")]
        : [distributorAccount(c.distributorId, c.status as "pending" | "held")],
    ),
  );
  const postings: PostingInput[] = [];
  const clawback = new Map<string, number>();
  let expenseBack = 0;
  for (const c of rows) {
    const line = lines.get(c.lineId)!;
    const now = amountAfterRefund(
      { kind: c.kind, rateBp: c.rateBp, fixedFen: c.fixedFen === null ? null : Number(c.fixedFen) },
      { amountFen: line.amountFen - line.refundedFen, quantity: line.quantity - line.refundedQuantity },
    );
    const before = Number(c.amountFen);
    const cut = Math.max(0, before - now);
    if (!cut) continue;
    expenseBack += cut;
    cuts.push({ commissionId: c.id, distributorId: c.distributorId, previousAmountFen: before, amountFen: now, wasSettled: c.status === "settled", status: c.status === "settled" || now !== 0 ? c.status : "cancelled" });
    if (c.status === "settled") {
      clawback.set(c.distributorId, (clawback.get(c.distributorId) ?? 0) + cut);
      await tx.update(commissions).set({ amountFen: now }).where(eq(commissions.id, c.id));
    } else {
      // Cancelled ones were filtered out above: what is left is pending or held.
      postings.push(debit(distributorAccount(c.distributorId, c.status as "pending" | "held"), cut));
      await tx
        .update(commissions)
        .set({ amountFen: now, status: now === 0 ? "cancelled" : c.status })
        .where(eq(commissions.id, c.id));
    }
  }
  for (const [distributorId, amount] of clawback) {
    const fromAvailable = Math.min(amount, balances.get(`${distributorId}:available`) ?? 0);
    postings.push(debit(distributorAccount(distributorId, "available"), fromAvailable));
    postings.push(debit(distributorAccount(distributorId, "arrears"), amount - fromAvailable));
  }
  if (expenseBack) postings.push(credit(brandAccount("commission_expense"), expenseBack));
  return { postings, cuts };
}

/**
 * Brings every commission of an order in line with its lines as they stand (the refund job's
 * step, and a repair tool): recomputes with each commission's own version and posts whatever
 * differs. Normally a refund already did this in its own transaction, so nothing is posted;
 * returns how many postings were needed.
 */
export async function reconcileOrderCommissions(tx: Tx, tenantId: string, orderId: string): Promise<number> {
  await lockOrder(tx, orderId);
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).for("update");
  const { postings, cuts } = await recomputeCommissions(
    tx,
    orderId,
    new Map(lines.map((l) => [l.id, { amountFen: Number(l.amountFen), quantity: l.quantity, refundedFen: Number(l.refundedFen), refundedQuantity: l.refundedQuantity }])),
  );
  await emitCommissionsClawedBack(tx, tenantId, orderId, cuts, {});
  if (!postings.length) return 0;
  await postJournals(tx, tenantId, [
    { kind: "refund", idempotencyKey: `order:${orderId}:reconcile:${uuidv7()}`, causeType: "reconcile", causeId: orderId, orderId, postings },
  ]);
  return postings.length;
}
