/**
 * Risk holds on an order's commissions (DOMAIN.md §7: "review — commission held until a
 * reviewer decides"). Held commissions never settle. A reviewer releases them (they become
 * pending and settle as usual) or rejects them (cancelled; the expense is reversed). A reviewer
 * can also put an order under review after the fact: its pending commissions are held.
 * Each decision is one journal in the same transaction as the status change, and audited.
 */
import { and, eq, inArray } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { commissions, orders } from "@/db/schema";
import { AppError } from "@/server/errors";
import { brandAccount, credit, debit, distributorAccount, type JournalKind, type PostingInput } from "@/server/ledger/accounts";
import { postJournals } from "@/server/ledger/post";
import { audit, type Actor } from "@/server/tenancy/audit";

type Decision = "hold" | "release" | "reject";

const FROM: Record<Decision, "pending" | "held"> = { hold: "pending", release: "held", reject: "held" };
const KIND: Record<Decision, JournalKind> = { hold: "adjustment", release: "hold_release", reject: "hold_reject" };

export async function decideHold(tx: Tx, tenantId: string, actor: Actor, input: { orderId: string; decision: Decision; reason: string }) {
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, input.orderId)).for("update");
  if (!order) throw new AppError("NOT_FOUND", "Order not found.");
  const from = FROM[input.decision];
  const rows = await tx
    .select({ id: commissions.id, distributorId: commissions.distributorId, amountFen: commissions.amountFen })
    .from(commissions)
    .where(and(eq(commissions.orderId, order.id), eq(commissions.status, from)))
    .for("update");
  if (!rows.length) {
    throw new AppError("UNPROCESSABLE", `This order has no ${from} commissions to ${input.decision}.`, { fields: { decision: "nothing_to_decide" } });
  }
  const total = rows.reduce((s, c) => s + Number(c.amountFen), 0);
  const postings: PostingInput[] = rows.map((c) => debit(distributorAccount(c.distributorId, from), Number(c.amountFen)));
  if (input.decision === "hold") for (const c of rows) postings.push(credit(distributorAccount(c.distributorId, "held"), Number(c.amountFen)));
  else if (input.decision === "release") for (const c of rows) postings.push(credit(distributorAccount(c.distributorId, "pending"), Number(c.amountFen)));
  else postings.push(credit(brandAccount("commission_expense"), total));
  const ids = rows.map((c) => c.id);
  const next = input.decision === "hold" ? "held" : input.decision === "release" ? "pending" : "cancelled";
  await tx
    .update(commissions)
    .set(next === "cancelled" ? { status: next, amountFen: 0 } : { status: next })
    .where(inArray(commissions.id, ids));
  await postJournals(tx, tenantId, [
    {
      kind: KIND[input.decision],
      // State makes the decision once (the status filter above, under the row locks); the key
      // only has to be unique, since an order may be held, released and held again.
      idempotencyKey: `order:${order.id}:${input.decision}:${uuidv7()}`,
      causeType: "risk_decision",
      causeId: order.id,
      orderId: order.id,
      memo: input.reason,
      postings,
    },
  ]);
  await audit(tx, actor, { action: `commission.${input.decision}`, targetType: "order", targetId: order.id, data: { commissions: ids.length, amountFen: total, reason: input.reason } });
  return { commissions: ids.length, amountFen: total };
}
