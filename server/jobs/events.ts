/**
 * The events that wake the jobs. They are sent only after the transaction that caused them has
 * committed, and a failure to send never fails the request: every job is state-driven, and the
 * sweep finds whatever an event did not trigger.
 */
import { inngest, inngestConfigured } from "./client";

export type JobEvent =
  | { name: "order/completed"; data: { tenantId: string; orderId: string; settleAfter: string } }
  | { name: "order/refunded"; data: { tenantId: string; orderId: string } }
  | { name: "withdrawal/approved"; data: { tenantId: string; withdrawalId: string } }
  | { name: "notification/sms"; data: { tenantId: string; notificationId: string } }
  | { name: "webhook/pending"; data: { tenantId: string } };

export async function sendJobEvents(events: JobEvent[]) {
  if (!events.length || !inngestConfigured()) return;
  try {
    await inngest.send(events);
  } catch (e) {
    console.error("jobs: events not sent; the settlement sweep will pick the work up", e);
  }
}

/**
 * For work no sweep stands behind (a notification's SMS): whether Inngest took the events, so
 * the caller does the work itself when it did not (not configured, or the send failed).
 */
export async function trySendJobEvents(events: JobEvent[]): Promise<boolean> {
  if (!events.length || !inngestConfigured()) return false;
  try {
    await inngest.send(events);
    return true;
  } catch (e) {
    console.error("jobs: events not sent; doing the work in this process instead", e);
    return false;
  }
}
