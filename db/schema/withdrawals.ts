/**
 * Withdrawals, their timeline, payouts made outside, tax withheld and payout attempts
 * (DOMAIN.md §5–§6, issue 9).
 *
 * A withdrawal moves money `available → withdrawing` in the transaction that creates it; paying
 * it moves `withdrawing → payouts (+ tax_payable, fees)`; rejection, failure, cancellation and
 * expiry move it back to `available`. Each of those is one ledger journal in the same
 * transaction as the status change and its `withdrawal_events` row (the timeline both sides see).
 *
 * `out_bill_no` is fixed when the withdrawal is created and never changes: every attempt to pay
 * it, after any unclear answer, reuses it, so a provider can never pay it twice.
 */
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { distributors } from "./distributors";
import { tenants } from "./platform";

/** Where the money goes. `external`: paid outside (payroll / a platform), recorded afterwards. */
export const WITHDRAWAL_CHANNELS = ["bank", "wechat", "alipay", "flexible", "external"] as const;
export const withdrawalChannel = pgEnum("withdrawal_channel", WITHDRAWAL_CHANNELS);

export const WITHDRAWAL_STATUSES = [
  "reviewing",
  "approved",
  "paying",
  "waiting_confirmation",
  "paid",
  "rejected",
  "failed",
  "cancelled",
  "expired",
] as const;
export const withdrawalStatus = pgEnum("withdrawal_status", WITHDRAWAL_STATUSES);

/** labour: withheld per month (§6 default); cumulative: SAT 2025 No. 16; not_withheld: the record says why. */
export const taxMethod = pgEnum("tax_method", ["labour", "cumulative", "not_withheld"]);

export interface ChannelLimit {
  enabled: boolean;
  minFen: number;
  maxFen: number;
  /** WeChat: a real name is required from this amount (default ¥2,000). */
  realNameFromFen?: number | null;
}

/** One row per brand: withdrawal limits, fees, review and tax settings (DOMAIN.md §5 defaults). */
export const payoutSettings = pgTable("payout_settings", {
  tenantId: tenantId()
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  channelLimits: jsonb().$type<Record<"bank" | "wechat" | "alipay", ChannelLimit>>().notNull(),
  dailyAmountCapFen: bigint({ mode: "number" }),
  dailyCountCap: integer(),
  monthlyAmountCapFen: bigint({ mode: "number" }),
  monthlyCountCap: integer(),
  feeBp: integer().notNull().default(0),
  /** Above this amount two different staff must approve (default ¥10,000). */
  dualApprovalFromFen: bigint({ mode: "number" }).notNull().default(1_000_000),
  taxMethod: taxMethod().notNull().default("labour"),
  /** Route requests at or above this amount to the flexible-employment platform (null: never). */
  flexibleFromFen: bigint({ mode: "number" }),
  updatedAt: createdAt(),
});

export const withdrawals = pgTable(
  "withdrawals",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    distributorId: uuid().notNull(),
    /** Stable payout bill number, e.g. W20261202ABCDEFGH: the same on every attempt. */
    outBillNo: text().notNull(),
    channel: withdrawalChannel().notNull(),
    status: withdrawalStatus().notNull(),
    /** Gross amount taken from `available`. */
    amountFen: bigint({ mode: "number" }).notNull(),
    feeFen: bigint({ mode: "number" }).notNull().default(0),
    /** Estimated at request; final when the payout posts. */
    taxFen: bigint({ mode: "number" }).notNull().default(0),
    /**
     * YYYY-MM (Asia/Shanghai) once the tax is fixed, when the payout starts; null while it is an
     * estimate. The next payout's same-month aggregation counts every withdrawal with a tax month
     * that has not been returned (so two payouts in flight cannot both use the same allowance).
     */
    taxMonth: text(),
    netFen: bigint({ mode: "number" }).notNull(),
    taxMethod: taxMethod().notNull(),
    /** Why not withheld (individual business, flexible-employment platform, withheld by platform). */
    taxNote: text(),
    /** The computation shown to finance and the distributor (server/payouts/tax trace). */
    taxDetail: jsonb().$type<Record<string, unknown>>(),
    /** Payee as at request: name, masked account, bank; the encrypted account when bank. */
    payeeName: text(),
    payeeAccountMasked: text(),
    payeeAccountEnc: text(),
    payeeBankName: text(),
    /** Outside payouts: the brand's reference (idempotency) and when it paid. */
    reference: text(),
    /** For external payouts: by_brand | by_platform. */
    taxWithheldBy: text(),
    bankBatchId: uuid(),
    firstApprovedBy: uuid(),
    firstApprovedAt: at(),
    approvedBy: uuid(),
    approvedAt: at(),
    reason: text(),
    /** WeChat: the recipient must confirm before this (24 h), or the transfer is cancelled. */
    expiresAt: at(),
    paidAt: at(),
    requestedAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "withdrawals_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("withdrawals_out_bill_no_key").on(t.tenantId, t.outBillNo),
    // A provider's callback names only the bill: fx_payout_tenants_of_bill finds its brand
    // across tenants, which the per-tenant key above cannot serve.
    index("withdrawals_out_bill_no_idx").on(t.outBillNo),
    uniqueIndex("withdrawals_reference_key").on(t.tenantId, t.reference),
    index("withdrawals_distributor_idx").on(t.tenantId, t.distributorId, t.requestedAt),
    index("withdrawals_status_idx").on(t.tenantId, t.status, t.requestedAt),
    index("withdrawals_batch_idx").on(t.tenantId, t.bankBatchId),
    index("withdrawals_tax_month_idx").on(t.tenantId, t.distributorId, t.taxMonth),
    tenantForeignKey("withdrawals_distributor_fk", t, t.distributorId, distributors),
    check("withdrawals_amount_positive", sql`${t.amountFen} > 0`),
    check("withdrawals_parts_nonneg", sql`${t.feeFen} >= 0 and ${t.taxFen} >= 0 and ${t.netFen} >= 0`),
    check("withdrawals_parts_sum", sql`${t.feeFen} + ${t.taxFen} + ${t.netFen} = ${t.amountFen}`),
  ],
);

/** The timeline: every status change with actor, time and reason. Append-only. */
export const withdrawalEvents = pgTable(
  "withdrawal_events",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    withdrawalId: uuid().notNull(),
    fromStatus: withdrawalStatus(),
    toStatus: withdrawalStatus().notNull(),
    /** staff | distributor | system | api | provider */
    actorType: text().notNull(),
    actorId: text(),
    reason: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [
    primaryKey({ name: "withdrawal_events_pkey", columns: [t.tenantId, t.id] }),
    index("withdrawal_events_withdrawal_idx").on(t.tenantId, t.withdrawalId, t.at),
    tenantForeignKey("withdrawal_events_withdrawal_fk", t, t.withdrawalId, withdrawals).onDelete("cascade"),
  ],
);

/**
 * Tax withheld (or recorded as not withheld) on each paid withdrawal, by Asia/Shanghai month:
 * the monthly report and the next payout's aggregation read these rows.
 */
export const taxWithholdings = pgTable(
  "tax_withholdings",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    distributorId: uuid().notNull(),
    withdrawalId: uuid().notNull(),
    /** YYYY-MM in Asia/Shanghai. */
    month: text().notNull(),
    method: taxMethod().notNull(),
    incomeFen: bigint({ mode: "number" }).notNull(),
    taxFen: bigint({ mode: "number" }).notNull(),
    note: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "tax_withholdings_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("tax_withholdings_withdrawal_key").on(t.tenantId, t.withdrawalId),
    index("tax_withholdings_month_idx").on(t.tenantId, t.month, t.distributorId),
    index("tax_withholdings_distributor_idx").on(t.tenantId, t.distributorId, t.month),
    tenantForeignKey("tax_withholdings_distributor_fk", t, t.distributorId, distributors),
    tenantForeignKey("tax_withholdings_withdrawal_fk", t, t.withdrawalId, withdrawals),
    check("tax_withholdings_nonneg", sql`${t.incomeFen} >= 0 and ${t.taxFen} >= 0`),
  ],
);

/**
 * People the brand pays through the flexible-employment platform whatever the amount (issue 9
 * item 4: "amounts and people the brand routes there"), with who decided and why. Removing a
 * person deletes the row; the audit log keeps the history.
 */
export const flexibleRoutes = pgTable(
  "flexible_routes",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    distributorId: uuid().notNull(),
    reason: text().notNull(),
    setBy: uuid(),
    setAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "flexible_routes_pkey", columns: [t.tenantId, t.distributorId] }),
    tenantForeignKey("flexible_routes_distributor_fk", t, t.distributorId, distributors).onDelete("cascade"),
  ],
);

export const payoutAttemptState = pgEnum("payout_attempt_state", [
  "sending",
  "processing",
  "waiting_confirmation",
  "succeeded",
  "failed",
  "cancelled",
  "unknown",
]);

/**
 * Each call to a payout provider for a withdrawal. Written as `sending` and committed BEFORE the
 * call, so a process killed mid-call leaves a row that says "ask the provider about this bill
 * first"; the executor then queries by out_bill_no and resends the same bill, never a new one.
 */
export const payoutAttempts = pgTable(
  "payout_attempts",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    withdrawalId: uuid().notNull(),
    outBillNo: text().notNull(),
    provider: text().notNull(),
    state: payoutAttemptState().notNull(),
    /** The provider's own id for the bill, once known. */
    providerRef: text(),
    /** WeChat: package_info the portal passes to wx.requestMerchantTransfer. */
    packageInfo: text(),
    error: text(),
    response: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "payout_attempts_pkey", columns: [t.tenantId, t.id] }),
    index("payout_attempts_withdrawal_idx").on(t.tenantId, t.withdrawalId, t.createdAt),
    tenantForeignKey("payout_attempts_withdrawal_fk", t, t.withdrawalId, withdrawals).onDelete("cascade"),
  ],
);

export const bankBatchStatus = pgEnum("bank_batch_status", ["exported", "partially_settled", "settled"]);

/** An offline bank batch: the file exported for the bank, and the result file imported back. */
export const bankBatches = pgTable(
  "bank_batches",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    /** e.g. B20261202-001, printed in the file. */
    batchNo: text().notNull(),
    status: bankBatchStatus().notNull().default("exported"),
    count: integer().notNull(),
    totalNetFen: bigint({ mode: "number" }).notNull(),
    createdBy: uuid(),
    resultFileName: text(),
    resultImportedAt: at(),
    resultReport: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "bank_batches_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("bank_batches_no_key").on(t.tenantId, t.batchNo),
  ],
);
