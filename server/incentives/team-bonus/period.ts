/**
 * Months as the brand counts them: Asia/Shanghai (UTC+8 all year, no daylight saving), written
 * YYYY-MM. Pure.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

/** The instants a month starts (inclusive) and ends (exclusive). */
export function monthBounds(month: string): { start: Date; end: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  return { start: new Date(Date.UTC(y, mo, 1) - SHANGHAI_OFFSET_MS), end: new Date(Date.UTC(y, mo + 1, 1) - SHANGHAI_OFFSET_MS) };
}

/** The Shanghai month an instant falls in. */
export function monthOf(d: Date): string {
  const s = new Date(d.getTime() + SHANGHAI_OFFSET_MS);
  return `${s.getUTCFullYear()}-${String(s.getUTCMonth() + 1).padStart(2, "0")}`;
}

export function addMonths(month: string, n: number): string {
  const { start } = monthBounds(month);
  const s = new Date(start.getTime() + SHANGHAI_OFFSET_MS);
  return monthOf(new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + n, 1) - SHANGHAI_OFFSET_MS));
}

/** The last month that has fully ended at `now`. */
export function lastEndedMonth(now: Date): string {
  return addMonths(monthOf(now), -1);
}
