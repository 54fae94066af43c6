/**
 * Brand time. Brands' clocks are Asia/Shanghai, which has had no daylight saving since 1991,
 * so the offset is a constant +08:00 and no time-zone database is needed to show it.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** ISO 8601 with the +08:00 offset: "2026-11-11T00:03:12.000+08:00". */
export function shanghaiIso(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace("Z", "+08:00");
}

export function shanghaiIsoOrNull(d: Date | null | undefined): string | null {
  return d ? shanghaiIso(d) : null;
}

const DAY_MS = 86_400_000;

/** Midnight of `d`'s day on the brand's clock, as an instant. */
export function shanghaiDayStart(d: Date): Date {
  const local = d.getTime() + SHANGHAI_OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS);
}

/** Monday midnight of `d`'s week on the brand's clock (weeks start on Monday in China). */
export function shanghaiWeekStart(d: Date): Date {
  const day = shanghaiDayStart(d);
  const weekday = new Date(day.getTime() + SHANGHAI_OFFSET_MS).getUTCDay(); // 0 = Sunday
  return new Date(day.getTime() - ((weekday + 6) % 7) * DAY_MS);
}
