/**
 * The monthly tax report for filing (issue 9 item 5) and the distributor's annual statement.
 *
 * Read from `tax_withholdings` — one row per paid withdrawal (requests and payouts made
 * outside alike), written in the payout's transaction — grouped per distributor. Set-based and
 * keyset-paged on distributor id over the (tenant, month, distributor) index, so a page or an
 * export chunk of 1,000 distributors is one index range, whatever the brand's size; the export
 * streams chunk by chunk (server/export). The ID number is the mask stored with the identity
 * (made by the kyc slice's maskIdNumber when it was submitted): nothing is decrypted here, and
 * the clear number never leaves the database.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import type { Cursor } from "@/server/orders/console-query";
import { decryptPii, maskIdNumber } from "../crypto/pii";
import { isTaxMonth } from "./month";

export const taxMonthSchema = z.string().refine(isTaxMonth, { message: "month must be YYYY-MM" });
export const taxReportFilterSchema = z.object({ month: taxMonthSchema });
export type TaxReportFilter = z.infer<typeof taxReportFilterSchema>;

export interface TaxReportRow {
  distributorId: string;
  code: string;
  /** The real name from the identity when verified details exist, else the distributor's name. */
  name: string;
  idNumberMasked: string | null;
  incomeFen: number;
  taxFen: number;
  /** Each method used this month (several when, e.g., one payout was withheld by a platform). */
  methods: string[];
  /** Why not withheld, when it was not (note codes, tax.note.*). */
  notes: string[];
  payouts: number;
}

type Raw = {
  distributor_id: string;
  code: string;
  name: string;
  real_name: string | null;
  id_number_masked: string | null;
  id_number_enc: string | null;
  income: string | number;
  tax: string | number;
  methods: string;
  notes: string | null;
  n: string | number;
};

/**
 * The stored mask (written with the identity by maskIdNumber); only an identity saved without
 * one is decrypted and masked here (maskIdNumber, the kyc slice's contract), so the 120,000-row
 * export decrypts nothing in the normal case. A value that does not decrypt shows as unknown,
 * never in clear.
 */
function maskedId(r: Pick<Raw, "id_number_masked" | "id_number_enc">): string | null {
  if (r.id_number_masked) return r.id_number_masked;
  if (!r.id_number_enc) return null;
  try {
    return maskIdNumber(decryptPii(r.id_number_enc));
  } catch {
    return "****";
  }
}

const toRow = (r: Raw): TaxReportRow => ({
  distributorId: r.distributor_id,
  code: r.code,
  name: r.real_name || r.name,
  idNumberMasked: maskedId(r),
  incomeFen: Number(r.income),
  taxFen: Number(r.tax),
  methods: r.methods ? r.methods.split(",") : [],
  notes: r.notes ? r.notes.split(",") : [],
  payouts: Number(r.n),
});

/**
 * One keyset page of the month's report, by distributor id. Walks the distributors' primary
 * key in order and, per distributor, probes the (tenant, month, distributor) index — so a page
 * costs its own rows however far into the month the cursor is (a GROUP BY over "the rest of the
 * month" would cost the whole remainder per page, quadratic over an export).
 */
export async function taxReportChunk(tx: Tx, f: TaxReportFilter, cursor: Cursor | null, limit: number) {
  const after = cursor ? sql`and d.id > ${cursor.id}::uuid` : sql``;
  const rows = rowsOf<Raw>(
    await tx.execute(sql`
      select d.id as distributor_id, d.code, d.name, m.income, m.tax, m.methods, m.notes, m.n, i.real_name, i.id_number_masked, i.id_number_enc
      from distributors d
      cross join lateral (
        select sum(w.income_fen) as income, sum(w.tax_fen) as tax, string_agg(distinct w.method::text, ',') as methods,
          string_agg(distinct w.note, ',') as notes, count(*) as n
        from tax_withholdings w
        where w.tenant_id = d.tenant_id and w.month = ${f.month} and w.distributor_id = d.id
      ) m
      left join distributor_identities i on i.tenant_id = d.tenant_id and i.distributor_id = d.id
      where m.n > 0 ${after}
      order by d.id
      limit ${limit}`),
  );
  const out = rows.map(toRow);
  const last = out.at(-1);
  return { rows: out, next: out.length === limit && last ? { key: last.distributorId, id: last.distributorId } : null };
}

export interface TaxReportSummary {
  month: string;
  distributors: number;
  payouts: number;
  incomeFen: number;
  taxFen: number;
  /** Per method: income and tax (not_withheld shows the income the brand did not withhold on). */
  byMethod: { method: string; distributors: number; incomeFen: number; taxFen: number }[];
}

export async function taxReportSummary(tx: Tx, month: string): Promise<TaxReportSummary> {
  const [all] = rowsOf<{ d: string | number; n: string | number; income: string | number; tax: string | number }>(
    await tx.execute(sql`select count(distinct distributor_id) as d, count(*) as n, coalesce(sum(income_fen), 0) as income, coalesce(sum(tax_fen), 0) as tax
      from tax_withholdings where month = ${month}`),
  );
  const by = rowsOf<{ method: string; d: string | number; income: string | number; tax: string | number }>(
    await tx.execute(sql`select method::text as method, count(distinct distributor_id) as d, sum(income_fen) as income, sum(tax_fen) as tax
      from tax_withholdings where month = ${month} group by method order by method`),
  );
  return {
    month,
    distributors: Number(all!.d),
    payouts: Number(all!.n),
    incomeFen: Number(all!.income),
    taxFen: Number(all!.tax),
    byMethod: by.map((r) => ({ method: r.method, distributors: Number(r.d), incomeFen: Number(r.income), taxFen: Number(r.tax) })),
  };
}

export interface AnnualMonth {
  month: string;
  incomeFen: number;
  taxFen: number;
  netFen: number;
  payouts: number;
  methods: string[];
  notes: string[];
}

export interface AnnualStatement {
  year: number;
  months: AnnualMonth[];
  incomeFen: number;
  taxFen: number;
  /** Years with any record, newest first (the year picker). */
  years: number[];
}

/** A distributor's income and tax by month for one year (portal /d/[brandSlug]/tax). */
export async function annualStatement(tx: Tx, distributorId: string, year: number): Promise<AnnualStatement> {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError("year out of range");
  const rows = rowsOf<{ month: string; income: string | number; tax: string | number; n: string | number; methods: string; notes: string | null }>(
    await tx.execute(sql`
      select month, sum(income_fen) as income, sum(tax_fen) as tax, count(*) as n,
        string_agg(distinct method::text, ',') as methods, string_agg(distinct note, ',') as notes
      from tax_withholdings
      where distributor_id = ${distributorId} and month >= ${`${year}-01`} and month <= ${`${year}-12`}
      group by month order by month`),
  );
  const years = rowsOf<{ y: string }>(
    await tx.execute(sql`select distinct substr(month, 1, 4) as y from tax_withholdings where distributor_id = ${distributorId} order by y desc`),
  ).map((r) => Number(r.y));
  const months = rows.map((r) => ({
    month: r.month,
    incomeFen: Number(r.income),
    taxFen: Number(r.tax),
    netFen: Number(r.income) - Number(r.tax),
    payouts: Number(r.n),
    methods: r.methods ? r.methods.split(",") : [],
    notes: r.notes ? r.notes.split(",") : [],
  }));
  return {
    year,
    months,
    incomeFen: months.reduce((s, m) => s + m.incomeFen, 0),
    taxFen: months.reduce((s, m) => s + m.taxFen, 0),
    years,
  };
}
