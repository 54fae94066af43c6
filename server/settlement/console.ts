/**
 * The console's settlement panel: where the brand's commissions stand (counts and sums per
 * status, and what is due now), its trial balance as a health check, and "run settlement now"
 * — the sweeper's own service, for the active brand.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { COMMISSION_STATUSES } from "@/server/orders/console-schemas";
import { ledgerSummary } from "@/server/ledger/balances";
import { audit, type Actor } from "@/server/tenancy/audit";
import { settleTenant } from "./run";

type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

export async function settlementStatus(tx: Tx, now: Date = new Date()) {
  const byStatus = rowsOf<{ status: CommissionStatus; n: string | number; total: string | number }>(
    await tx.execute(sql`select status, count(*) as n, coalesce(sum(amount_fen), 0) as total from commissions group by status`),
  );
  const commissions = Object.fromEntries(COMMISSION_STATUSES.map((s) => [s, { count: 0, amountFen: 0 }])) as Record<
    CommissionStatus,
    { count: number; amountFen: number }
  >;
  for (const r of byStatus) commissions[r.status] = { count: Number(r.n), amountFen: Number(r.total) };
  // The sweep's own conditions (server/settlement/sweep.ts), read through its commission_due
  // queue, so "due now" is what a run would settle.
  const [due] = rowsOf<{ n: string | number; total: string | number }>(
    await tx.execute(sql`
      select count(*) as n, coalesce(sum(c.amount_fen), 0) as total
      from commission_due q
      join commissions c on c.tenant_id = q.tenant_id and c.id = q.commission_id
      join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id
      join distributors d on d.tenant_id = c.tenant_id and d.id = c.distributor_id
      where q.settle_after <= ${now.toISOString()}::timestamptz
        and c.status = 'pending' and c.settle_after <= ${now.toISOString()}::timestamptz
        and not l.after_sales_open and d.status = 'active'`),
  );
  return {
    commissions,
    due: { count: Number(due?.n ?? 0), amountFen: Number(due?.total ?? 0) },
    ledger: await ledgerSummary(tx),
  };
}

/**
 * Settles what is due for the transaction's brand now. The procedure already holds the tenant
 * transaction, so the sweeper's chunks run as savepoints inside it (a second connection would
 * wait forever on embedded PGlite, which has one) and commit with the audit entry or not at all.
 */
export async function runSettlementNow(tx: Tx, actor: Actor, tenantId: string, now: Date = new Date()) {
  const runs = await settleTenant(tx, tenantId, { now });
  const result = {
    commissions: runs.reduce((s, r) => s + r.commissions, 0),
    /** One settlement journal per earner per chunk. */
    journals: runs.reduce((s, r) => s + r.distributors, 0),
    settledFen: runs.reduce((s, r) => s + r.settledFen, 0),
    offsetFen: runs.reduce((s, r) => s + r.offsetFen, 0),
  };
  await audit(tx, actor, { action: "settlement.run", data: result });
  return result;
}
