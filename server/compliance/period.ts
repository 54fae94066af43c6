/**
 * The period a compliance report covers: a calendar month or a custom range of days, both on
 * the Asia/Shanghai wall clock, as the instants [start, end) every query filters on. Pure.
 */
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { taxMonthBounds } from "@/server/payouts/tax/month";

const ZONE = "Asia/Shanghai";
const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A longer range is a different kind of report (and a bigger scan): refuse it. */
export const MAX_RANGE_DAYS = 366;

export const periodInputSchema = z.union([
  z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "period.month") }),
  z.object({ from: z.string().regex(DAY, "period.day"), to: z.string().regex(DAY, "period.day") }),
]);
export type PeriodInput = z.infer<typeof periodInputSchema>;

export interface Period {
  /** "2025-03", or "2025-03-01..2025-03-15" (both days included). */
  label: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

function dayStart(s: string): Date {
  const m = DAY.exec(s);
  if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${s}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const local = new TZDate(y, mo - 1, d, 0, 0, 0, ZONE);
  // 2025-02-30 would roll over into March: refuse days that do not exist.
  if (local.getDate() !== d || local.getMonth() !== mo - 1) throw new RangeError(`no such day: ${s}`);
  return new Date(local.getTime());
}

/** The period of a parsed input; RangeError for a day that does not exist, a reversed or too long range. */
export function resolvePeriod(input: PeriodInput): Period {
  if ("month" in input) {
    const { start, end } = taxMonthBounds(input.month);
    return { label: input.month, start, end };
  }
  const start = dayStart(input.from);
  const end = new Date(dayStart(input.to).getTime() + 86_400_000);
  if (end <= start) throw new RangeError("the range ends before it starts");
  if ((end.getTime() - start.getTime()) / 86_400_000 > MAX_RANGE_DAYS) throw new RangeError(`a range is at most ${MAX_RANGE_DAYS} days`);
  return { label: `${input.from}..${input.to}`, start, end };
}

/** The period from a query string (?month=… or ?from=…&to=…), or null when it is not one. */
export function periodFromQuery(query: URLSearchParams): Period | null {
  const month = query.get("month");
  const parsed = periodInputSchema.safeParse(month ? { month } : { from: query.get("from") ?? "", to: query.get("to") ?? "" });
  if (!parsed.success) return null;
  try {
    return resolvePeriod(parsed.data);
  } catch {
    return null;
  }
}
