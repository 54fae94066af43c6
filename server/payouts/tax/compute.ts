/**
 * PROVISIONAL (withdrawals branch): the contract's computeTax / recordWithholding (labour
 * remuneration, same-month aggregation, DOMAIN.md §6), written only so the withdrawal core
 * compiles and is tested before the tax branch lands. The tax branch owns this file; at merge
 * take the tax branch's version whole.
 */
import { and, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { taxWithholdings, withdrawals } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";

export interface TaxComputation {
  method: "labour" | "cumulative" | "not_withheld";
  taxFen: number;
  note: string | null;
  month: string;
  detail: Record<string, unknown>;
}

function shanghaiMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

/** Labour remuneration on one month's income (fen), DOMAIN.md §6. */
export function labourTax(incomeFen: number): number {
  const taxable = incomeFen <= 400_000 ? Math.max(0, incomeFen - 80_000) : Math.floor((incomeFen * 8) / 10);
  let tax: number;
  if (taxable <= 2_000_000) tax = Math.floor(taxable / 5);
  else if (taxable <= 5_000_000) tax = Math.floor((taxable * 3) / 10) - 200_000;
  else tax = Math.floor((taxable * 4) / 10) - 700_000;
  return Math.max(0, tax);
}

export async function computeTax(
  tx: Tx,
  a: { distributorId: string; incomeFen: number; at: Date; excludeWithdrawalId?: string; notWithheldReason?: string | null },
): Promise<TaxComputation> {
  const month = shanghaiMonth(a.at);
  if (a.notWithheldReason) return { method: "not_withheld", taxFen: 0, note: a.notWithheldReason, month, detail: {} };
  const [prior] = await tx
    .select({ income: sql<string>`coalesce(sum(${withdrawals.amountFen}), 0)`, tax: sql<string>`coalesce(sum(${withdrawals.taxFen}), 0)` })
    .from(withdrawals)
    .where(
      and(
        eq(withdrawals.distributorId, a.distributorId),
        eq(withdrawals.taxMonth, month),
        isNotNull(withdrawals.taxMonth),
        inArray(withdrawals.status, ["approved", "paying", "waiting_confirmation", "paid"]),
        a.excludeWithdrawalId ? ne(withdrawals.id, a.excludeWithdrawalId) : undefined,
      ),
    );
  const priorIncome = Number(prior?.income ?? 0);
  const priorTax = Number(prior?.tax ?? 0);
  const taxFen = Math.max(0, labourTax(priorIncome + a.incomeFen) - priorTax);
  return { method: "labour", taxFen, note: null, month, detail: { priorIncomeFen: priorIncome, priorTaxFen: priorTax } };
}

export async function recordWithholding(
  tx: Tx,
  w: { withdrawalId: string; distributorId: string; month: string; method: "labour" | "cumulative" | "not_withheld"; incomeFen: number; taxFen: number; note: string | null; detail: Record<string, unknown> },
): Promise<void> {
  await tx
    .insert(taxWithholdings)
    .values({ tenantId: await currentTenantId(tx), ...w })
    .onConflictDoNothing();
}
