/**
 * Leaderboard and KPI periods on the brand's clock (Asia/Shanghai, a constant +08:00; weeks
 * start on Monday). Periods are named by their first local day, "YYYY-MM-DD", the way the
 * rollup stores them; months by "YYYY-MM". Pure.
 */
import { shanghaiWeekStart } from "@/server/shared/time";

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export type LeaderboardPeriod = "week" | "month";

/** The local calendar date of an instant that is a Shanghai midnight. */
function localDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Shanghai midnight of a local "YYYY-MM-DD", as an instant. */
export function localMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
}

/** The local month "YYYY-MM" an instant falls in. */
export function shanghaiMonth(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 7);
}

/** [start, end) of a local month "YYYY-MM", as instants. */
export function monthBounds(month: string): { start: Date; end: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1, 1) - OFFSET_MS);
  const end = new Date(Date.UTC(y, m, 1) - OFFSET_MS);
  return { start, end };
}

/** The period containing `now`: its first local day and its [start, end) instants. */
export function currentPeriod(period: LeaderboardPeriod, now: Date): { periodStart: string; start: Date; end: Date } {
  if (period === "week") {
    const start = shanghaiWeekStart(now);
    return { periodStart: localDate(start), start, end: new Date(start.getTime() + 7 * DAY_MS) };
  }
  const { start, end } = monthBounds(shanghaiMonth(now));
  return { periodStart: localDate(start), start, end };
}

/** The month before a "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

