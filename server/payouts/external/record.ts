/**
 * Payouts made outside (issue 9 item 7): the brand paid a distributor through its own payroll
 * or a flexible-employment platform and records it here, from the public API
 * (POST /api/v1/distributors/{code}/payouts) or the console. In ONE transaction:
 * a `withdrawals` row (channel external, status paid, fixed out-bill number), its timeline
 * event, the payout journal (contract: debit available(amount); credit payouts(net),
 * tax_payable(tax)) and the tax record — so it shows on both timelines and in the tax report.
 *
 * Rules:
 * - Idempotent on `reference` (unique per brand): the same reference with the same payout
 *   (distributor, amount, paid-at instant, who withheld the tax) answers the first result again
 *   and writes nothing; with anything different it is a conflict (409), never a second payout.
 * - The amount must be ≤ the distributor's `available` balance (422): money paid outside is
 *   still money the brand owed from the ledger, and the ledger never goes negative.
 * - Arrears: refused (422) while the distributor owes arrears. The brand's own rule for
 *   requests (issue 9 item 2: arrears must be cleared first) applies to a payout however it is
 *   made; a brand that paid anyway clears the arrears (an adjustment) and then records it.
 * - `paidAt` is when the money left the brand; it decides the tax month (Asia/Shanghai). It may
 *   be in the past (recorded late), not more than 5 minutes in the future (clock skew).
 * - Tax: `by_brand` → the brand withheld it per DOMAIN.md §6 (computeTax, the brand's method,
 *   aggregated with the month's other payouts; an individual business is still not withheld);
 *   `by_platform` → the platform withheld it, the brand did not: method not_withheld, note
 *   `withheld_by_platform`, and the full amount is the net.
 *
 * Concurrency: an advisory lock on the reference serialises two requests with the same
 * reference (the second sees the first's row); the distributor row lock (FOR NO KEY UPDATE,
 * the same lock requests and markPaying take) serialises this with the distributor's other
 * payouts, so computeTax's month aggregation and the balance check see every earlier one.
 */
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { distributors, withdrawalEvents, withdrawals } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { brandAccount, credit, debit, distributorAccount } from "@/server/ledger/accounts";
import { lockAccounts, postJournals } from "@/server/ledger/post";
import { audit, type Actor } from "@/server/tenancy/audit";
import { emitWithdrawalEvents } from "@/server/webhooks/emit";
import { computeTax, NOT_WITHHELD, recordWithholding } from "../tax/compute";

export const TAX_WITHHELD_BY = ["by_brand", "by_platform"] as const;
export type TaxWithheldBy = (typeof TAX_WITHHELD_BY)[number];

export interface ExternalPayoutInput {
  amountFen: number;
  reference: string;
  paidAt: Date;
  taxWithheld: TaxWithheldBy;
}

/** Who recorded it, as the timeline shows it. */
export type ExternalActor = Actor & { type: "staff" | "api" };

export interface ExternalPayout {
  id: string;
  outBillNo: string;
  distributorId: string;
  distributorCode: string;
  distributorName: string;
  amountFen: number;
  taxFen: number;
  netFen: number;
  taxMethod: "labour" | "cumulative" | "not_withheld";
  taxMonth: string;
  taxNote: string | null;
  taxWithheld: TaxWithheldBy;
  reference: string;
  paidAt: Date;
  recordedAt: Date;
}

export interface RecordResult {
  payout: ExternalPayout;
  /** True when the reference had already been recorded with the same payout: nothing written. */
  replayed: boolean;
}

const FUTURE_SKEW_MS = 5 * 60_000;
const REFERENCE = /^[\x21-\x7e\u00a0-\uffff][\x20-\x7e\u00a0-\uffff]{0,63}$/;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `X` + yyyymmdd (Asia/Shanghai) + 10 base32 characters: the same shape as requests' `W…` numbers. */
export function externalBillNo(at: Date): string {
  const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll("-", "");
  let tail = "";
  for (const b of randomBytes(10)) tail += ALPHABET[b & 31];
  return `X${day}${tail}`;
}

/** Checks the input; a refusal names the field and changes nothing. */
export function validateExternalPayout(input: ExternalPayoutInput, now = new Date()): ExternalPayoutInput {
  const reference = typeof input.reference === "string" ? input.reference.trim() : "";
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new AppError("BAD_REQUEST", "The amount must be a positive whole number of fen.", { fields: { amountFen: "too_small" } });
  }
  if (!reference) throw new AppError("BAD_REQUEST", "Give the payout's reference in your payroll or platform.", { fields: { reference: "required" } });
  if (!REFERENCE.test(reference)) {
    throw new AppError("BAD_REQUEST", "The reference must be 1–64 printable characters.", { fields: { reference: "invalid_format" } });
  }
  if (!(input.paidAt instanceof Date) || Number.isNaN(input.paidAt.getTime())) {
    throw new AppError("BAD_REQUEST", "paidAt must be a date and time.", { fields: { paidAt: "invalid_format" } });
  }
  if (input.paidAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
    throw new AppError("BAD_REQUEST", "paidAt is in the future: record a payout once it has been made.", { fields: { paidAt: "in_future" } });
  }
  if (!TAX_WITHHELD_BY.includes(input.taxWithheld)) {
    throw new AppError("BAD_REQUEST", "taxWithheld must be by_brand or by_platform.", { fields: { taxWithheld: "invalid_value" } });
  }
  return { ...input, reference };
}

type Row = typeof withdrawals.$inferSelect;

function view(w: Row, d: { code: string; name: string }): ExternalPayout {
  return {
    id: w.id,
    outBillNo: w.outBillNo,
    distributorId: w.distributorId,
    distributorCode: d.code,
    distributorName: d.name,
    amountFen: w.amountFen,
    taxFen: w.taxFen,
    netFen: w.netFen,
    taxMethod: w.taxMethod,
    taxMonth: w.taxMonth!,
    taxNote: w.taxNote,
    taxWithheld: w.taxWithheldBy as TaxWithheldBy,
    reference: w.reference!,
    paidAt: w.paidAt!,
    recordedAt: w.requestedAt,
  };
}

/**
 * Records a payout made outside for the distributor `who` (by id from the console, by referral
 * code from the API). See the file comment for the rules.
 */
export async function recordExternalPayout(
  tx: Tx,
  actor: ExternalActor,
  who: { distributorId: string } | { code: string },
  raw: ExternalPayoutInput,
  now = new Date(),
): Promise<RecordResult> {
  const input = validateExternalPayout(raw, now);
  const tenantId = await currentTenantId(tx);
  if (!tenantId) throw new Error("recordExternalPayout: no brand in this transaction");

  // The distributor, locked: this and the distributor's other payouts run one after the other.
  const [d] = await tx
    .select({ id: distributors.id, code: distributors.code, name: distributors.name })
    .from(distributors)
    .where("code" in who ? eq(distributors.code, who.code.trim().toUpperCase()) : eq(distributors.id, who.distributorId))
    .for("no key update");
  if (!d) {
    throw new AppError("NOT_FOUND", "code" in who ? `No distributor with code ${who.code}.` : "Distributor not found.");
  }

  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`external-payout:${tenantId}:${input.reference}`}, 0))`);
  const [prior] = await tx.select().from(withdrawals).where(eq(withdrawals.reference, input.reference));
  if (prior) {
    const same =
      prior.channel === "external" &&
      prior.distributorId === d.id &&
      prior.amountFen === input.amountFen &&
      prior.paidAt?.getTime() === input.paidAt.getTime() &&
      prior.taxWithheldBy === input.taxWithheld;
    if (!same) {
      throw new AppError("CONFLICT", `Reference ${input.reference} was already recorded for a different payout.`, {
        fields: { reference: "reused" },
      });
    }
    const [pd] = await tx.select({ code: distributors.code, name: distributors.name }).from(distributors).where(eq(distributors.id, prior.distributorId));
    return { payout: view(prior, pd!), replayed: true };
  }

  const balances = await lockAccounts(tx, [distributorAccount(d.id, "available"), distributorAccount(d.id, "arrears")]);
  const available = balances.get(`${d.id}:available`) ?? 0;
  const arrears = balances.get(`${d.id}:arrears`) ?? 0;
  if (arrears > 0) {
    throw new AppError("UNPROCESSABLE", `The distributor owes ¥${(arrears / 100).toFixed(2)} of arrears; clear them before recording a payout.`, {
      fields: { amountFen: "arrears_outstanding" },
    });
  }
  if (input.amountFen > available) {
    throw new AppError("UNPROCESSABLE", `The amount is above the distributor's available balance (¥${(available / 100).toFixed(2)}).`, {
      fields: { amountFen: "exceeds_available" },
    });
  }

  const tax = await computeTax(tx, {
    distributorId: d.id,
    incomeFen: input.amountFen,
    at: input.paidAt,
    notWithheldReason: input.taxWithheld === "by_platform" ? NOT_WITHHELD.withheldByPlatform : null,
  });
  const netFen = input.amountFen - tax.taxFen;
  const id = uuidv7();
  const [row] = await tx
    .insert(withdrawals)
    .values({
      tenantId,
      id,
      distributorId: d.id,
      outBillNo: externalBillNo(input.paidAt),
      channel: "external",
      status: "paid",
      amountFen: input.amountFen,
      feeFen: 0,
      taxFen: tax.taxFen,
      netFen,
      taxMonth: tax.month,
      taxMethod: tax.method,
      taxNote: tax.note,
      taxDetail: tax.detail,
      payeeName: d.name,
      reference: input.reference,
      taxWithheldBy: input.taxWithheld,
      approvedBy: actor.type === "staff" ? actor.id : null,
      approvedAt: actor.type === "staff" ? now : null,
      paidAt: input.paidAt,
      requestedAt: now,
      updatedAt: now,
    })
    .returning();
  await tx.insert(withdrawalEvents).values({
    tenantId,
    withdrawalId: id,
    fromStatus: null,
    toStatus: "paid",
    actorType: actor.type,
    actorId: actor.id,
    reason: null,
    detail: { external: true, reference: input.reference, taxWithheld: input.taxWithheld, taxFen: tax.taxFen, netFen, taxMonth: tax.month },
    at: now,
  });
  await emitWithdrawalEvents(tx, tenantId, [id]);
  await postJournals(tx, tenantId, [
    {
      kind: "payout",
      idempotencyKey: `payout:${id}`,
      causeType: "withdrawal",
      causeId: id,
      memo: `external ${input.reference}`,
      postings: [
        debit(distributorAccount(d.id, "available"), input.amountFen),
        credit(brandAccount("payouts"), netFen),
        credit(brandAccount("tax_payable"), tax.taxFen),
      ],
    },
  ]);
  await recordWithholding(tx, {
    withdrawalId: id,
    distributorId: d.id,
    month: tax.month,
    method: tax.method,
    incomeFen: input.amountFen,
    taxFen: tax.taxFen,
    note: tax.note,
    detail: tax.detail,
  });
  await audit(tx, actor, {
    action: "payout.external_recorded",
    targetType: "distributor",
    targetId: d.id,
    data: { code: d.code, amountFen: input.amountFen, reference: input.reference, taxWithheld: input.taxWithheld },
  });
  return { payout: view(row!, d), replayed: false };
}

/** The brand's recorded outside payouts to one distributor, newest first (console dialog's list). */
export async function externalPayoutsOf(tx: Tx, distributorId: string, limit = 20): Promise<ExternalPayout[]> {
  const rows = await tx
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.distributorId, distributorId), eq(withdrawals.channel, "external")))
    .orderBy(sql`${withdrawals.paidAt} desc, ${withdrawals.id} desc`)
    .limit(limit);
  if (!rows.length) return [];
  const [d] = await tx.select({ code: distributors.code, name: distributors.name }).from(distributors).where(eq(distributors.id, distributorId));
  return rows.map((r) => view(r, d!));
}
