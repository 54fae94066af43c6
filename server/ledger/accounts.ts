/**
 * Ledger account types and their normal sides (DESIGN.md "Money and the ledger"). Pure.
 *
 * Postings are signed: a debit is positive, a credit negative. A balance is shown on the
 * account's normal side, so every balance the product shows is non-negative:
 * - credit-normal (what the brand owes or holds): pending, held, available, withdrawing,
 *   payouts (money that left), tax_payable, fees;
 * - debit-normal: commission_expense (what commission cost the brand) and arrears (what a
 *   distributor owes back after a clawback it could not cover).
 */
import type { BRAND_ACCOUNT_TYPES, DISTRIBUTOR_ACCOUNT_TYPES } from "@/db/schema/ledger";

export type DistributorAccountType = (typeof DISTRIBUTOR_ACCOUNT_TYPES)[number];
export type BrandAccountType = (typeof BRAND_ACCOUNT_TYPES)[number];
export type AccountType = DistributorAccountType | BrandAccountType;

export const ACCOUNT_TYPES: readonly AccountType[] = [
  "pending",
  "held",
  "available",
  "withdrawing",
  "arrears",
  "commission_expense",
  "payouts",
  "tax_payable",
  "fees",
];

const DEBIT_NORMAL: ReadonlySet<AccountType> = new Set(["commission_expense", "arrears"]);

/** +1 when a debit raises the balance, −1 when a credit does. */
export function normalSign(type: AccountType): 1 | -1 {
  return DEBIT_NORMAL.has(type) ? 1 : -1;
}

/** The balance change a signed posting makes, seen on the account's normal side. */
export function balanceDelta(type: AccountType, amountFen: number): number {
  return normalSign(type) * amountFen || 0; // never -0
}

export type AccountRef =
  | { distributorId: string; type: DistributorAccountType }
  | { brand: BrandAccountType };

export interface PostingInput {
  account: AccountRef;
  /** Debit positive, credit negative. */
  amountFen: number;
}

export const debit = (account: AccountRef, amountFen: number): PostingInput => ({ account, amountFen });
export const credit = (account: AccountRef, amountFen: number): PostingInput => ({ account, amountFen: -amountFen });

export const distributorAccount = (distributorId: string, type: DistributorAccountType): AccountRef => ({
  distributorId,
  type,
});
export const brandAccount = (type: BrandAccountType): AccountRef => ({ brand: type });

export function accountKey(ref: AccountRef): string {
  return "brand" in ref ? `brand:${ref.brand}` : `${ref.distributorId}:${ref.type}`;
}

export type JournalKind =
  | "accrual"
  | "refund"
  | "cancellation"
  | "settlement"
  | "hold_release"
  | "hold_reject"
  | "withdrawal"
  | "withdrawal_returned"
  | "payout"
  | "adjustment"
  | "team_bonus"
  | "kpi_reward";

export interface JournalInput {
  /**
   * The journal's id when the caller must know it before posting (the settlement sweep points
   * commissions at it in the statement that settles them); otherwise a new uuidv7.
   */
  id?: string;
  kind: JournalKind;
  /** Unique per brand: posting the same key twice posts nothing the second time. */
  idempotencyKey: string;
  causeType: string;
  causeId: string;
  orderId?: string | null;
  memo?: string | null;
  postings: PostingInput[];
}

/**
 * Merges postings to the same account, drops zeros, and checks the journal balances. A journal
 * that does not balance is a programming error, never user input: it throws.
 */
export function normaliseJournal(j: JournalInput): JournalInput {
  const merged = new Map<string, PostingInput>();
  for (const p of j.postings) {
    if (!Number.isSafeInteger(p.amountFen)) throw new Error(`ledger: non-integer amount in ${j.idempotencyKey}`);
    const key = accountKey(p.account);
    const prev = merged.get(key);
    merged.set(key, { account: p.account, amountFen: (prev?.amountFen ?? 0) + p.amountFen });
  }
  const postings = [...merged.values()].filter((p) => p.amountFen !== 0);
  const sum = postings.reduce((s, p) => s + p.amountFen, 0);
  if (sum !== 0) throw new Error(`ledger: journal ${j.idempotencyKey} does not balance (${sum})`);
  return { ...j, postings };
}
