/**
 * Fixed-window throttling kept in Postgres (platform table rate_limits) so every app replica
 * shares the counters. One statement: increment-or-reset, then compare.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { firstRow } from "@/db/tenant";
import { AppError } from "@/server/errors";

export interface RateLimitRule {
  /** Max hits allowed inside one window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

export async function hitRateLimit(
  tx: Tx,
  key: string,
  rule: RateLimitRule,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  // ISO strings with casts: postgres-js does not serialise Date in raw SQL parameters.
  const at = sql`${now.toISOString()}::timestamptz`;
  const cutoff = sql`${new Date(now.getTime() - rule.windowSeconds * 1000).toISOString()}::timestamptz`;
  const row = firstRow<{ count: number; window_start: string | Date }>(
    await tx.execute(sql`
      insert into rate_limits (key, window_start, count) values (${key}, ${at}, 1)
      on conflict (key) do update set
        count = case when rate_limits.window_start <= ${cutoff} then 1
                     else rate_limits.count + 1 end,
        window_start = case when rate_limits.window_start <= ${cutoff} then ${at}
                            else rate_limits.window_start end
      returning count, window_start`),
  );
  const count = Number(row?.count ?? 1);
  const started = new Date(row?.window_start ?? now).getTime();
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((started + rule.windowSeconds * 1000 - now.getTime()) / 1000),
  );
  return { allowed: count <= rule.limit, count, retryAfterSeconds };
}

/** The current count for `key` without counting this call (0 once the window has passed). */
export async function peekRateLimit(
  tx: Tx,
  key: string,
  rule: RateLimitRule,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const cutoff = new Date(now.getTime() - rule.windowSeconds * 1000).toISOString();
  const row = firstRow<{ count: number; window_start: string | Date }>(
    await tx.execute(sql`select count, window_start from rate_limits
      where key = ${key} and window_start > ${cutoff}::timestamptz`),
  );
  const count = Number(row?.count ?? 0);
  const started = row ? new Date(row.window_start).getTime() : now.getTime();
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((started + rule.windowSeconds * 1000 - now.getTime()) / 1000),
  );
  return { allowed: count < rule.limit, count, retryAfterSeconds };
}

/** Throws TOO_MANY_REQUESTS when over the limit. */
export async function enforceRateLimit(
  tx: Tx,
  key: string,
  rule: RateLimitRule,
  message: string,
  now?: Date,
) {
  const r = await hitRateLimit(tx, key, rule, now);
  if (!r.allowed) {
    throw new AppError("TOO_MANY_REQUESTS", message, { retryAfterSeconds: r.retryAfterSeconds });
  }
  return r;
}

export async function clearRateLimit(tx: Tx, key: string) {
  await tx.execute(sql`delete from rate_limits where key = ${key}`);
}
