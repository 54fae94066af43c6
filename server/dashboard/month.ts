/**
 * Brand months (Asia/Shanghai) as the dashboard names them: "2026-11". Pure: no database.
 * A brand month runs from its first day's 00:00 +08:00 to the next month's; an order paid at
 * 2026-10-31T16:30Z is 2026-11-01 00:30 in Shanghai, so it belongs to November.
 */
import { shanghaiIso } from "@/server/shared/time";

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The brand month an instant falls in. */
export function brandMonthOf(d: Date): string {
  return shanghaiIso(d).slice(0, 7);
}

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The month's first day and its last day, as ISO dates. */
export function monthDays(month: string): { first: string; last: string; days: number } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, "0")}`, days };
}

/** Every ISO date of the month, in order. */
export function daysOf(month: string): string[] {
  const { days } = monthDays(month);
  return Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}

/** Month-on-month change as a fraction (0.25 = +25%); null when last month was 0. */
export function change(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / previous;
}

/** The Monday (ISO date) of a date's week: weeks start on Monday in China. */
export function weekOf(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = new Date(t).getUTCDay();
  return new Date(t - ((weekday + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}
