/**
 * The in-process sweeper for deployments without Inngest (the embedded database, `npm run dev`):
 * on an interval it runs the same services the Inngest functions run — settle what is due, expire
 * idempotency results, deliver webhooks and remove their finished history. With Inngest
 * configured it still runs, slowly, as a safety net.
 *
 * Runs never overlap in one process, and two processes (cluster workers, replicas) sweeping at
 * once is harmless: the settlement sweep locks with SKIP LOCKED.
 */
import type { Db } from "@/db/client";
import { DASHBOARD_REFRESH_SECONDS, startDashboardRefresher } from "@/server/dashboard/run";
import { env } from "@/server/env";
import { runIncentiveSweep } from "@/server/incentives/kpi/run";
import { resumeStaleImports } from "@/server/orders/import-service/sweep";
import { sweepPayouts } from "@/server/payouts/providers/executor";
import { purgeAllIdempotencyKeys } from "@/server/rest/idempotency";
import { detectionDue } from "@/server/risk/detect/schedule";
import { detectAll } from "@/server/risk/detect/run";
import { settleAll, type SettleRunSummary } from "@/server/settlement/run";
import { closeDueMonths } from "@/server/incentives/month-close";
import { deliverAll } from "@/server/webhooks/deliver";
import { purgeAllWebhookHistory } from "@/server/webhooks/retention";

const WEBHOOK_RETENTION_EVERY_MS = 3600_000;

export interface Sweeper {
  /** Runs one sweep now (waits for a running one first). */
  runOnce(): Promise<SettleRunSummary>;
  stop(): void;
}

export function startSweeper(db: () => Promise<Db>, opts: { intervalSeconds: number; log?: (line: string) => void }): Sweeper {
  const log = opts.log ?? ((l) => console.log(l));
  let running: Promise<SettleRunSummary> | null = null;
  let paying = false;
  let rewarding = false;
  let delivering = false;
  let purgingWebhooks = false;
  let webhooksPurgedAt = 0;
  // The nightly risk detection: once per Shanghai day, from 02:00 (the Inngest cron's hour).
  let detectedDay: string | null = null;
  let detecting = false;
  const sweep = async () => {
    const database = await db();
    const summary = await settleAll(database);
    await purgeAllIdempotencyKeys(database);
    // The last ended month, for brands the month-close cron has not closed (a no-op once closed).
    await closeDueMonths(database).catch((e: unknown) => console.error("month close failed", e));
    // An order import whose runner stopped (a restart mid-file) continues; not awaited, so a
    // long file never holds up settlement. Imports already running here are left alone.
    void resumeStaleImports(database).catch((e: unknown) => console.error("order import resume failed", e));
    // Payouts (approved ones an event missed, unclear answers, WeChat transfers past 24 h): not
    // awaited, since a gateway timing out must not hold up settlement; one pass at a time.
    if (!paying) {
      paying = true;
      void sweepPayouts(database)
        .then((p) => {
          if (p.runs || p.failures.length) log(`payouts: ${p.runs} run(s), ${p.paid} paid, ${p.returned} returned${p.failures.length ? `, ${p.failures.length} failed` : ""}`);
        })
        .catch((e: unknown) => console.error("payout sweep failed", e))
        .finally(() => (paying = false));
    }
    // Incentives (leaderboard / growth folds, KPI rewards): after settlement, which decides what
    // counts; not awaited, one pass at a time.
    if (!rewarding) {
      rewarding = true;
      void runIncentiveSweep(database)
        .then((r) => {
          if (r.rewards || r.failures.length) log(`incentives: ${r.rewards} KPI reward(s)${r.failures.length ? `, ${r.failures.length} brand(s) failed` : ""}`);
        })
        .catch((e: unknown) => console.error("incentives sweep failed", e))
        .finally(() => (rewarding = false));
    }

    // Webhook deliveries that are due (retries, missed wake-ups): like payouts, not awaited, so
    // a receiver that times out never holds up settlement; one pass at a time.
    if (!delivering) {
      delivering = true;
      void deliverAll(database)
        .then((w) => {
          if (w.attempted || w.errors) log(`webhooks: ${w.attempted} attempt(s), ${w.succeeded} delivered${w.disabled ? `, ${w.disabled} endpoint(s) disabled` : ""}`);
        })
        .catch((e: unknown) => console.error("webhook sweep failed", e))
        .finally(() => (delivering = false));
    }
    // Finished webhook history past its retention: hourly, like the Inngest cron (each run is
    // bounded per brand); not awaited, one pass at a time. A failed run is tried next sweep.
    if (!purgingWebhooks && Date.now() - webhooksPurgedAt >= WEBHOOK_RETENTION_EVERY_MS) {
      purgingWebhooks = true;
      void purgeAllWebhookHistory(database)
        .then((p) => {
          webhooksPurgedAt = Date.now();
          if (p.events || p.errors) log(`webhook retention: ${p.events} old event(s) removed${p.errors ? `, ${p.errors} brand(s) failed` : ""}`);
        })
        .catch((e: unknown) => console.error("webhook retention failed", e))
        .finally(() => (purgingWebhooks = false));
    }

    const due = detectionDue(new Date(), detectedDay);
    if (due && !detecting) {
      detecting = true;
      void detectAll(database)
        .then((r) => {
          detectedDay = due;
          if (r.opened || r.updated || r.failures.length) log(`risk detection: ${r.opened} case(s) opened, ${r.updated} updated${r.failures.length ? `, ${r.failures.length} brand(s) failed` : ""}`);
        })
        .catch((e: unknown) => console.error("risk detection failed", e))
        .finally(() => (detecting = false));
    }
    if (summary.commissions || summary.failures.length) {
      log(`settlement: ${summary.commissions} commission(s) settled across ${summary.tenants} brand(s)${summary.failures.length ? `, ${summary.failures.length} brand(s) failed` : ""}`);
    }
    return summary;
  };
  const runOnce = async () => {
    while (running) await running.catch(() => undefined);
    running = sweep().finally(() => (running = null));
    return running;
  };
  const timer =
    opts.intervalSeconds > 0
      ? setInterval(() => {
          if (running) return; // the last sweep is still going: skip this tick rather than pile up
          runOnce().catch((e: unknown) => console.error("settlement sweep failed", e));
        }, opts.intervalSeconds * 1000)
      : null;
  // Never keep the process alive just for the sweeper.
  timer?.unref();
  // Not on the embedded database: PGlite runs in this process's own thread with one connection,
  // so a background refresh holds every request behind it (a fresh e2e server stopped answering
  // for a minute). There, the dashboard's reads fold the months they show themselves.
  const dashboard = startDashboardRefresher(db, opts.intervalSeconds > 0 && env.DATABASE_URL ? DASHBOARD_REFRESH_SECONDS : 0);
  return { runOnce, stop: () => (void dashboard.stop(), timer && clearInterval(timer)) };
}
