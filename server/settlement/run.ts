/**
 * Settles what is due across brands (the sweeper, the cron job, `settle:run`), one brand and
 * one chunk per transaction so no transaction grows without bound and a failure in one brand
 * does not hold up the others.
 */
import { sql } from "drizzle-orm";
import { isServerDatabase, type Db } from "@/db/client";
import { env } from "@/server/env";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { retryTransient } from "@/db/transient";
import { bucketRanges } from "./buckets";
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

/** How many due commissions of the brand are queued in each bucket (held ones included: a chunk's size is an estimate). */
async function dueByBucket(db: Db, tenantId: string, now: Date) {
  return withTenant(db, tenantId, async (tx) =>
    rowsOf<{ bucket: number; n: number }>(
      await tx.execute(sql`
        select bucket, count(*)::int as n from commission_due
        where tenant_id = ${tenantId}::uuid and settle_after <= ${now.toISOString()}::timestamptz
        group by bucket`),
    ),
  );
}

/**
 * Settles one brand until nothing due is left: its due commissions cut into ranges of whole
 * buckets of about `chunk` commissions (one transaction each, or several for a bucket larger
 * than that), taken by `workers` connections at once. A chunk that fails does not stop the
 * others: what they settle commits, and the first failure is thrown once they have all
 * finished, so the brand is reported as failed and its sweep summary leaves those commissions
 * uncounted.
 *
 * Settlement is Postgres's work (rewriting commission rows, posting journals), one backend a
 * connection: a single sweep of a large brand used one core of the database. So a server
 * database settles on `workers` connections (env SETTLEMENT_WORKERS, 2 by default: the cores of
 * the machines this was measured on); chunks are ranges of earners' buckets (buckets.ts), so two
 * connections never settle the same earner nor wait on each other's account rows. PGlite and a
 * caller's own transaction have one connection, so they settle chunk after chunk.
 */
export async function settleTenant(db: Db, tenantId: string, opts: { now?: Date; chunk?: number; workers?: number } = {}) {
  const chunk = opts.chunk ?? 50_000;
  const now = opts.now ?? new Date();
  const workers = isServerDatabase(db) ? Math.max(1, opts.workers ?? env.SETTLEMENT_WORKERS) : 1;
  const due = await dueByBucket(db, tenantId, now);
  // As many ranges as workers where the buckets allow, so none sits idle on a brand smaller than
  // workers × chunk; never below the fullest bucket, which would cut its earners in two.
  const total = due.reduce((n, b) => n + b.n, 0);
  const fullest = due.reduce((n, b) => Math.max(n, b.n), 0);
  const ranges = bucketRanges(due, Math.min(chunk, Math.max(fullest, Math.ceil(total / workers))));
  const runs: SettleResult[] = [];
  let next = 0;
  const worker = async () => {
    const failures: unknown[] = [];
    while (next < ranges.length) {
      const buckets = ranges[next++]!;
      try {
        for (;;) {
          // A chunk that lost a deadlock (to a refund or an order locking the same earner's
          // accounts) rolled back whole and is run again, rather than failing the brand's sweep.
          const r = await retryTransient(() => withTenant(db, tenantId, (tx) => settleDue(tx, tenantId, { now, limit: chunk, buckets })));
          runs.push(r);
          if (r.commissions < chunk) break;
        }
      } catch (e) {
        failures.push(e);
      }
    }
    if (failures.length) throw failures[0];
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(workers, Math.max(1, ranges.length)) }, worker));
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
