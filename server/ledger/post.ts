/**
 * Posting journals: the only code that writes the ledger.
 *
 * Several journals go in one call (a batch of orders, a settlement run) in a fixed number of
 * statements: journals, then distributor accounts (created on first use, cached balance moved
 * in the same statement), then postings. Rows travel as one JSON parameter each rather than a
 * bind parameter per value: a 1,000-order batch has thousands of postings, past Postgres's
 * 65,535-parameter limit.
 *
 * Lock order: distributor account rows are always locked sorted by (distributor id, type as
 * text) — here, in lockAccounts and in the settlement sweep — so two transactions touching the
 * same earners take their locks in the same order and cannot deadlock on them.
 */
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import {
  balanceDelta,
  type AccountRef,
  type AccountType,
  normaliseJournal,
  type BrandAccountType,
  type DistributorAccountType,
  type JournalInput,
} from "./accounts";

/** Serialises rows for `jsonb_to_recordset(<param>::jsonb)`. */
export const jsonParam = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

// Brand accounts are created with the brand (trigger in migration 0009) and never change, so
// their ids can be remembered for the life of the process.
const brandAccountCache = new Map<string, Map<BrandAccountType, string>>();

async function brandAccountIds(tx: Tx, tenantId: string) {
  let ids = brandAccountCache.get(tenantId);
  if (!ids) {
    const rows = rowsOf<{ id: string; type: BrandAccountType }>(
      await tx.execute(sql`select id, type from ledger_accounts where distributor_id is null`),
    );
    ids = new Map(rows.map((r) => [r.type, r.id]));
    if (ids.size < 4) throw new Error("ledger: the brand's accounts are missing");
    brandAccountCache.set(tenantId, ids);
  }
  return ids;
}

function flatAccount(ref: AccountRef): { type: AccountType; distributorId: string | null } {
  return "brand" in ref ? { type: ref.brand, distributorId: null } : { type: ref.type, distributorId: ref.distributorId };
}

export interface PostResult {
  /** idempotency key → journal id, for journals written by this call. */
  posted: Map<string, string>;
  /** Keys that had been posted before (replays): nothing was written for them. */
  duplicates: string[];
}

function isBalanceViolation(e: unknown): boolean {
  for (let cur = e as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown } | undefined; cur; cur = cur.cause as typeof cur) {
    if (cur.code === "23514" && (cur.constraint_name ?? cur.constraint) === "ledger_accounts_balance_nonneg") return true;
  }
  return false;
}

type AccountDelta = { distributorId: string; type: DistributorAccountType };

/**
 * Creates the distributor accounts a call will post to that do not exist yet, at balance 0.
 * ON CONFLICT DO NOTHING takes no lock on an account that exists, so an earner's busy account is
 * not locked here; the balance moves later, in the posting statement.
 */
function ensureAccounts(tx: Tx, tenantId: string, accounts: AccountDelta[]) {
  return tx.execute(sql`
    insert into ledger_accounts (tenant_id, id, distributor_id, type, balance_fen)
    select ${tenantId}::uuid, x.id, x.distributor_id, x.type::ledger_account_type, 0
    from jsonb_to_recordset(${jsonParam(accounts.map((a) => ({ id: uuidv7(), distributor_id: a.distributorId, type: a.type })))})
      as x(id uuid, distributor_id uuid, type text)
    order by x.distributor_id, x.type
    on conflict on constraint ledger_accounts_owner_key do nothing`);
}

/**
 * Locks distributor accounts in the ledger's lock order — by (distributor, type), the order
 * postJournals also takes them in — and returns their balances ("distributorId:type" → fen;
 * an account that does not exist yet reads as missing). Code that reads a balance to decide a
 * posting (a clawback's split, a settlement's arrears offset) locks everything it will touch
 * here first, so two such transactions can never wait on each other in opposite orders.
 */
export async function lockAccounts(tx: Tx, refs: AccountRef[]): Promise<Map<string, number>> {
  const wanted = new Map<string, { distributor_id: string; type: string }>();
  for (const r of refs) if (!("brand" in r)) wanted.set(`${r.distributorId}:${r.type}`, { distributor_id: r.distributorId, type: r.type });
  const out = new Map<string, number>();
  if (!wanted.size) return out;
  const rows = rowsOf<{ distributor_id: string; type: string; balance_fen: string | number }>(
    await tx.execute(sql`
      select a.distributor_id, a.type, a.balance_fen from ledger_accounts a
      join jsonb_to_recordset(${jsonParam([...wanted.values()])}) as x(distributor_id uuid, type text)
        on a.distributor_id = x.distributor_id and a.type = x.type::ledger_account_type
      order by a.distributor_id, a.type::text
      for update of a`),
  );
  for (const r of rows) out.set(`${r.distributor_id}:${r.type}`, Number(r.balance_fen));
  return out;
}

/**
 * Posts journals in two statements sent together (pipelined: one round trip): the accounts that
 * must exist, then one statement that inserts the journals (a key posted before inserts nothing),
 * the postings of the journals it did insert, and moves those accounts' cached balances — locking
 * them in lock order, last, so a busy earner's account row is held only from here to COMMIT.
 * An overdraft is refused by CHECK (balance_fen >= 0) and rolls the whole transaction back.
 *
 * `existing`: accounts ("distributorId:type", as lockAccounts keys them) the caller has locked
 * and so knows exist; they are left out of the statement that creates missing ones. (A
 * settlement run knows all its earners' pending accounts, and from their second settlement on
 * their available ones: 12,000 conflict probes a chunk, for nothing.)
 */
export async function postJournals(
  tx: Tx,
  tenantId: string,
  input: JournalInput[],
  opts: { existing?: ReadonlyMap<string, unknown> | ReadonlySet<string> } = {},
): Promise<PostResult> {
  const journals = input.map(normaliseJournal).filter((j) => j.postings.length > 0);
  const result: PostResult = { posted: new Map(), duplicates: [] };
  if (!journals.length) return result;
  const brandIds = await brandAccountIds(tx, tenantId);

  const withIds = journals.map((j) => ({ j, id: j.id ?? uuidv7() }));
  const accounts = new Map<string, AccountDelta>();
  const postings = withIds.flatMap(({ j, id: journalId }) =>
    j.postings.map((p) => {
      const { type, distributorId } = flatAccount(p.account);
      if (distributorId !== null) accounts.set(`${distributorId}:${type}`, { distributorId, type: type as DistributorAccountType });
      return {
        id: uuidv7(),
        journal_id: journalId,
        // Brand accounts by id (they never change); a distributor's is looked up in the statement.
        account_id: distributorId === null ? brandIds.get(type as BrandAccountType)! : null,
        account_type: type,
        distributor_id: distributorId,
        amount: p.amountFen,
        delta: distributorId === null ? 0 : balanceDelta(type, p.amountFen),
      };
    }),
  );
  const ordered = [...accounts.values()].filter((a) => !opts.existing?.has(`${a.distributorId}:${a.type}`)).sort((a, b) =>
    a.distributorId === b.distributorId ? (a.type < b.type ? -1 : 1) : a.distributorId < b.distributorId ? -1 : 1,
  );
  const journalRows = withIds.map(({ j, id }) => ({
    id,
    kind: j.kind,
    key: j.idempotencyKey,
    cause_type: j.causeType,
    cause_id: j.causeId,
    order_id: j.orderId ?? null,
    memo: j.memo ?? null,
  }));
  const t = sql`${tenantId}::uuid`;
  const post = tx.execute(sql`
    with j as (
      insert into ledger_journals (tenant_id, id, kind, idempotency_key, cause_type, cause_id, order_id, memo)
      select ${t}, x.id, x.kind::journal_kind, x.key, x.cause_type, x.cause_id, x.order_id, x.memo
      from jsonb_to_recordset(${jsonParam(journalRows)})
        as x(id uuid, kind text, key text, cause_type text, cause_id text, order_id uuid, memo text)
      on conflict (tenant_id, idempotency_key) do nothing
      returning id
    ),
    -- Every lookup below is an index probe by the unique key, never a join the planner may turn
    -- into a scan of ledger_accounts: the recordset's size is unknown to it (it guesses 100
    -- rows) and the table's statistics lag its growth during ingest, and this statement runs
    -- while the earners' rows are locked.
    x as materialized (
      select x.*, coalesce(x.account_id, (
        select a.id from ledger_accounts a
        where a.tenant_id = ${t} and a.distributor_id = x.distributor_id and a.type = x.account_type::ledger_account_type
      )) as resolved_id
      from jsonb_to_recordset(${jsonParam(postings)})
        as x(id uuid, journal_id uuid, account_id uuid, account_type text, distributor_id uuid, amount bigint, delta bigint)
      join j on j.id = x.journal_id
    ),
    p as (
      insert into ledger_postings (tenant_id, id, journal_id, account_id, account_type, distributor_id, amount_fen)
      select ${t}, x.id, x.journal_id, x.resolved_id, x.account_type::ledger_account_type, x.distributor_id, x.amount
      from x
    ),
    d as materialized (
      select resolved_id, sum(delta) as delta from x where distributor_id is not null group by resolved_id having sum(delta) <> 0
    ),
    locked as materialized (
      select a.id from ledger_accounts a
      where a.tenant_id = ${t} and a.id = any (array(select resolved_id from d))
      order by a.distributor_id, a.type::text
      for update of a
    ),
    moved as (
      -- Joined to d (a hash of the moves), not a lookup per row: a settlement run moves tens of
      -- thousands of accounts in one statement.
      update ledger_accounts a set balance_fen = a.balance_fen + d.delta
      from d
      where a.tenant_id = ${t} and a.id = any (array(select id from locked)) and d.resolved_id = a.id
      returning a.id
    )
    select j.id from j`);
  let inserted: Set<string>;
  try {
    const [, rows] = await Promise.all([ordered.length ? ensureAccounts(tx, tenantId, ordered) : null, post]);
    inserted = new Set(rowsOf<{ id: string }>(rows).map((r) => r.id));
  } catch (e) {
    // The CHECK (balance_fen >= 0) caught an overdraft: refuse the whole transaction cleanly.
    if (isBalanceViolation(e)) throw new AppError("CONFLICT", "The balance is not sufficient for this change.", { cause: e });
    throw e;
  }
  for (const { j, id } of withIds) {
    if (inserted.has(id)) result.posted.set(j.idempotencyKey, id);
    else result.duplicates.push(j.idempotencyKey);
  }
  return result;
}
