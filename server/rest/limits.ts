/**
 * The public API's per-process limits. Defaults come from the environment (server/env.ts,
 * README "Configuration"); tests pass their own.
 */
import { env } from "@/server/env";

export interface RestLimits {
  /** Largest request body in bytes (per route override: see restRoute's `bodyLimit`). */
  maxBodyBytes: number;
  /** A body that has not fully arrived this long after the request started reading → 408. */
  bodyTimeoutMs: number;
  /** Token bucket per API key: sustained requests per second, and the burst it allows. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Requests of one key being processed at once; more → 429. */
  maxInFlightPerKey: number;
  /** How long a successful key lookup is trusted (a revoked key stops working within this). */
  keyCacheSeconds: number;
}

/** POST /api/v1/orders/batch takes up to 1,000 orders (DESIGN.md: 4 MiB). */
export const BATCH_BODY_LIMIT = 4 * 1024 * 1024;

export function limitsFromEnv(): RestLimits {
  return {
    maxBodyBytes: env.API_MAX_BODY_BYTES,
    bodyTimeoutMs: env.API_BODY_TIMEOUT_MS,
    rateLimitPerSecond: env.API_RATE_LIMIT_PER_SECOND,
    rateLimitBurst: env.API_RATE_LIMIT_BURST,
    maxInFlightPerKey: env.API_MAX_IN_FLIGHT_PER_KEY,
    keyCacheSeconds: env.API_KEY_CACHE_SECONDS,
  };
}
