/**
 * Tax months are calendar months on the Asia/Shanghai wall clock ("YYYY-MM"): a payout at
 * 2027-01-31 23:30 in Shanghai (15:30 UTC) is January's, one at 2027-02-01 00:30 (16:30 UTC on
 * 31 January) is February's. Pure.
 */
import { TZDate } from "@date-fns/tz";

export const TAX_ZONE = "Asia/Shanghai";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The Asia/Shanghai calendar month of an instant, "YYYY-MM". */
export function taxMonthOf(at: Date): string {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError("taxMonthOf: not a valid date");
  const local = new TZDate(at.getTime(), TAX_ZONE);
  return `${String(local.getFullYear()).padStart(4, "0")}-${String(local.getMonth() + 1).padStart(2, "0")}`;
}

export function isTaxMonth(s: string): boolean {
  return MONTH.test(s);
}

export function parseTaxMonth(s: string): { year: number; month: number } {
  const m = MONTH.exec(s);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${s}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** The instants [start, end) of a Shanghai month, for queries on timestamps. */
export function taxMonthBounds(s: string): { start: Date; end: Date } {
  const { year, month } = parseTaxMonth(s);
  const start = new TZDate(year, month - 1, 1, 0, 0, 0, TAX_ZONE);
  const end = new TZDate(year, month, 1, 0, 0, 0, TAX_ZONE);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}
