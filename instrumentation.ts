/**
 * At server start: open the database (migrations and the demo seed run before the first request)
 * and start the in-process settlement sweeper — once per process group (cluster worker 1 only).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { appDatabase, appDb } = await import("@/server/db");
  await appDatabase();
  // Every worker wakes the webhook dispatcher after the commits it makes.
  (await import("@/server/webhooks/wake")).installWebhookWake();
  const cluster = await import("node:cluster");
  if (cluster.default.worker && cluster.default.worker.id !== 1) return;
  const { env } = await import("@/server/env");
  const { inngestConfigured } = await import("@/server/jobs/client");
  const { startSweeper } = await import("@/server/jobs/sweeper");
  // With Inngest running the jobs, the sweep is only a safety net: at most every 15 minutes.
  const interval = inngestConfigured() && env.SETTLEMENT_SWEEP_SECONDS > 0 ? Math.max(env.SETTLEMENT_SWEEP_SECONDS, 900) : env.SETTLEMENT_SWEEP_SECONDS;
  startSweeper(appDb, { intervalSeconds: interval });
}
