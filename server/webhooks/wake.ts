/**
 * Who delivers right after a commit that made deliveries: with Inngest configured, the
 * `webhook/pending` event (the deliver-webhooks function); otherwise this process, in the
 * background (never holding up the request). Either way the cron / embedded sweeper picks up
 * whatever a wake-up missed and every retry that comes due.
 */
import type { Db } from "@/db/client";
import { inngestConfigured } from "@/server/jobs/client";
import { trySendJobEvents } from "@/server/jobs/events";
import { deliverTenant } from "./deliver";
import { setWebhookWake } from "./emit";

const running = new Set<string>();

async function deliverHere(db: Db, tenantId: string) {
  // One background run per brand at a time in this process; a run already going drains what
  // this commit added (it passes until nothing is due), or the sweep does.
  if (running.has(tenantId)) return;
  running.add(tenantId);
  try {
    await deliverTenant(db, tenantId);
  } finally {
    running.delete(tenantId);
  }
}

export function installWebhookWake() {
  setWebhookWake(async (db, tenantId) => {
    if (inngestConfigured() && (await trySendJobEvents([{ name: "webhook/pending", data: { tenantId } }]))) return;
    void deliverHere(db, tenantId).catch((e: unknown) => console.error("webhooks: delivery failed", e));
  });
}
