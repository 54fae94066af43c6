/**
 * The order as the public API shows it (DESIGN.md `GET /api/v1/orders/{channel}/{externalId}`):
 * attribution, risk, lines with what was refunded, and each commission with what it earns now
 * and a readable trace of why.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { commissions, distributors, orderLines, orders } from "@/db/schema";
import { formatTrace } from "@/server/commission/engine";
import { AppError } from "@/server/errors";
import { shanghaiIso, shanghaiIsoOrNull } from "@/server/shared/time";

export async function findOrderId(tx: Tx, channel: string, externalId: string) {
  const [row] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.channel, channel as (typeof orders.$inferSelect)["channel"]), eq(orders.externalId, externalId)));
  return row?.id ?? null;
}

export async function orderView(tx: Tx, orderId: string, locale: "en" | "zh-CN" = "en") {
  // Three reads sent together (one round trip): right after ingest they run while the earners'
  // account rows are still locked, until COMMIT.
  const [[o], lines, rows] = await Promise.all([
    tx
      .select({ order: orders, distributorCode: distributors.code })
      .from(orders)
      .leftJoin(distributors, and(eq(distributors.tenantId, orders.tenantId), eq(distributors.id, orders.distributorId)))
      .where(eq(orders.id, orderId)),
    tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.lineNo)),
    tx
      .select({ c: commissions, code: distributors.code })
      .from(commissions)
      .innerJoin(distributors, and(eq(distributors.tenantId, commissions.tenantId), eq(distributors.id, commissions.distributorId)))
      .where(eq(commissions.orderId, orderId))
      .orderBy(asc(commissions.tier), asc(commissions.id)),
  ]);
  if (!o) throw new AppError("NOT_FOUND", "Order not found.");
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const { order } = o;
  return {
    channel: order.channel,
    externalId: order.externalId,
    status: order.status,
    paidAt: shanghaiIso(order.paidAt),
    completedAt: shanghaiIsoOrNull(order.completedAt),
    settleAfter: shanghaiIsoOrNull(order.settleAfter),
    attribution: { distributorCode: o.distributorCode ?? null, source: order.attributionSource },
    risk: { verdict: order.riskVerdict, rules: order.riskRules },
    items: lines.map((l) => ({
      sku: l.sku,
      category: l.category,
      quantity: l.quantity,
      amountFen: Number(l.amountFen),
      refundedFen: Number(l.refundedFen),
    })),
    commissions: rows.map(({ c, code }) => {
      const line = lineById.get(c.lineId)!;
      return {
        tier: c.tier,
        distributorCode: code,
        sku: line.sku,
        amountFen: Number(c.amountFen),
        status: c.status,
        ruleId: c.ruleId,
        ruleVersion: c.ruleVersion,
        trace: formatTrace(
          c.trace,
          { amountFen: Number(line.amountFen), refundedFen: Number(line.refundedFen), refundedQuantity: line.refundedQuantity },
          locale,
        ),
      };
    }),
  };
}
export type OrderView = Awaited<ReturnType<typeof orderView>>;
