/**
 * Hours of day in Asia/Shanghai, for the `hours` condition of a rule.
 *
 * China has kept UTC+8 all year since September 1991 (no daylight saving), so the local hour
 * is plain arithmetic on the instant. That matters on the ingest path, which asks for every
 * order line: an Intl / TZDate conversion costs microseconds, this costs nanoseconds.
 * shanghai.test.ts checks it against @date-fns/tz's Asia/Shanghai for instants since 1992.
 */

const HOUR_MS = 3_600_000;
const OFFSET_HOURS = 8;

/** The hour (0–23) on a Shanghai wall clock at the instant `ms` (epoch milliseconds). */
export function shanghaiHour(ms: number): number {
  const h = (Math.floor(ms / HOUR_MS) + OFFSET_HOURS) % 24;
  return h < 0 ? h + 24 : h;
}

/** Every hour of the day: a rule without an `hours` condition. */
export const ALL_HOURS = 0xff_ffff;

/**
 * The hours `[from, to)` as a 24-bit mask (bit h = hour h), wrapping past midnight when
 * from > to: {22, 2} is 22:00–01:59. from = to is an empty window (the schema refuses it).
 */
export function hourMask(hours: { from: number; to: number } | undefined): number {
  if (!hours) return ALL_HOURS;
  const { from, to } = hours;
  if (
    !Number.isInteger(from) ||
    !Number.isInteger(to) ||
    from < 0 ||
    from > 23 ||
    to < 1 ||
    to > 24
  ) {
    throw new RangeError(`hours must be {from: 0–23, to: 1–24}, got {${from}, ${to}}`);
  }
  let mask = 0;
  if (from < to) for (let h = from; h < to; h++) mask |= 1 << h;
  else if (from > to) {
    for (let h = from; h < 24; h++) mask |= 1 << h;
    for (let h = 0; h < to; h++) mask |= 1 << h;
  }
  return mask;
}
