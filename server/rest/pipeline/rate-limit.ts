/**
 * Per-key rate limit: a token bucket in process memory. Not a Postgres counter: a shared
 * counter row per key would be one hot row that every request of that key serialises on (and a
 * write per request), which is exactly the load the limit is there to shed. The price is that
 * the limit is per process: with WEB_CONCURRENCY workers or several replicas a key may reach
 * that many times the rate (README, "Public API").
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "@/server/errors";
import type { RestEnv } from "../context";

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_BUCKETS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`: null when allowed, else the seconds until one is available. */
  take(key: string): number | null {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(now);
      this.buckets.set(key, b);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }

  /** Drops buckets that have refilled: forgetting a full bucket changes nothing. */
  private prune(now: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(k);
    }
  }
}

export const rateLimit: MiddlewareHandler<RestEnv> = async (c, next) => {
  const wait = c.var.deps.rate.take(c.var.caller.apiKeyId);
  if (wait !== null) {
    throw new AppError("TOO_MANY_REQUESTS", "Too many requests for this API key; retry after the time in Retry-After.", {
      retryAfterSeconds: wait,
    });
  }
  await next();
};
