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
  const [row] = rowsOf<{ tax_method: TaxMethod }>(
    await tx.execute(sql`select tax_method from payout_settings limit 1`),
  );
  // not_withheld is a per-payout outcome, never a brand setting; read it as the default.
  return row?.tax_method === "cumulative" ? "cumulative" : "labour";
}

/** Per distributor, per tax month and method: the income and tax of payouts already fixed. */
interface PriorPayouts {
  distributorId: string;
  month: string;
  method: "labour" | "cumulative";
  incomeFen: number;
  taxFen: number;
  n: number;
}

/**
 * What fixing a tax reads from the database, for one or many distributors at once: the brand's
 * method, each distributor's income type and the year's payouts already fixed (up to `month`).
 * A bank batch fixes 10,000 payouts: it reads this once and fixes them one after another in
 * memory (taxFromContext + addToContext), which is what one computeTax after another would see.
 */
export interface TaxContext {
  month: string;
  method: "labour" | "cumulative";
  individualBusiness: Set<string>;
  /** By distributor id. */
  prior: Map<string, PriorPayouts[]>;
}

function addPrior(prior: Map<string, PriorPayouts[]>, p: PriorPayouts) {
  const list = prior.get(p.distributorId);
  if (list) list.push(p);
  else prior.set(p.distributorId, [p]);
}

/**
 * `known`: what the caller reads anyway in the same round trip (the brand's method from its
 * payout settings, the payee's income type), so a withdrawal request does not read them twice.
 * May be promises of reads already sent: this function's own read goes out at once beside them.
 */
export async function loadTaxContext(
  tx: Tx,
  distributorIds: string[],
  at: Date,
  excludeWithdrawalIds: string[] = [],
  known?: { method: TaxContext["method"] | Promise<TaxContext["method"]>; individualBusiness: Set<string> | Promise<Set<string>> },
): Promise<TaxContext> {
  const month = taxMonthOf(at);
  const { year } = parseTaxMonth(month);
  const ids = sql`${`{${distributorIds.join(",")}}`}::uuid[]`;
  const excluded = sql`${`{${excludeWithdrawalIds.join(",")}}`}::uuid[]`;
  const [method, business, prior] = await Promise.all([
    known ? known.method : brandTaxMethod(tx),
    known
      ? known.individualBusiness
      : tx
          .execute(sql`select distributor_id from distributor_identities where distributor_id = any(${ids}) and income_type = 'individual_business'`)
          .then((r) => new Set(rowsOf<{ distributor_id: string }>(r).map((x) => x.distributor_id))),
    tx.execute(sql`
      select distributor_id, tax_month, tax_method, sum(amount_fen) as income, sum(tax_fen) as tax, count(*) as n
      from withdrawals
      where distributor_id = any(${ids}) and tax_method in ('labour', 'cumulative')
        and tax_month >= ${`${year}-01`} and tax_month <= ${month}
        and status not in ${RETURNED} and not (id = any(${excluded}))
      group by distributor_id, tax_month, tax_method`),
  ]);
  const byDistributor = new Map<string, PriorPayouts[]>();
  for (const p of rowsOf<{
    distributor_id: string;
    tax_month: string;
    tax_method: "labour" | "cumulative";
    income: string | number;
    tax: string | number;
    n: string | number;
  }>(prior).map((r) => ({
    distributorId: r.distributor_id,
    month: r.tax_month,
    method: r.tax_method,
    incomeFen: Number(r.income),
    taxFen: Number(r.tax),
    n: Number(r.n),
  })))
    addPrior(byDistributor, p);
  return {
    month,
    method,
    individualBusiness: business,
    prior: byDistributor,
  };
}

/** A payout's tax is fixed: later payouts in the same context count it as earlier income. */
export function addToContext(
  ctx: TaxContext,
  distributorId: string,
  incomeFen: number,
  c: TaxComputation,
): void {
  if (c.method === "not_withheld") return;
  addPrior(ctx.prior, {
    distributorId,
    month: c.month,
    method: c.method,
    incomeFen,
    taxFen: c.taxFen,
    n: 1,
  });
}

export async function computeTax(
  tx: Tx,
  a: {
    distributorId: string;
    incomeFen: number;
    at: Date;
    excludeWithdrawalId?: string;
    notWithheldReason?: string | null;
  },
): Promise<TaxComputation> {
  assertFen("incomeFen", a.incomeFen);
  if (a.notWithheldReason) return taxFromContext(null, { ...a, month: taxMonthOf(a.at) });
  const ctx = await loadTaxContext(
    tx,
    [a.distributorId],
    a.at,
    a.excludeWithdrawalId ? [a.excludeWithdrawalId] : [],
  );
  return taxFromContext(ctx, { ...a, month: ctx.month });
}

/** The tax of one payout given what was fixed before it (pure). */
export function taxFromContext(
  ctx: TaxContext | null,
  a: { distributorId: string; incomeFen: number; month: string; notWithheldReason?: string | null },
): TaxComputation {
  assertFen("incomeFen", a.incomeFen);
  const month = a.month;
  if (a.notWithheldReason) {
    return {
      method: "not_withheld",
      taxFen: 0,
      note: a.notWithheldReason,
      month,
      detail: { incomeFen: a.incomeFen, reason: a.notWithheldReason },
    };
  }
  if (!ctx) throw new Error("taxFromContext: a withheld payout needs its context");
  if (ctx.individualBusiness.has(a.distributorId)) {
    const note = NOT_WITHHELD.individualBusiness;
    return {
      method: "not_withheld",
      taxFen: 0,
      note,
      month,
      detail: { incomeFen: a.incomeFen, reason: note },
    };
  }
  const own = (ctx.prior.get(a.distributorId) ?? []).filter((p) => p.method === ctx.method);

  if (ctx.method === "labour") {
    const same = own.filter((p) => p.month === month);
    const prior = {
      income: same.reduce((s, p) => s + p.incomeFen, 0),
      tax: same.reduce((s, p) => s + p.taxFen, 0),
      n: same.reduce((s, p) => s + p.n, 0),
    };
    const w = labourWithholding({
      incomeFen: a.incomeFen,
      priorIncomeFen: prior.income,
      priorTaxFen: prior.tax,
    });
    return {
      method: "labour",
      taxFen: w.taxFen,
      note: null,
      month,
      detail: {
        incomeFen: a.incomeFen,
        priorPayouts: prior.n,
        priorIncomeFen: prior.income,
        priorTaxFen: prior.tax,
        monthIncomeFen: w.monthIncomeFen,
        taxableFen: w.trace.taxableFen,
        ratePct: w.trace.ratePct,
        quickDeductionFen: w.trace.quickDeductionFen,
        monthTaxFen: w.monthTaxFen,
      },
    };
  }

  const { month: m } = parseTaxMonth(month);
  const earned = [...new Set(own.map((p) => p.month))].sort();
  const months = continuousMonths(
    earned.map((x) => parseTaxMonth(x).month),
    m,
  );
  const priorIncomeFen = own.reduce((s, p) => s + p.incomeFen, 0);
  const priorTaxFen = own.reduce((s, p) => s + p.taxFen, 0);
  const c = cumulativeWithholding({ priorIncomeFen, priorTaxFen, incomeFen: a.incomeFen, months });
  return {
    method: "cumulative",
    taxFen: c.taxFen,
    note: null,
    month,
    detail: {
      incomeFen: a.incomeFen,
      priorIncomeFen,
      priorTaxFen,
      earnedMonths: earned,
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
