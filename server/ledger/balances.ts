/**
 * Reading the ledger: distributors' cached balances, the brand's trial balance, and the
 * postings behind any balance (each with its journal's cause) so it can be explained line by line.
 */
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ledgerAccounts, ledgerJournals, ledgerPostings } from "@/db/schema";
import { rowsOf } from "@/db/tenant";
import { ACCOUNT_TYPES, balanceDelta, type AccountType, type DistributorAccountType } from "./accounts";

export interface Balances {
  pendingFen: number;
  heldFen: number;
  availableFen: number;
  withdrawingFen: number;
  arrearsFen: number;
}

export const ZERO_BALANCES: Balances = { pendingFen: 0, heldFen: 0, availableFen: 0, withdrawingFen: 0, arrearsFen: 0 };

const FIELD: Record<DistributorAccountType, keyof Balances> = {
  pending: "pendingFen",
  held: "heldFen",
  available: "availableFen",
  withdrawing: "withdrawingFen",
  arrears: "arrearsFen",
};

/** Cached balances of several distributors in one query; a distributor with no account reads 0. */
export async function balancesOf(tx: Tx, distributorIds: string[]): Promise<Map<string, Balances>> {
  const out = new Map<string, Balances>(distributorIds.map((id) => [id, { ...ZERO_BALANCES }]));
  if (!distributorIds.length) return out;
  const rows = await tx
    .select({ distributorId: ledgerAccounts.distributorId, type: ledgerAccounts.type, balanceFen: ledgerAccounts.balanceFen })
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.distributorId, distributorIds));
  for (const r of rows) {
    const b = out.get(r.distributorId!);
    if (b) b[FIELD[r.type as DistributorAccountType]] = Number(r.balanceFen ?? 0);
  }
  return out;
}

export async function balancesOfOne(tx: Tx, distributorId: string): Promise<Balances> {
  return (await balancesOf(tx, [distributorId])).get(distributorId)!;
}

export interface LedgerSummary {
  /** Each account type's balance on its normal side (non-negative in a sound ledger). */
  accounts: Record<AccountType, number>;
  /** Debits minus credits over all postings: 0 unless the ledger is broken. */
  imbalanceFen: number;
}

/** The brand's trial balance, summed from postings (brand accounts keep no cached balance). */
export async function ledgerSummary(tx: Tx): Promise<LedgerSummary> {
  const rows = rowsOf<{ type: AccountType; total: string | number }>(
    await tx.execute(sql`select account_type as type, sum(amount_fen) as total from ledger_postings group by account_type`),
  );
  const accounts = Object.fromEntries(ACCOUNT_TYPES.map((t) => [t, 0])) as Record<AccountType, number>;
  let imbalance = 0;
  for (const r of rows) {
    const total = Number(r.total);
    imbalance += total;
    accounts[r.type] = balanceDelta(r.type, total);
  }
  return { accounts, imbalanceFen: imbalance };
}

export interface StatementLine {
  postingId: string;
  at: Date;
  accountType: AccountType;
  /** On the account's normal side: positive raises the balance. */
  changeFen: number;
  journalId: string;
  kind: string;
  causeType: string;
  causeId: string;
  orderId: string | null;
  memo: string | null;
}

/** A distributor's postings, newest first (keyset paging on the posting id, time-ordered). */
export async function distributorStatement(
  tx: Tx,
  input: { distributorId: string; types?: DistributorAccountType[]; before?: string; limit: number },
): Promise<StatementLine[]> {
  const rows = await tx
    .select({
      postingId: ledgerPostings.id,
      at: ledgerPostings.createdAt,
      accountType: ledgerPostings.accountType,
      amountFen: ledgerPostings.amountFen,
      journalId: ledgerJournals.id,
      kind: ledgerJournals.kind,
      causeType: ledgerJournals.causeType,
      causeId: ledgerJournals.causeId,
      orderId: ledgerJournals.orderId,
      memo: ledgerJournals.memo,
    })
    .from(ledgerPostings)
    .innerJoin(ledgerJournals, and(eq(ledgerJournals.tenantId, ledgerPostings.tenantId), eq(ledgerJournals.id, ledgerPostings.journalId)))
    .where(
      and(
        eq(ledgerPostings.distributorId, input.distributorId),
        input.types?.length ? inArray(ledgerPostings.accountType, input.types) : undefined,
        input.before ? lt(ledgerPostings.id, input.before) : undefined,
      ),
    )
    .orderBy(desc(ledgerPostings.id))
    .limit(input.limit);
  return rows.map((r) => ({
    postingId: r.postingId,
    at: r.at,
    accountType: r.accountType,
    changeFen: balanceDelta(r.accountType, Number(r.amountFen)),
    journalId: r.journalId,
    kind: r.kind,
    causeType: r.causeType,
    causeId: r.causeId,
    orderId: r.orderId,
    memo: r.memo,
  }));
}

/** Every journal (with its postings) caused by one order: the order detail's ledger section. */
export async function orderJournals(tx: Tx, orderId: string) {
  const rows = await tx
    .select({
      journalId: ledgerJournals.id,
      kind: ledgerJournals.kind,
      causeType: ledgerJournals.causeType,
      causeId: ledgerJournals.causeId,
      memo: ledgerJournals.memo,
      at: ledgerJournals.createdAt,
      accountType: ledgerPostings.accountType,
      distributorId: ledgerPostings.distributorId,
      amountFen: ledgerPostings.amountFen,
    })
    .from(ledgerJournals)
    .innerJoin(ledgerPostings, and(eq(ledgerPostings.tenantId, ledgerJournals.tenantId), eq(ledgerPostings.journalId, ledgerJournals.id)))
    .where(eq(ledgerJournals.orderId, orderId))
    .orderBy(ledgerJournals.id, ledgerPostings.id);
  const journals = new Map<string, { id: string; kind: string; causeType: string; causeId: string; memo: string | null; at: Date; postings: { accountType: AccountType; distributorId: string | null; amountFen: number }[] }>();
  for (const r of rows) {
    const j = journals.get(r.journalId) ?? { id: r.journalId, kind: r.kind, causeType: r.causeType, causeId: r.causeId, memo: r.memo, at: r.at, postings: [] };
    j.postings.push({ accountType: r.accountType, distributorId: r.distributorId, amountFen: Number(r.amountFen) });
    journals.set(r.journalId, j);
  }
  return [...journals.values()];
}
