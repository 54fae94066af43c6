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
 *
 * Three statements however many commissions: (1) find, lock and mark the due commissions settled,
 * pointing each at its earner's journal id (generated there; the key to the journal is checked
 * at COMMIT), returning only one row per earner; (2) lock the earners' accounts to read their
 * arrears; (3) post the journals under those ids. No list of commission ids travels either way.
 */
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { credit, debit, distributorAccount, type JournalInput } from "@/server/ledger/accounts";
import { lockAccounts, postJournals } from "@/server/ledger/post";
import { upgradeFromSettledSales } from "@/server/incentives/levels/evaluate";
import { UUIDV7 } from "@/db/sql-uuid";
import { emitCommissionsSettled } from "@/server/webhooks/emit";

export interface SettleResult {
  runId: string;
  commissions: number;
  distributors: number;
  settledFen: number;
  offsetFen: number;
}

/**
 * One of `of` disjoint shares of a brand's earners, by a hash of the distributor id. Sweeps of
 * different shares run side by side on their own connections: they settle different commissions
 * and lock different accounts, so neither waits on the other.
 */
export interface SweepShare {
  index: number;
  of: number;
}

/** Settles up to `limit` due commissions of the transaction's brand (of one order, or one share of its earners, if given). */
export async function settleDue(
  tx: Tx,
  tenantId: string,
  opts: { now?: Date; limit?: number; orderId?: string; share?: SweepShare } = {},
): Promise<SettleResult> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 50_000;
  const runId = uuidv7();
  const due = rowsOf<{ distributor_id: string; total: string | number; n: number; journal_id: string }>(
    await tx.execute(sql`
      with due as materialized (
        select c.id, c.distributor_id, c.amount_fen
        from commissions c
        join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id
        join distributors d on d.tenant_id = c.tenant_id and d.id = c.distributor_id
        where c.status = 'pending' and c.settle_after <= ${now.toISOString()}::timestamptz
          and not l.after_sales_open and d.status = 'active'
          ${opts.orderId ? sql`and c.order_id = ${opts.orderId}::uuid` : sql``}
          ${opts.share && opts.share.of > 1 ? sql`and (hashtext(c.distributor_id::text) & 2147483647) % ${opts.share.of}::int = ${opts.share.index}::int` : sql``}
        order by c.settle_after
        limit ${limit}
        for update of c skip locked
      ),
      per as materialized (
        select distributor_id, sum(amount_fen) as total, count(*)::int as n, ${UUIDV7} as journal_id
        from due group by distributor_id
      ),
      settled as (
        update commissions c
        set status = 'settled', settled_at = ${now.toISOString()}::timestamptz, settled_fen = c.amount_fen,
          settle_journal_id = per.journal_id
        from due join per on per.distributor_id = due.distributor_id
        where c.id = due.id
      )
      select distributor_id, total, n, journal_id from per order by distributor_id`),
  );
  const result: SettleResult = { runId, commissions: 0, distributors: due.length, settledFen: 0, offsetFen: 0 };
  if (!due.length) return result;

  // commission.settled for brands whose endpoints want it (a no-op statement otherwise), sent
  // ahead of the account locks in the same round trip.
  const [, balances] = await Promise.all([
    emitCommissionsSettled(tx, tenantId, due.map((d) => ({ distributorId: d.distributor_id, journalId: d.journal_id }))),
    lockAccounts(
      tx,
      due.flatMap((d) => (["arrears", "available", "pending"] as const).map((t) => distributorAccount(d.distributor_id, t))),
    ),
  ]);
  const journals: JournalInput[] = [];
  for (const d of due) {
    const total = Number(d.total);
    const offset = Math.min(total, balances.get(`${d.distributor_id}:arrears`) ?? 0);
    journals.push({
      id: d.journal_id,
      kind: "settlement",
      idempotencyKey: `settlement:${runId}:${d.distributor_id}`,
      causeType: "settlement",
      causeId: runId,
      memo: `${d.n} commission(s)`,
      postings: [
        debit(distributorAccount(d.distributor_id, "pending"), total),
        credit(distributorAccount(d.distributor_id, "arrears"), offset),
        credit(distributorAccount(d.distributor_id, "available"), total - offset),
      ],
    });
    result.commissions += d.n;
    result.settledFen += total;
    result.offsetFen += offset;
  }
  const posted = await postJournals(tx, tenantId, journals);
  // A new run id makes new keys, so every journal is new; were one not, the commissions that
  // point at it would fail their key at COMMIT and the whole run would roll back.
  if (posted.duplicates.length) throw new Error(`settlement: journals already posted: ${posted.duplicates.join(", ")}`);
  // Level upgrades come from settled sales (DOMAIN.md §8): this chunk's earners, one statement.
  await upgradeFromSettledSales(tx, tenantId, due.map((d) => d.distributor_id), now);
  return result;
}
