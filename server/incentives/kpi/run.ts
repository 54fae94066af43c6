/**
 * The incentives sweep across brands (Inngest cron and the embedded sweeper): fold the
 * leaderboards and growth values, and pay the KPI rewards of the last three closed months whose
 * orders have settled since the last run. Every step is idempotent; one brand per transaction
 * and step, and one brand's failure does not stop the others.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { foldGrowth } from "@/server/incentives/growth/fold";
import { foldLeaderboards } from "@/server/incentives/leaderboards/fold";
import { previousMonth, shanghaiMonth } from "@/server/incentives/leaderboards/periods";
import { FOLD_MARGIN_MS, uuidv7Floor } from "@/server/incentives/leaderboards/watermark";
import { settleKpiRewards } from "./settle";

export interface IncentiveSweepSummary {
  tenants: number;
  rewards: number;
  rewardFen: number;
  growthOrders: number;
  failures: { tenantId: string; error: string }[];
}

/** The closed months whose rewards may still come due (orders settle up to weeks later). */
export function closedMonths(now: Date, count = 3): string[] {
  const out: string[] = [];
  let m = shanghaiMonth(now);
  for (let i = 0; i < count; i++) out.push((m = previousMonth(m)));
  return out;
}

export async function tenantsWithIncentiveWork(db: Db, since: Date, now: Date, months: string[]): Promise<string[]> {
  return withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(
      await tx.execute(
        sql`select tenant_id from fx_tenants_with_incentive_work(${uuidv7Floor(since)}::uuid, ${now.toISOString()}::timestamptz, ${`{${months.join(",")}}`}::text[])`,
      ),
    ).map((r) => r.tenant_id),
  );
}

export async function runIncentiveSweep(db: Db, opts: { now?: Date; tenantId?: string; sinceMs?: number } = {}): Promise<IncentiveSweepSummary> {
  const now = opts.now ?? new Date();
  const months = closedMonths(now);
  // Brands with order events in the last interval (plus the folds' margin) need a fold.
  const since = new Date(Date.now() - (opts.sinceMs ?? 3_600_000) - FOLD_MARGIN_MS);
  const tenants = opts.tenantId ? [opts.tenantId] : await tenantsWithIncentiveWork(db, since, now, months);
  const summary: IncentiveSweepSummary = { tenants: tenants.length, rewards: 0, rewardFen: 0, growthOrders: 0, failures: [] };
  for (const tenantId of tenants) {
    try {
      await withTenant(db, tenantId, (tx) => foldLeaderboards(tx, tenantId, { now }));
      for (;;) {
        const g = await withTenant(db, tenantId, (tx) => foldGrowth(tx, tenantId, { now }));
        summary.growthOrders += g.orders;
        if (!g.folded || g.orders < 50_000) break;
      }
      for (const month of months) {
        const r = await withTenant(db, tenantId, (tx) => settleKpiRewards(tx, tenantId, month, { now }));
        summary.rewards += r.rewards;
        summary.rewardFen += r.rewardFen;
      }
    } catch (e) {
      console.error(`incentives: brand ${tenantId} failed`, e);
      summary.failures.push({ tenantId, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return summary;
}
