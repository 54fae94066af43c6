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
