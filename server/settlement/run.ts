/**
 * Settles what is due across brands (the sweeper, the cron job, `settle:run`), one brand and
 * one chunk per transaction so no transaction grows without bound and a failure in one brand
 * does not hold up the others.
 */
import { sql } from "drizzle-orm";
import { isServerDatabase, type Db } from "@/db/client";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { settleDue, type SettleResult } from "./sweep";

export interface SettleRunSummary {
  tenants: number;
  commissions: number;
  settledFen: number;
  offsetFen: number;
  failures: { tenantId: string; error: string }[];
}

export async function tenantsWithDueSettlement(db: Db, now: Date): Promise<string[]> {
  return withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from fx_tenants_with_due_settlement(${now.toISOString()}::timestamptz)`)).map(
      (r) => r.tenant_id,
    ),
  );
}

/**
 * How many connections settle one brand side by side on a server database. Settlement is
 * Postgres's work (rewriting commission rows, posting journals), one backend a connection: a
 * single sweep of a large brand used one core of the database. Two shares of the earners use two
 * without waiting on each other (sweep.ts, SweepShare). PGlite and a caller's own transaction
 * have one connection, so they sweep in one share.
 */
export const SETTLEMENT_WORKERS = 2;

/**
 * Settles one brand until nothing due is left (chunks of `chunk` commissions), in `workers`
 * shares of its earners at once, each share chunk by chunk in its own transactions. A share that
 * fails does not stop the others: what they settle commits (and the failed share's chunks before
 * its failure), and the first failure is thrown once they have all finished, so the brand is
 * reported as failed and its sweep summary leaves those commissions uncounted.
 */
export async function settleTenant(db: Db, tenantId: string, opts: { now?: Date; chunk?: number; workers?: number } = {}) {
  const chunk = opts.chunk ?? 50_000;
  const workers = isServerDatabase(db) ? Math.max(1, opts.workers ?? SETTLEMENT_WORKERS) : 1;
  const runs: SettleResult[] = [];
  const sweepShare = async (index: number) => {
    const share = { index, of: workers };
    for (;;) {
      const r = await withTenant(db, tenantId, (tx) => settleDue(tx, tenantId, { now: opts.now, limit: chunk, share }));
      runs.push(r);
      if (r.commissions < chunk) return;
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: workers }, (_, i) => sweepShare(i)));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) throw failed.reason;
  return runs;
}

export async function settleAll(db: Db, opts: { now?: Date; tenantId?: string; chunk?: number } = {}): Promise<SettleRunSummary> {
  const now = opts.now ?? new Date();
  const tenants = opts.tenantId ? [opts.tenantId] : await tenantsWithDueSettlement(db, now);
  const summary: SettleRunSummary = { tenants: tenants.length, commissions: 0, settledFen: 0, offsetFen: 0, failures: [] };
  for (const tenantId of tenants) {
    try {
      for (const r of await settleTenant(db, tenantId, { now, chunk: opts.chunk })) {
        summary.commissions += r.commissions;
        summary.settledFen += r.settledFen;
        summary.offsetFen += r.offsetFen;
      }
    } catch (e) {
      // One brand's failure is reported, and the others still settle.
      console.error(`settlement: brand ${tenantId} failed`, e);
      summary.failures.push({ tenantId, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return summary;
}
