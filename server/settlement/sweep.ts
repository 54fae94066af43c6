/**
 * Settlement (DOMAIN.md §4): a pending commission becomes available once its order's
 * after-sales window has passed (`settle_after <= now`), its line has no open after-sales case,
 * and its earner is active — a frozen or disabled earner's commissions wait, and the first
 * sweep after it is active again settles them. Arrears are offset first.
 *
 * Set-based and state-driven: the due commissions are found by one index range
 * (commissions_due_idx) and locked with SKIP LOCKED, so two sweeps (cron, Inngest, the CLI)
 * never settle one commission twice and never wait on each other. One journal per earner per
 * run: Dr pending / Cr arrears (the offset) / Cr available (the rest), and each commission
 * points at the journal that settled it. Running it again or late is harmless.
 */
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { credit, debit, distributorAccount, type JournalInput } from "@/server/ledger/accounts";
import { jsonParam, lockAccounts, postJournals } from "@/server/ledger/post";

export interface SettleResult {
  runId: string;
  commissions: number;
  distributors: number;
  settledFen: number;
  offsetFen: number;
}

/** Settles up to `limit` due commissions of the transaction's brand (of one order, if given). */
export async function settleDue(
  tx: Tx,
  tenantId: string,
  opts: { now?: Date; limit?: number; orderId?: string } = {},
): Promise<SettleResult> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 50_000;
  const runId = uuidv7();
  const due = rowsOf<{ distributor_id: string; total: string | number; ids: string[] }>(
    await tx.execute(sql`
      with due as (
        select c.id, c.distributor_id, c.amount_fen
        from commissions c
        join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id
        join distributors d on d.tenant_id = c.tenant_id and d.id = c.distributor_id
        where c.status = 'pending' and c.settle_after <= ${now.toISOString()}::timestamptz
          and not l.after_sales_open and d.status = 'active'
          ${opts.orderId ? sql`and c.order_id = ${opts.orderId}::uuid` : sql``}
        order by c.settle_after
        limit ${limit}
        for update of c skip locked
      )
      select distributor_id, sum(amount_fen) as total, array_agg(id) as ids
      from due group by distributor_id order by distributor_id`),
  );
  const result: SettleResult = { runId, commissions: 0, distributors: due.length, settledFen: 0, offsetFen: 0 };
  if (!due.length) return result;

  const balances = await lockAccounts(
    tx,
    due.flatMap((d) => (["arrears", "available", "pending"] as const).map((t) => distributorAccount(d.distributor_id, t))),
  );
  const journals: JournalInput[] = [];
  const journalOf = new Map<string, string>();
  for (const d of due) {
    const total = Number(d.total);
    const offset = Math.min(total, balances.get(`${d.distributor_id}:arrears`) ?? 0);
    const key = `settlement:${runId}:${d.distributor_id}`;
    journalOf.set(d.distributor_id, key);
    journals.push({
      kind: "settlement",
      idempotencyKey: key,
      causeType: "settlement",
      causeId: runId,
      memo: `${d.ids.length} commission(s)`,
      postings: [
        debit(distributorAccount(d.distributor_id, "pending"), total),
        credit(distributorAccount(d.distributor_id, "arrears"), offset),
        credit(distributorAccount(d.distributor_id, "available"), total - offset),
      ],
    });
    result.commissions += d.ids.length;
    result.settledFen += total;
    result.offsetFen += offset;
  }
  const posted = await postJournals(tx, tenantId, journals);
  await tx.execute(sql`
    update commissions c
    set status = 'settled', settled_at = ${now.toISOString()}::timestamptz, settled_fen = c.amount_fen, settle_journal_id = x.journal_id
    from (
      select (e->>'journal')::uuid as journal_id, jsonb_array_elements_text(e->'ids')::uuid as id
      from jsonb_array_elements(${jsonParam(due.map((d) => ({ journal: posted.posted.get(journalOf.get(d.distributor_id)!), ids: d.ids })))}) as e
    ) x
    where c.id = x.id`);
  return result;
}
