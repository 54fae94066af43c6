/**
 * Settlement (DOMAIN.md §4): a pending commission becomes available once its order's
 * after-sales window has passed (`settle_after <= now`), its line has no open after-sales case,
 * and its earner is active — a frozen or disabled earner's commissions wait, and the first
 * sweep after it is active again settles them. Arrears are offset first.
 *
 * Set-based and state-driven: the due commissions are found through the commission_due queue
 * (one index range, of a range of earners' buckets when run.ts gives one; db/schema/orders.ts
 * says why it is a table of its own), locked with SKIP LOCKED and taken off the queue as they
 * settle, so two sweeps (cron, Inngest, the CLI) never settle one commission twice and never
 * wait on each other. One journal per earner per chunk: Dr pending / Cr arrears (the offset) /
 * Cr available (the rest), and each commission points at the journal that settled it. Running
 * it again or late is harmless.
 *
 * The same few statements however many commissions: (1) find, lock and mark the due
 * commissions settled, pointing each at its earner's journal id (derived from the run and the
 * earner, journalIdOf; checked against what step 3 posts), returning only one row per
 * earner; (2) lock the earners' accounts to read their arrears; (3) post the journals under
 * those ids. No list of commission ids travels either way.
 *
 * The find probes each candidate's line and earner by key and stops at the chunk's size: joined
 * instead, the planner hashed every due commission of the brand, and sorted them, for each chunk
 * (0.6 s of a 50,000 chunk with 300,000 due). No order is needed: every chunk settles whatever
 * is due, and the sweep runs until nothing is. The rows it locked are rewritten, and their queue
 * rows deleted, by their row ids (ctid): a TID scan, not a second probe of each primary key
 * (0.1 s of a 37,000 chunk's 1 s). A locked row cannot move, and were it rewritten anyway the
 * totals come from what the UPDATE returns and the counts must agree.
 */
import { type SQL, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { credit, debit, distributorAccount, type JournalInput } from "@/server/ledger/accounts";
import { lockAccounts, postJournals } from "@/server/ledger/post";
import { upgradeFromSettledSales } from "@/server/incentives/levels/evaluate";
import { emitCommissionsSettled } from "@/server/webhooks/emit";
import type { BucketRange } from "./buckets";

export interface SettleResult {
  runId: string;
  commissions: number;
  distributors: number;
  settledFen: number;
  offsetFen: number;
}

/**
 * The id of an earner's settlement journal in run `runId`, as SQL over a distributor id column:
 * the run's version 7 uuid with its random bits replaced by a hash of (run, earner). The
 * commissions' UPDATE computes it row by row, so it needs no join to the per-earner totals (a
 * join whose size the planner cannot know, and once chose a nested loop over).
 */
function journalIdOf(runId: string) {
  const time = runId.replaceAll("-", "").slice(0, 12);
  return (distributorId: SQL) => {
    const hash = sql`md5(${runId} || ${distributorId}::text)`;
    return sql`(${time} || '7' || substr(${hash}, 1, 3) || '8' || substr(${hash}, 4, 15))::uuid`;
  };
}

/** Settles up to `limit` due commissions of the transaction's brand (of one order, or of a range of its earners' buckets, if given). */
export async function settleDue(
  tx: Tx,
  tenantId: string,
  opts: { now?: Date; limit?: number; orderId?: string; buckets?: BucketRange } = {},
): Promise<SettleResult> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 50_000;
  const runId = uuidv7();
  const at = now.toISOString();
  const journalOf = journalIdOf(runId);
  // Planned with every filter's selectivity guessed, the statement's cost estimate crosses
  // jit_above_cost, and compiling it took 0.3 s of a 2 s chunk, for nothing.
  await tx.execute(sql`select set_config('jit', 'off', true)`);
  const inBuckets = opts.buckets ? sql`and q.bucket between ${opts.buckets.from}::smallint and ${opts.buckets.to}::smallint` : sql``;
  const rows = rowsOf<{ distributor_id: string | null; total: string | number; n: number; journal_id: string; found: number }>(
    await tx.execute(sql`
      with due as materialized (
        select c.id, c.ctid as row, ${opts.orderId ? sql`null::tid` : sql`q.ctid`} as queued
        from ${opts.orderId ? sql`commissions c` : sql`commission_due q join commissions c on c.tenant_id = q.tenant_id and c.id = q.commission_id`}
        where c.status = 'pending' and c.settle_after <= ${at}::timestamptz
          ${opts.orderId ? sql`and c.order_id = ${opts.orderId}::uuid` : sql`and q.tenant_id = ${tenantId}::uuid and q.settle_after <= ${at}::timestamptz ${inBuckets}`}
          and not (select l.after_sales_open from order_lines l where l.tenant_id = c.tenant_id and l.id = c.line_id)
          and (select d.status from distributors d where d.tenant_id = c.tenant_id and d.id = c.distributor_id) = 'active'
        limit ${limit}
        for update of c skip locked
      ),
      settled as (
        update commissions c
        set status = 'settled', settled_at = ${at}::timestamptz, settled_fen = c.amount_fen,
          settle_journal_id = ${journalOf(sql`c.distributor_id`)}
        where c.tenant_id = ${tenantId}::uuid and c.ctid = any (array(select row from due))
        returning c.distributor_id, c.amount_fen
      ),
      dequeued as (
        delete from commission_due q where q.tenant_id = ${tenantId}::uuid
          and ${opts.orderId ? sql`q.commission_id = any (array(select id from due))` : sql`q.ctid = any (array(select queued from due))`}
      )
      -- One row per earner, and always one row with how many were found (of no earner when
      -- nothing was rewritten).
      select e.distributor_id, e.total, e.n, e.journal_id, f.found
      from (select count(*)::int as found from due) f
      left join (
        select distributor_id, sum(amount_fen) as total, count(*)::int as n, ${journalOf(sql`distributor_id`)} as journal_id
        from settled group by distributor_id
      ) e on true
      order by e.distributor_id`),
  );
  const due = rows.filter((r): r is (typeof rows)[number] & { distributor_id: string } => r.distributor_id !== null);
  // Every commission found is locked, so the UPDATE rewrites each one; were one missed, its
  // queue row would be gone with it still pending. Refused rather than lost.
  const rewritten = due.reduce((n, d) => n + d.n, 0);
  const found = rows[0]?.found ?? 0;
  if (found !== rewritten) throw new Error(`settlement: ${found} commissions found, ${rewritten} rewritten`);
  // A chunk that was not full (the last of its bucket range) also drops what can no longer
  // settle from the queue (cancelled, or settled by another path): finds pass over those rows
  // until then.
  if (rewritten < limit && !opts.orderId) {
    // A probe per row left in the range (few: held ones, frozen earners', the stale), not a
    // join, which the planner made a hash of all the brand's commissions.
    await tx.execute(sql`
      delete from commission_due q
      where q.tenant_id = ${tenantId}::uuid and q.settle_after <= ${at}::timestamptz ${inBuckets}
        and (select c.status from commissions c where c.tenant_id = q.tenant_id and c.id = q.commission_id) not in ('pending', 'held')`);
  }
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
  const posted = await postJournals(tx, tenantId, journals, { existing: balances });
  // The commissions already point at these journal ids, and no foreign key checks them
  // (migration 0052): this is the check. A new run id makes new keys, so every journal is new;
  // one already posted, or one not posted (no postings: a total of 0), fails the whole run,
  // which rolls back with the commissions' rows and leaves them due.
  const unposted = journals.filter((j) => posted.posted.get(j.idempotencyKey) !== j.id).map((j) => j.idempotencyKey);
  if (unposted.length) throw new Error(`settlement: journals not posted by this run: ${unposted.join(", ")}`);
  // Level upgrades come from settled sales (DOMAIN.md §8): this chunk's earners, one statement.
  await upgradeFromSettledSales(tx, tenantId, due.map((d) => d.distributor_id), now);
  return result;
}
