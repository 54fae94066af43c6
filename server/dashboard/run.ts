/**
 * Refreshes the dashboard aggregates across brands: the Inngest cron, the embedded refresher
 * (every few seconds) and nothing else; a dashboard read also refreshes its own brand first
 * (server/api/routers/dashboard.ts). One brand per transaction, SKIP LOCKED, so two refreshers
 * (a read and the timer, two processes) never wait on one another or fold a day twice at once.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { DEFAULT_LAG_MS, refreshDashboard, uuidFloor } from "./refresh";

/** How far back the timer looks for brands with new source rows (a missed tick is caught up). */
const LOOKBACK_MS = 15 * 60_000;
/**
 * The embedded refresher's pace (the Inngest cron runs every minute). A dashboard read folds its
 * own brand first, so the pace is not how fresh the figures are: it is how often a busy brand's
 * today is recomputed beside ingest. Every 5 s that cost single-order ingest 15% on two cores.
 */
export const DASHBOARD_REFRESH_SECONDS = 15;

export async function tenantsWithDashboardWork(db: Db, since: Date): Promise<string[]> {
  return withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(
      await tx.execute(
        sql`select tenant_id from fx_tenants_with_dashboard_work(${uuidFloor(since.getTime())}::uuid)`,
      ),
    ).map((r) => r.tenant_id),
  );
}

export interface DashboardRunSummary {
  tenants: number;
  days: number;
  failures: { tenantId: string; error: string }[];
}

export async function refreshAllDashboards(
  db: Db,
  opts: { now?: Date } = {},
): Promise<DashboardRunSummary> {
  const now = opts.now ?? new Date();
  const tenants = await tenantsWithDashboardWork(
    db,
    new Date(now.getTime() - LOOKBACK_MS - DEFAULT_LAG_MS),
  );
  const summary: DashboardRunSummary = { tenants: tenants.length, days: 0, failures: [] };
  for (const tenantId of tenants) {
    try {
      // Until the brand's queue is empty, a bounded batch of days per transaction. (The
      // background run is for real Postgres only: server/jobs/sweeper.ts does not start it on
      // the embedded database, where reads fold the months they show.)
      for (let i = 0; i < 100; i++) {
        const r = await withTenant(db, tenantId, (tx) =>
          refreshDashboard(tx, { now, skipLocked: true }),
        );
        summary.days += r.folded.length;
        if (r.skipped || r.remaining === 0) break;
      }
    } catch (e) {
      console.error(`dashboard: brand ${tenantId} failed`, e);
      summary.failures.push({ tenantId, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return summary;
}

/**
 * Most of its time the embedded refresher spends folding. A fold recomputes each changed day
 * whole, so its cost grows with the day: the bench brand's today of 40,000 orders takes 0.7 s,
 * and a sale day of a million would take longer than the pace itself, leaving a core folding
 * without pause beside ingest. After a refresh that took `t`, the next waits at least
 * t × (1 / duty − 1): at 10%, 0.7 s keeps the 15 s pace and 18 s waits 162 s. Reads still fold
 * their own brand first, so a slower pace costs no one stale figures.
 */
export const DASHBOARD_REFRESH_DUTY = 0.1;

/** Milliseconds from the end of a refresh that took `tookMs` to the start of the next. */
export function refreshDelayMs(intervalSeconds: number, tookMs: number): number {
  return Math.max(intervalSeconds * 1000, tookMs * (1 / DASHBOARD_REFRESH_DUTY - 1));
}

/**
 * The embedded refresher: every `intervalSeconds` or slower (refreshDelayMs), never overlapping
 * itself; 0 = off. `immediate` runs the first refresh at once rather than after one interval.
 * `stop` resolves once a refresh under way has finished. (`refresh` is for tests.)
 */
export function startDashboardRefresher(
  db: () => Promise<Db>,
  intervalSeconds: number,
  opts: { immediate?: boolean; refresh?: (db: Db) => Promise<unknown> } = {},
) {
  const refresh = opts.refresh ?? refreshAllDashboards;
  if (intervalSeconds <= 0) return { stop: () => Promise.resolve() };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick();
    }, ms);
    // Never keep the process alive just for the refresher.
    timer.unref();
  };
  const tick = async () => {
    const started = performance.now();
    try {
      await refresh(await db());
    } catch (e) {
      console.error("dashboard refresh failed", e);
    }
    schedule(refreshDelayMs(intervalSeconds, performance.now() - started));
  };
  schedule(opts.immediate ? 0 : intervalSeconds * 1000);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      return current;
    },
  };
}
