/**
 * The double-entry ledger (DESIGN.md "Money and the ledger").
 *
 * A journal is one business event (an order's accrual, a refund, a settlement run for one
 * distributor, …) with an idempotency key and its cause. Its postings sum to zero (checked by
 * a statement trigger, migration 0009) and are never updated or deleted (the runtime role has
 * INSERT and SELECT only). Amounts are signed: debit positive, credit negative.
 *
 * Distributor accounts (pending, held, available, withdrawing, arrears) carry a cached
 * `balance_fen` on their normal side, updated in the same transaction as their postings and
 * guarded by CHECK (balance_fen >= 0), so no race can overdraw. Brand accounts
 * (commission_expense, payouts, tax_payable, fees) have no cached balance: every order posts to
 * them, and one row updated per order would serialise all ingest on its lock. Their balances
 * are sums of postings.
 *
 * Postings reach `tenants` through their journal (cascading) rather than a key of their own: see
 * orders.ts for why the busiest insert paths do not check the tenants row per row.
 */
import { sql } from "drizzle-orm";
import { bigint, check, index, pgEnum, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { distributors } from "./distributors";
import { tenants } from "./platform";

export const DISTRIBUTOR_ACCOUNT_TYPES = ["pending", "held", "available", "withdrawing", "arrears"] as const;
export const BRAND_ACCOUNT_TYPES = ["commission_expense", "payouts", "tax_payable", "fees"] as const;

export const ledgerAccountType = pgEnum("ledger_account_type", [
  ...DISTRIBUTOR_ACCOUNT_TYPES,
  ...BRAND_ACCOUNT_TYPES,
]);

export const journalKind = pgEnum("journal_kind", [
  "accrual",
  "refund",
  "cancellation",
  "settlement",
  "hold_release",
  "hold_reject",
  "withdrawal",
  "withdrawal_returned",
  "payout",
  "adjustment",
  "team_bonus",
  "kpi_reward",
]);

export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    /** The owner, for distributor accounts; null for the brand's own accounts. */
    distributorId: uuid(),
    type: ledgerAccountType().notNull(),
    /**
     * Cached balance on the account's normal side (distributor accounts only). No index may hold
     * it, and pages keep 30% free (fillfactor 70, migration 0053): a move is a HOT update.
     */
    balanceFen: bigint({ mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "ledger_accounts_pkey", columns: [t.tenantId, t.id] }),
    unique("ledger_accounts_owner_key").on(t.tenantId, t.distributorId, t.type).nullsNotDistinct(),
    tenantForeignKey("ledger_accounts_distributor_fk", t, t.distributorId, distributors),
    check("ledger_accounts_balance_nonneg", sql`${t.balanceFen} >= 0`),
    check(
      "ledger_accounts_owner_type",
      sql`case when ${t.distributorId} is null
        then ${t.type} in ('commission_expense', 'payouts', 'tax_payable', 'fees') and ${t.balanceFen} is null
        else ${t.type} in ('pending', 'held', 'available', 'withdrawing', 'arrears') and ${t.balanceFen} is not null end`,
    ),
  ],
);

export const ledgerJournals = pgTable(
  "ledger_journals",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    kind: journalKind().notNull(),
    /** A second journal with the same key is refused: replays post nothing. */
    idempotencyKey: text().notNull(),
    /** What caused it: order, refund (order event), settlement, … and that thing's id. */
    causeType: text().notNull(),
    causeId: text().notNull(),
    orderId: uuid(),
    memo: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "ledger_journals_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("ledger_journals_idempotency_key").on(t.tenantId, t.idempotencyKey),
    index("ledger_journals_order_idx").on(t.tenantId, t.orderId),
  ],
);

export const ledgerPostings = pgTable(
  "ledger_postings",
  {
    tenantId: tenantId(), // tenants through its journal (file comment)
    id: id(),
    journalId: uuid().notNull(),
    accountId: uuid().notNull(),
    /** Copied from the account so trial balances aggregate without a join. */
    accountType: ledgerAccountType().notNull(),
    distributorId: uuid(),
    /** Debit positive, credit negative; never zero. */
    amountFen: bigint({ mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "ledger_postings_pkey", columns: [t.tenantId, t.id] }),
    index("ledger_postings_journal_idx").on(t.tenantId, t.journalId),
    index("ledger_postings_account_idx").on(t.tenantId, t.accountId, t.createdAt),
    tenantForeignKey("ledger_postings_journal_fk", t, t.journalId, ledgerJournals).onDelete("cascade"),
    tenantForeignKey("ledger_postings_account_fk", t, t.accountId, ledgerAccounts),
    check("ledger_postings_nonzero", sql`${t.amountFen} <> 0`),
  ],
);
