/**
 * Export times are Asia/Shanghai wall-clock without an offset ("2025-11-11 00:03:12",
 * "2025/11/11 0:03"). They become instants written in ISO 8601 with the offset the zone had
 * then (+08:00 since 1991), which is what the public API takes.
 */
import { TZDate } from "@date-fns/tz";
import { cellText, isBlank, toHalfWidth, type RawCell } from "./cell-text";

export const BRAND_ZONE = "Asia/Shanghai";

export type TimeResult = { ok: true; iso: string } | { ok: false };

const WALL_CLOCK =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?秒?)?)?$/;

// Excel day 25569 is 1970-01-01; serials cover 1900 to 2199 here, which excludes order numbers.
const EXCEL_EPOCH_DAY = 25569;
const SERIAL_MIN = 1;
const SERIAL_MAX = 109574;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * The zone's offset for a wall-clock hour, from TZDate (which asks Intl — slow enough to
 * dominate a 100k-row import), cached per hour: offsets change on hour boundaries. `exact` is
 * false for an hour TZDate moves (a daylight-saving gap, last seen in 1991), which then takes
 * the slow path so the result stays TZDate's.
 */
const hourOffsets = new Map<string, { minutes: number; exact: boolean }>();

function hourOffset(y: number, mo: number, d: number, h: number) {
  const key = `${y}-${mo}-${d}-${h}`;
  let o = hourOffsets.get(key);
  if (!o) {
    const t = new TZDate(y, mo - 1, d, h, 0, 0, BRAND_ZONE);
    o = { minutes: -t.getTimezoneOffset(), exact: t.getHours() === h && t.getDate() === d };
    if (hourOffsets.size > 50_000) hourOffsets.clear();
    hourOffsets.set(key, o);
  }
  return o;
}

/** Wall-clock parts in the brand's zone → ISO with offset, or null when a part is out of range. */
export function shanghaiIso(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59)
    return null;
  // TZDate would roll "2025-02-30" over into March; the range check above refuses it instead.
  const o = hourOffset(y, mo, d, h);
  if (!o.exact)
    return new TZDate(y, mo - 1, d, h, mi, s, BRAND_ZONE).toISOString().replace(".000", "");
  const sign = o.minutes < 0 ? "-" : "+";
  const abs = Math.abs(o.minutes);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Text such as "2025-11-11 00:03:12", "2025/11/11 0:03", "2025年11月11日" → instant. */
export function parseWallClock(text: string): TimeResult {
  const m = WALL_CLOCK.exec(toHalfWidth(text).trim().replace(/\s+/g, " "));
  if (!m) return { ok: false };
  const n = (i: number) => Number(m[i] ?? 0);
  const iso = shanghaiIso(n(1), n(2), n(3), n(4), n(5), n(6));
  return iso ? { ok: true, iso } : { ok: false };
}

/**
 * A time cell, or null when blank. XLSX date cells reach us as a Date whose UTC fields are the
 * wall clock Excel showed (an Excel serial has no zone; exceljs converts it as if UTC), so
 * those fields are read as Shanghai time. A bare number in a time column is such a serial
 * without a date format.
 */
export function cellTime(cell: RawCell): TimeResult | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false };
    const iso = shanghaiIso(
      cell.getUTCFullYear(),
      cell.getUTCMonth() + 1,
      cell.getUTCDate(),
      cell.getUTCHours(),
      cell.getUTCMinutes(),
      cell.getUTCSeconds(),
    );
    return iso ? { ok: true, iso } : { ok: false };
  }
  if (typeof cell === "number") {
    if (cell < SERIAL_MIN || cell > SERIAL_MAX) return { ok: false };
    // Round to the second: serials carry float noise in their fraction.
    return cellTime(new Date(Math.round((cell - EXCEL_EPOCH_DAY) * 86400) * 1000));
  }
  const text = cellText(cell);
  if (isBlank(text) || /^0{4}-0{2}-0{2}/.test(text)) return null;
  return parseWallClock(text);
}
