/**
 * `member.growth_changed`: the point where a change in members' growth value leaves this area.
 *
 * Every change goes to the brand's webhook outbox (`member.growth_changed`, one event per member,
 * ordered per member) in the fold's transaction, so it commits or rolls back with the growth
 * change itself; other listeners (tests, a future membership sync) register a handler.
 */
import type { Tx } from "@/db/client";
import { emitWebhookEvents } from "@/server/webhooks/emit";
import { orderingKey } from "@/server/webhooks/events";

export interface GrowthChange {
  memberId: string;
  /** Signed: positive on settlement, negative on a refund after it. */
  deltaFen: number;
  /** The member row's growth value after the change. */
  growthValueFen: number;
}

export type GrowthChangedHandler = (tx: Tx, tenantId: string, changes: GrowthChange[]) => Promise<void>;

const handlers: GrowthChangedHandler[] = [];

/** Registers a listener (e.g. the `member.growth_changed` webhook); returns its removal. */
export function registerGrowthChangedHandler(handler: GrowthChangedHandler): () => void {
  handlers.push(handler);
  return () => {
    const i = handlers.indexOf(handler);
    if (i >= 0) handlers.splice(i, 1);
  };
}

/** Called by the growth fold with every member whose growth value moved. */
export async function onGrowthChanged(tx: Tx, tenantId: string, changes: GrowthChange[]): Promise<void> {
  await emitWebhookEvents(
    tx,
    tenantId,
    changes.map((c) => ({
      type: "member.growth_changed" as const,
      orderingKey: orderingKey.member(c.memberId),
      data: { memberId: c.memberId, growthValue: c.growthValueFen, delta: c.deltaFen, reason: c.deltaFen >= 0 ? "settled_sales" : "refund" },
    })),
  );
  for (const h of handlers) await h(tx, tenantId, changes);
}
