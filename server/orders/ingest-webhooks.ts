/**
 * The webhook events an ingest plan causes (order.attributed, commission.created), built in
 * memory from the plan and written by the flush in the same statement batch as the orders.
 * Only the types some enabled endpoint of the brand subscribes to (read with the brand's
 * settings, ingest-state.ts): a brand without webhooks gets an empty list and no statement.
 */
import type { WebhookEventInput } from "@/server/webhooks/emit";
import { orderingKey } from "@/server/webhooks/events";
import type { Plan } from "./ingest-plan";
import type { IngestState } from "./ingest-state";

export function ingestWebhookEvents(state: Pick<IngestState, "webhookTypes" | "distributorsById">, plan: Pick<Plan, "orders" | "lines" | "commissions">): WebhookEventInput[] {
  const attributed = state.webhookTypes.has("order.attributed");
  const created = state.webhookTypes.has("commission.created");
  if (!attributed && !created) return [];
  const code = (id: string | null) => (id ? (state.distributorsById.get(id)?.code ?? null) : null);
  const skuOf = new Map(plan.lines.map((l) => [l.id, l.sku]));
  const byOrder = new Map<string, Plan["commissions"]>();
  if (created) {
    for (const c of plan.commissions) {
      const list = byOrder.get(c.orderId);
      if (list) list.push(c);
      else byOrder.set(c.orderId, [c]);
    }
  }
  const out: WebhookEventInput[] = [];
  // Per order: attributed first, then its commissions; one order's events share its key.
  for (const o of plan.orders) {
    const key = orderingKey.order(o.id);
    if (attributed && o.distributorId) {
      out.push({
        type: "order.attributed",
        orderingKey: key,
        data: {
          orderId: o.id,
          channel: o.channel,
          externalId: o.externalId,
          status: o.status,
          distributorCode: code(o.distributorId),
          attributionSource: o.attributionSource,
          amountFen: o.amountFen,
          paidAt: o.paidAt.toISOString(),
          riskVerdict: o.riskVerdict,
        },
      });
    }
    for (const c of byOrder.get(o.id) ?? []) {
      out.push({
        type: "commission.created",
        orderingKey: key,
        data: {
          commissionId: c.id,
          orderId: o.id,
          channel: o.channel,
          externalId: o.externalId,
          tier: c.tier,
          distributorCode: code(c.distributorId),
          sku: skuOf.get(c.lineId) ?? null,
          amountFen: c.amountFen,
          status: c.status,
          ruleId: c.ruleId,
          ruleVersion: c.ruleVersion,
          settleAfter: c.settleAfter?.toISOString() ?? null,
        },
      });
    }
  }
  return out;
}
