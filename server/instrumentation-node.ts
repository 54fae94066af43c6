/**
 * The Node half of instrumentation.ts, in a module of its own: Next compiles instrumentation.ts
 * for the Edge runtime too, and imports written there (node:cluster) warn in that build even
 * behind the runtime check. Imported only when NEXT_RUNTIME is nodejs.
 *
 * Opens the database (migrations and the demo seed run before the first request) and starts the
 * in-process settlement sweeper once per process group (cluster worker 1 only).
 */
import cluster from "node:cluster";
import { appDatabase, appDb } from "@/server/db";
import { env } from "@/server/env";
import { inngestConfigured } from "@/server/jobs/client";
import { startSweeper } from "@/server/jobs/sweeper";
import { installWebhookWake } from "@/server/webhooks/wake";

export async function registerNode() {
  await appDatabase();
  // Every worker wakes the webhook dispatcher after the commits it makes.
  installWebhookWake();
  if (cluster.worker && cluster.worker.id !== 1) return;
  // With Inngest running the jobs, the sweep is only a safety net: at most every 15 minutes.
  const interval = inngestConfigured() && env.SETTLEMENT_SWEEP_SECONDS > 0 ? Math.max(env.SETTLEMENT_SWEEP_SECONDS, 900) : env.SETTLEMENT_SWEEP_SECONDS;
  startSweeper(appDb, { intervalSeconds: interval });
}
