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

type AccountDelta = { distributorId: string; type: DistributorAccountType; delta: number };

/**
 * Applies net balance changes to distributor accounts (sorted by the caller) and returns their ids.
 *
 * Only-credits (the hot path: an order's accrual) is one upsert. Anything that lowers a balance
 * cannot be an upsert: Postgres checks CHECK constraints on the row proposed for insertion
 * before it detects the conflict, so a negative delta would fail even for an existing account.
 * Then missing accounts are created at 0 first, and the update locks rows in sorted order.
 */
async function moveBalances(tx: Tx, tenantId: string, accounts: AccountDelta[]) {
  const param = jsonParam(accounts.map((a) => ({ id: uuidv7(), distributor_id: a.distributorId, type: a.type, delta: a.delta })));
  const recordset = sql`jsonb_to_recordset(${param}) as x(id uuid, distributor_id uuid, type text, delta bigint)`;
  if (accounts.every((a) => a.delta >= 0)) {
    return rowsOf<{ id: string; distributor_id: string; type: string }>(
      await tx.execute(sql`
        insert into ledger_accounts (tenant_id, id, distributor_id, type, balance_fen)
        select ${tenantId}::uuid, x.id, x.distributor_id, x.type::ledger_account_type, x.delta
        from ${recordset}
        order by x.distributor_id, x.type
        on conflict on constraint ledger_accounts_owner_key
        do update set balance_fen = ledger_accounts.balance_fen + excluded.balance_fen
        returning id, distributor_id, type`),
    );
  }
  await tx.execute(sql`
    insert into ledger_accounts (tenant_id, id, distributor_id, type, balance_fen)
    select ${tenantId}::uuid, x.id, x.distributor_id, x.type::ledger_account_type, 0
    from ${recordset}
    on conflict on constraint ledger_accounts_owner_key do nothing`);
  return rowsOf<{ id: string; distributor_id: string; type: string }>(
    await tx.execute(sql`
      with x as (select * from ${recordset}),
      locked as (
        select a.id, x.delta from ledger_accounts a
        join x on a.distributor_id = x.distributor_id and a.type = x.type::ledger_account_type
        order by a.distributor_id, a.type::text
        for update of a
      )
      update ledger_accounts a set balance_fen = a.balance_fen + locked.delta
      from locked where a.id = locked.id
      returning a.id, a.distributor_id, a.type`),
  );
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

export async function postJournals(tx: Tx, tenantId: string, input: JournalInput[]): Promise<PostResult> {
  const journals = input.map(normaliseJournal).filter((j) => j.postings.length > 0);
  const result: PostResult = { posted: new Map(), duplicates: [] };
  if (!journals.length) return result;

  const withIds = journals.map((j) => ({ j, id: uuidv7() }));
  const inserted = new Set(
    rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into ledger_journals (tenant_id, id, kind, idempotency_key, cause_type, cause_id, order_id, memo)
        select ${tenantId}::uuid, x.id, x.kind::journal_kind, x.key, x.cause_type, x.cause_id, x.order_id, x.memo
        from jsonb_to_recordset(${jsonParam(
          withIds.map(({ j, id }) => ({
            id,
            kind: j.kind,
            key: j.idempotencyKey,
            cause_type: j.causeType,
            cause_id: j.causeId,
            order_id: j.orderId ?? null,
            memo: j.memo ?? null,
          })),
        )}) as x(id uuid, kind text, key text, cause_type text, cause_id text, order_id uuid, memo text)
        on conflict (tenant_id, idempotency_key) do nothing
        returning id`),
    ).map((r) => r.id),
  );
  const live = withIds.filter(({ j, id }) => {
    if (inserted.has(id)) result.posted.set(j.idempotencyKey, id);
    else result.duplicates.push(j.idempotencyKey);
    return inserted.has(id);
  });
  if (!live.length) return result;

  // Net balance change per distributor account, in lock order.
  const deltas = new Map<string, AccountDelta>();
  for (const { j } of live) {
    for (const p of j.postings) {
      if ("brand" in p.account) continue;
      const key = `${p.account.distributorId}:${p.account.type}`;
      const d = deltas.get(key) ?? { distributorId: p.account.distributorId, type: p.account.type, delta: 0 };
      d.delta += balanceDelta(p.account.type, p.amountFen);
      deltas.set(key, d);
    }
  }
  const accountRows = [...deltas.values()].sort((a, b) =>
    a.distributorId === b.distributorId ? (a.type < b.type ? -1 : 1) : a.distributorId < b.distributorId ? -1 : 1,
  );
  const accountIds = new Map<string, string>();
  if (accountRows.length) {
    let rows: { id: string; distributor_id: string; type: string }[];
    try {
      rows = await moveBalances(tx, tenantId, accountRows);
    } catch (e) {
      // The CHECK (balance_fen >= 0) caught an overdraft: refuse the whole transaction cleanly.
      if (isBalanceViolation(e)) {
        throw new AppError("CONFLICT", "The balance is not sufficient for this change.", { cause: e });
      }
      throw e;
    }
    for (const r of rows) accountIds.set(`${r.distributor_id}:${r.type}`, r.id);
  }
  const brandIds = await brandAccountIds(tx, tenantId);

  const postings = live.flatMap(({ j, id: journalId }) =>
    j.postings.map((p) => {
      const { type, distributorId } = flatAccount(p.account);
      const accountId = distributorId === null ? brandIds.get(type as BrandAccountType) : accountIds.get(`${distributorId}:${type}`);
      if (!accountId) throw new Error("ledger: account id missing");
      return { id: uuidv7(), journal_id: journalId, account_id: accountId, account_type: type, distributor_id: distributorId, amount: p.amountFen };
    }),
  );
  await tx.execute(sql`
    insert into ledger_postings (tenant_id, id, journal_id, account_id, account_type, distributor_id, amount_fen)
    select ${tenantId}::uuid, x.id, x.journal_id, x.account_id, x.account_type::ledger_account_type, x.distributor_id, x.amount
    from jsonb_to_recordset(${jsonParam(postings)})
      as x(id uuid, journal_id uuid, account_id uuid, account_type text, distributor_id uuid, amount bigint)`);
  return result;
}
