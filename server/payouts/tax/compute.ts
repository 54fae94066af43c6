/**
 * Fixing a payout's income tax (DOMAIN.md §6, issue 9 item 5). The arithmetic is pure
 * (labour.ts, cumulative.ts); this file reads what it needs from the database.
 *
 * Who is not withheld by the brand (method `not_withheld`, `note` says why, one of
 * NOT_WITHHELD or the caller's own reason):
 * - the caller says so (`notWithheldReason`): paid through the flexible-employment platform,
 *   or an outside payout whose tax the platform withheld;
 * - the distributor is registered as an individual business (distributor_identities.income_type):
 *   business income, which they file themselves.
 *
 * The month's (or year's) earlier income is read from `withdrawals` rows with a tax month —
 * set when the payout starts, cleared when its funds are returned — so two payouts in flight at
 * once cannot both use the same ¥800 / bracket. Rows of the other method or not withheld do not
 * count: a brand that switches method mid-year starts the new method's aggregation afresh.
 * Callers hold the per-distributor lock, so no other payout fixes its tax meanwhile.
 *
 * Cumulative method, "continuous months": a month counts as one in which the distributor earned
 * from this brand when a payout to them has that tax month (a withdrawal taxed under the
 * cumulative method, not returned) — income is 取得 when it is paid, which is also what the
 * cumulative income sums. The months counted are the run of consecutive such months ending at
 * the current one (which counts: the payout being taxed is income in it), within this year;
 * a month without income restarts the count (cumulative.ts continuousMonths).
 */
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { cumulativeWithholding, continuousMonths } from "./cumulative";
import { labourWithholding } from "./labour";
import { parseTaxMonth, taxMonthOf } from "./month";
import { assertFen } from "./rounding";

export type TaxMethod = "labour" | "cumulative" | "not_withheld";

export interface TaxComputation {
  method: TaxMethod;
  taxFen: number;
  note: string | null;
  /** YYYY-MM, Asia/Shanghai. */
  month: string;
  detail: Record<string, unknown>;
}

/** The reasons the product itself gives for not withholding (shown translated, tax.note.*). */
export const NOT_WITHHELD = {
  individualBusiness: "individual_business",
  flexiblePlatform: "flexible_platform",
  withheldByPlatform: "withheld_by_platform",
} as const;

/** Statuses whose funds went back to the distributor: they were never income. */
export const RETURNED_STATUSES = ["rejected", "failed", "cancelled", "expired"] as const;
const RETURNED = sql.raw(`(${RETURNED_STATUSES.map((s) => `'${s}'`).join(", ")})`);

/** The brand's method: payout_settings.tax_method, labour when the brand has no settings row. */
export async function brandTaxMethod(tx: Tx): Promise<"labour" | "cumulative"> {
  const [row] = rowsOf<{ tax_method: TaxMethod }>(await tx.execute(sql`select tax_method from payout_settings limit 1`));
  // not_withheld is a per-payout outcome, never a brand setting; read it as the default.
  return row?.tax_method === "cumulative" ? "cumulative" : "labour";
}

async function incomeTypeOf(tx: Tx, distributorId: string): Promise<"labour" | "individual_business"> {
  const [row] = rowsOf<{ income_type: "labour" | "individual_business" }>(
    await tx.execute(sql`select income_type from distributor_identities where distributor_id = ${distributorId}`),
  );
  return row?.income_type ?? "labour";
}

export async function computeTax(
  tx: Tx,
  a: { distributorId: string; incomeFen: number; at: Date; excludeWithdrawalId?: string; notWithheldReason?: string | null },
): Promise<TaxComputation> {
  assertFen("incomeFen", a.incomeFen);
  const month = taxMonthOf(a.at);
  const exclude = a.excludeWithdrawalId ?? null;

  if (a.notWithheldReason) {
    return { method: "not_withheld", taxFen: 0, note: a.notWithheldReason, month, detail: { incomeFen: a.incomeFen, reason: a.notWithheldReason } };
  }
  if ((await incomeTypeOf(tx, a.distributorId)) === "individual_business") {
    const note = NOT_WITHHELD.individualBusiness;
    return { method: "not_withheld", taxFen: 0, note, month, detail: { incomeFen: a.incomeFen, reason: note } };
  }

  const method = await brandTaxMethod(tx);
  if (method === "labour") {
    const [prior] = rowsOf<{ income: string | number; tax: string | number; n: string | number }>(
      await tx.execute(sql`
        select coalesce(sum(amount_fen), 0) as income, coalesce(sum(tax_fen), 0) as tax, count(*) as n
        from withdrawals
        where distributor_id = ${a.distributorId} and tax_month = ${month} and tax_method = 'labour'
          and status not in ${RETURNED} and (${exclude}::uuid is null or id <> ${exclude}::uuid)`),
    );
    const w = labourWithholding({ incomeFen: a.incomeFen, priorIncomeFen: Number(prior!.income), priorTaxFen: Number(prior!.tax) });
    return {
      method,
      taxFen: w.taxFen,
      note: null,
      month,
      detail: {
        incomeFen: a.incomeFen,
        priorPayouts: Number(prior!.n),
        priorIncomeFen: Number(prior!.income),
        priorTaxFen: Number(prior!.tax),
        monthIncomeFen: w.monthIncomeFen,
        taxableFen: w.trace.taxableFen,
        ratePct: w.trace.ratePct,
        quickDeductionFen: w.trace.quickDeductionFen,
        monthTaxFen: w.monthTaxFen,
      },
    };
  }

  const { year, month: m } = parseTaxMonth(month);
  const rows = rowsOf<{ tax_month: string; income: string | number; tax: string | number }>(
    await tx.execute(sql`
      select tax_month, sum(amount_fen) as income, sum(tax_fen) as tax
      from withdrawals
      where distributor_id = ${a.distributorId} and tax_method = 'cumulative'
        and tax_month >= ${`${year}-01`} and tax_month <= ${month}
        and status not in ${RETURNED} and (${exclude}::uuid is null or id <> ${exclude}::uuid)
      group by tax_month`),
  );
  const months = continuousMonths(
    rows.map((r) => parseTaxMonth(r.tax_month).month),
    m,
  );
  const priorIncomeFen = rows.reduce((s, r) => s + Number(r.income), 0);
  const priorTaxFen = rows.reduce((s, r) => s + Number(r.tax), 0);
  const c = cumulativeWithholding({ priorIncomeFen, priorTaxFen, incomeFen: a.incomeFen, months });
  return {
    method,
    taxFen: c.taxFen,
    note: null,
    month,
    detail: {
      incomeFen: a.incomeFen,
      priorIncomeFen,
      priorTaxFen,
      earnedMonths: rows.map((r) => r.tax_month).sort(),
      months: c.months,
      cumulativeIncomeFen: c.cumulativeIncomeFen,
      deductionFen: c.deductionFen,
      taxableFen: c.taxableFen,
      ratePct: c.ratePct,
      quickDeductionFen: c.quickDeductionFen,
      cumulativeTaxFen: c.cumulativeTaxFen,
    },
  };
}

/**
 * The tax record of a paid withdrawal (append-only; one per withdrawal — recording the same
 * withdrawal again is a no-op, so a retried "paid" cannot write two).
 */
export async function recordWithholding(
  tx: Tx,
  w: {
    withdrawalId: string;
    distributorId: string;
    month: string;
    method: TaxMethod;
    incomeFen: number;
    taxFen: number;
    note: string | null;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  assertFen("incomeFen", w.incomeFen);
  assertFen("taxFen", w.taxFen);
  parseTaxMonth(w.month);
  await tx.execute(sql`
    insert into tax_withholdings (tenant_id, id, distributor_id, withdrawal_id, month, method, income_fen, tax_fen, note, detail)
    values (current_setting('app.tenant_id')::uuid, ${uuidv7()}, ${w.distributorId}, ${w.withdrawalId}, ${w.month},
      ${w.method}::tax_method, ${w.incomeFen}, ${w.taxFen}, ${w.note}, ${JSON.stringify(w.detail)}::jsonb)
    on conflict (tenant_id, withdrawal_id) do nothing`);
}
