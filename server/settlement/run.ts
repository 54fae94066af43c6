/**
 * Settles what is due across brands (the sweeper, the cron job, `settle:run`), one brand and
 * one chunk per transaction so no transaction grows without bound and a failure in one brand
 * does not hold up the others.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
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

/** Settles one brand until nothing due is left (chunks of `chunk` commissions). */
export async function settleTenant(db: Db, tenantId: string, opts: { now?: Date; chunk?: number } = {}) {
  const chunk = opts.chunk ?? 50_000;
  const runs: SettleResult[] = [];
  for (;;) {
    const r = await withTenant(db, tenantId, (tx) => settleDue(tx, tenantId, { now: opts.now, limit: chunk }));
    runs.push(r);
    if (r.commissions < chunk) return runs;
  }
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
