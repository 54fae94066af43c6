/**
 * `member.growth_changed`: the point where a change in members' growth value leaves this area.
 *
 * The webhooks area (built separately) registers its delivery here, so this folder does not
 * depend on it; until something registers, a change has no listener and nothing is sent —
 * nothing here claims to deliver. Handlers run inside the fold's transaction, so an outbox
 * row they write commits (or rolls back) with the growth change itself.
 */
import type { Tx } from "@/db/client";

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
  for (const h of handlers) await h(tx, tenantId, changes);
}
