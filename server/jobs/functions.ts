/**
 * Inngest functions (DESIGN.md "Events and jobs"): thin — each step calls a state-driven,
 * idempotent service, so a retry, a duplicate event or a late run is harmless. One concurrency
 * key per brand keeps one brand's backlog from starving the others.
 */
import type { Db } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { refreshAllDashboards } from "@/server/dashboard/run";
import { sendNotificationSms } from "@/server/notify/notify";
import { reconcileOrderCommissions } from "@/server/orders/events";
import { runIncentiveSweep } from "@/server/incentives/kpi/run";
import { executePayout, sweepPayouts } from "@/server/payouts/providers/executor";
import type { ProviderSet } from "@/server/payouts/providers/registry";
import { purgeAllIdempotencyKeys } from "@/server/rest/idempotency";
import { detectAll } from "@/server/risk/detect/run";
import { settleAll } from "@/server/settlement/run";
import { settleDue } from "@/server/settlement/sweep";
import { closeDueMonths } from "@/server/incentives/month-close";
import { deliverAll, deliverTenant, type DispatchOptions } from "@/server/webhooks/deliver";
import { purgeAllWebhookHistory, type RetentionOptions } from "@/server/webhooks/retention";
import { inngest } from "./client";

const perTenant = { key: "event.data.tenantId", limit: 2 };

/**
 * `providers`: the payout gateways (tests pass fakes; by default the environment's);
 * `webhooks`: dispatcher options (tests allow their local receiver); `webhookRetention`: the
 * clean-up's options (by default WEBHOOK_RETENTION_DAYS).
 */
export function createJobFunctions(db: () => Promise<Db>, opts: { providers?: ProviderSet; webhooks?: DispatchOptions; webhookRetention?: RetentionOptions } = {}) {
  const settleOrder = inngest.createFunction(
    { id: "settle-order", name: "Settle an order after its after-sales window", triggers: [{ event: "order/completed" }], concurrency: perTenant },
    async ({ event, step }) => {
      const data = event.data as { tenantId: string; orderId: string; settleAfter: string };
      await step.sleepUntil("after-sales-window", new Date(data.settleAfter));
      return step.run("settle", async () => {
        const r = await withTenant(await db(), data.tenantId, (tx) => settleDue(tx, data.tenantId, { orderId: data.orderId }));
        return { commissions: r.commissions, settledFen: r.settledFen, offsetFen: r.offsetFen };
      });
    },
  );

  const clawBack = inngest.createFunction(
    { id: "claw-back-refund", name: "Claw back a refunded order's commissions", triggers: [{ event: "order/refunded" }], concurrency: perTenant },
    async ({ event, step }) => {
      const data = event.data as { tenantId: string; orderId: string };
      return step.run("reconcile", async () => {
        const posted = await withTenant(await db(), data.tenantId, (tx) => reconcileOrderCommissions(tx, data.tenantId, data.orderId));
        return { corrected: posted };
      });
    },
  );

  const sweep = inngest.createFunction(
    { id: "settlement-sweep", name: "Settlement sweep (safety net)", triggers: [{ cron: "*/15 * * * *" }] },
    async ({ step }) => {
      const settled = await step.run("settle-due", async () => {
        const s = await settleAll(await db());
        return { tenants: s.tenants, commissions: s.commissions, failures: s.failures.length };
      });
      const purged = await step.run("purge-idempotency-keys", async () => purgeAllIdempotencyKeys(await db()));
      // Payouts an event missed, unclear answers to ask about again, WeChat transfers past 24 h.
      const payouts = await step.run("payouts", async () => {
        const p = await sweepPayouts(await db(), { providers: opts.providers });
        return { runs: p.runs, paid: p.paid, returned: p.returned, failures: p.failures.length };
      });
      return { settled, purged, payouts };
    },
  );

  /**
   * Pays an approved withdrawal. An unclear answer (or another run's call still in flight)
   * throws, so Inngest retries with backoff; every run asks the provider about the same bill
   * before sending anything, so a retry can never pay twice.
   */
  const payWithdrawal = inngest.createFunction(
    { id: "pay-withdrawal", name: "Pay out an approved withdrawal", triggers: [{ event: "withdrawal/approved" }], concurrency: perTenant, retries: 8 },
    async ({ event, step }) => {
      const data = event.data as { tenantId: string; withdrawalId: string };
      return step.run("pay", async () => {
        const r = await executePayout(await db(), data.tenantId, data.withdrawalId, { providers: opts.providers });
        if (r.state === "unknown" || r.state === "in_flight") throw new Error(`payout ${r.outBillNo ?? data.withdrawalId}: ${r.state}; will ask the provider again`);
        return r;
      });
    },
  );

  // A member notification's SMS, after the notification committed (server/notify/notify.ts).
  // A gateway failure throws, so Inngest retries the step; a member without a phone sends none.
  const notificationSms = inngest.createFunction(
    { id: "send-notification-sms", name: "Send a member notification's SMS", triggers: [{ event: "notification/sms" }], concurrency: perTenant },
    async ({ event, step }) => {
      const data = event.data as { tenantId: string; notificationId: string };
      return step.run("send", async () => ({ sent: await sendNotificationSms(await db(), data.tenantId, data.notificationId) }));
    },
  );

  /** Folds what changed into the dashboard aggregates (the embedded refresher does it every few seconds). */
  const dashboardRefresh = inngest.createFunction(
    { id: "dashboard-refresh", name: "Refresh the dashboard aggregates", triggers: [{ cron: "* * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) =>
      step.run("refresh", async () => {
        const r = await refreshAllDashboards(await db());
        return { tenants: r.tenants, days: r.days, failures: r.failures.length };
      }),
  );


  // Month close (team bonus, level demotion, …): early on the 1st, Shanghai time; the sweeper
  // closes any month this missed.
  const monthClose = inngest.createFunction(
    { id: "month-close", name: "Close the month that ended (incentives)", triggers: [{ cron: "TZ=Asia/Shanghai 0 2 1 * *" }] },
    async ({ step }) => step.run("close-due-months", async () => {
      const r = await closeDueMonths(await db());
      return { month: r.month, closed: r.closed, failures: r.failures.length };
    }),
  );

  // Leaderboard and growth folds, and KPI rewards of closed months as their orders settle.
  const incentives = inngest.createFunction(
    { id: "incentives-sweep", name: "Incentives: fold leaderboards and growth, pay KPI rewards", triggers: [{ cron: "*/30 * * * *" }] },
    async ({ step }) =>
      step.run("incentives", async () => {
        const s = await runIncentiveSweep(await db());
        return { tenants: s.tenants, rewards: s.rewards, rewardFen: s.rewardFen, growthOrders: s.growthOrders, failures: s.failures.length };
      }),
  );


  // Outbound webhooks: a brand's deliveries right after the commit that made them (one run per
  // brand at a time: ordering per order holds across runs anyway), and every minute whatever
  // is due (retries after their backoff, wake-ups that were missed).
  const deliverWebhooks = inngest.createFunction(
    { id: "deliver-webhooks", name: "Deliver a brand's webhooks", triggers: [{ event: "webhook/pending" }], concurrency: { key: "event.data.tenantId", limit: 1 } },
    async ({ event, step }) => {
      const data = event.data as { tenantId: string };
      return step.run("deliver", async () => deliverTenant(await db(), data.tenantId, opts.webhooks));
    },
  );
  const webhookSweep = inngest.createFunction(
    { id: "webhook-sweep", name: "Deliver due webhooks (retries)", triggers: [{ cron: "* * * * *" }] },
    async ({ step }) => step.run("deliver-due", async () => deliverAll(await db(), opts.webhooks)),
  );
  // Finished webhook history past WEBHOOK_RETENTION_DAYS, hourly: each run removes a bounded
  // amount per brand, so a backlog drains over a few runs instead of in one long one.
  const webhookRetention = inngest.createFunction(
    { id: "webhook-retention", name: "Remove finished webhook history", triggers: [{ cron: "23 * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) => step.run("purge-history", async () => purgeAllWebhookHistory(await db(), opts.webhookRetention)),
  );


  // Nightly risk detection (clusters and rings over 90 days → cases), 02:00 Asia/Shanghai.
  const riskDetection = inngest.createFunction(
    { id: "risk-detection", name: "Nightly risk detection (clusters and rings)", triggers: [{ cron: "TZ=Asia/Shanghai 0 2 * * *" }] },
    async ({ step }) =>
      step.run("detect", async () => {
        const r = await detectAll(await db());
        return { tenants: r.tenants, clusters: r.clusters, rings: r.rings, opened: r.opened, updated: r.updated, failures: r.failures.length };
      }),
  );

  return [settleOrder, clawBack, sweep, payWithdrawal, notificationSms, dashboardRefresh, monthClose, incentives, deliverWebhooks, webhookSweep, webhookRetention, riskDetection];
}
