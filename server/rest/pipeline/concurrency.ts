/**
 * Per-key limit on requests in flight, so one integration cannot take every database
 * connection of the process (the pool is shared by all brands). In process memory, like the
 * rate limit, and for the same reason.
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "@/server/errors";
import type { RestEnv } from "../context";

export class InFlightLimiter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function, or null when `key` already has `max` requests in flight. */
  acquire(key: string): (() => void) | null {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return null;
    this.counts.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  inFlight(key: string) {
    return this.counts.get(key) ?? 0;
  }
}

export const limitConcurrency: MiddlewareHandler<RestEnv> = async (c, next) => {
  const release = c.var.deps.inFlight.acquire(c.var.caller.apiKeyId);
  if (!release) {
    throw new AppError("TOO_MANY_REQUESTS", "Too many requests in flight for this API key; wait for some to finish.", {
      retryAfterSeconds: 1,
    });
  }
  try {
    await next();
  } finally {
    release();
  }
};
