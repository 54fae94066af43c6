/**
 * When the embedded sweeper runs the nightly detection: once per Asia/Shanghai day, at the
 * first sweep from 02:00 (the hour the Inngest cron uses). Pure.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const DETECTION_HOUR = 2;

/** The Shanghai day ("YYYY-MM-DD") to run for now, or null if it already ran or it is too early. */
export function detectionDue(now: Date, lastRunDay: string | null): string | null {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const day = local.toISOString().slice(0, 10);
  if (local.getUTCHours() < DETECTION_HOUR || day === lastRunDay) return null;
  return day;
}
