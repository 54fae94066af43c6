/**
 * The events a brand's endpoints can subscribe to, and the `data` each carries. Pure: no
 * database code, so the console, the OpenAPI text and the emitters share one list.
 */
import type { WITHDRAWAL_STATUSES } from "@/db/schema/withdrawals";

type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

/**
 * A withdrawal's event is named for the state it reached; `reviewing` (the state a new request
 * is in) is published as `withdrawal.requested`.
 */
export const WITHDRAWAL_EVENT: Record<WithdrawalStatus, `withdrawal.${string}`> = {
  reviewing: "withdrawal.requested",
  approved: "withdrawal.approved",
  paying: "withdrawal.paying",
  waiting_confirmation: "withdrawal.waiting_confirmation",
  paid: "withdrawal.paid",
  rejected: "withdrawal.rejected",
  failed: "withdrawal.failed",
  cancelled: "withdrawal.cancelled",
  expired: "withdrawal.expired",
};

export const WEBHOOK_EVENT_TYPES = [
  "order.attributed",
  "commission.created",
  "commission.settled",
  "commission.clawed_back",
  ...Object.values(WITHDRAWAL_EVENT),
  "distributor.approved",
  "risk.case_opened",
  "member.growth_changed",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only to the endpoint it was asked for from the console ("send test event"). */
export const TEST_EVENT_TYPE = "webhook.test";

const KNOWN = new Set<string>(WEBHOOK_EVENT_TYPES);

export function isWebhookEventType(type: string): type is WebhookEventType {
  return KNOWN.has(type);
}

/**
 * The event types a selection names: exact types, `withdrawal.*` style wildcards, or `*`.
 * Wildcards are expanded when an endpoint is saved, so a type added later is not sent to an
 * endpoint that never chose it. Unknown names are returned apart, for a field error.
 */
export function expandSelection(selection: readonly string[]): { types: WebhookEventType[]; unknown: string[] } {
  const out = new Set<WebhookEventType>();
  const unknown: string[] = [];
  for (const s of selection) {
    if (s === "*") WEBHOOK_EVENT_TYPES.forEach((t) => out.add(t));
    else if (s.endsWith(".*")) {
      const prefix = s.slice(0, -1);
      const matched = WEBHOOK_EVENT_TYPES.filter((t) => t.startsWith(prefix));
      if (!matched.length) unknown.push(s);
      matched.forEach((t) => out.add(t));
    } else if (isWebhookEventType(s)) out.add(s);
    else unknown.push(s);
  }
  return { types: WEBHOOK_EVENT_TYPES.filter((t) => out.has(t)), unknown };
}

/** Deliveries of one key go out in the order their events happened (DESIGN: "in order per order"). */
export const orderingKey = {
  order: (orderId: string) => `order:${orderId}`,
  withdrawal: (withdrawalId: string) => `withdrawal:${withdrawalId}`,
  distributor: (distributorId: string) => `distributor:${distributorId}`,
  member: (memberId: string) => `member:${memberId}`,
  riskCase: (caseId: string) => `risk_case:${caseId}`,
};

/** `risk.case_opened`: a risk case needs a reviewer (server/risk calls emitRiskCaseOpened). */
export interface RiskCaseOpenedData {
  caseId: string;
  /** What the case is about: "order", "distributor", "member". */
  subjectType: string;
  subjectId: string;
  /** The order the case holds commission of, when there is one (the event is then ordered with that order's events). */
  orderId?: string | null;
  verdict: "review" | "block";
  rules: { code: string; action?: string }[];
  openedAt: string;
}

/** `member.growth_changed`: a member's growth value moved (server/incentives calls emitMemberGrowthChanged). */
export interface MemberGrowthChangedData {
  memberId: string;
  distributorCode?: string | null;
  growthValue: number;
  delta: number;
  reason: string;
  /** What caused it (e.g. an order id), when there is one. */
  causeType?: string | null;
  causeId?: string | null;
  changedAt: string;
}

/** The delivery log's sorts and states (the console's list; pure, so the browser can import it). */
export const DELIVERY_SORTS = ["createdAt"] as const;
export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
