/**
 * API-key authentication with a short in-process cache. A key lookup is a platform query; a
 * busy integration sends hundreds of requests a second with one key, so a successful lookup is
 * trusted for `keyCacheSeconds` (≤ 30 s: a revoked key stops working within that), and
 * last_used_at is written at most once a minute per key, never per request (it would be one
 * hot row that every request of the key queues on). Failures are not cached: a key created a
 * moment ago must work at once.
 */
import type { MiddlewareHandler } from "hono";
import type { Db } from "@/db/client";
import { AppError } from "@/server/errors";
import { sha256 } from "@/server/shared/crypto";
import { lookupApiKey, touchApiKey } from "@/server/tenancy/api-keys";
import type { ApiCaller, RestEnv } from "../context";

const TOUCH_EVERY_MS = 60_000;
/** Bounds memory if many distinct keys are presented; the oldest entry goes first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  caller: ApiCaller;
  expiresAt: number;
}

export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The caller for a presented key: from the cache, else looked up (UNAUTHORIZED if invalid). */
  async authenticate(db: Db, presented: string | null): Promise<ApiCaller> {
    if (!presented) throw new AppError("UNAUTHORIZED", "Missing API key: send Authorization: Bearer fx_….");
    // Keyed by the hash, so the cache holds no usable secret.
    const id = sha256(presented);
    const now = this.now();
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > now) return hit.caller;
    this.entries.delete(id);
    const caller = await lookupApiKey(db, presented);
    if (this.ttlMs > 0) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(id, { caller, expiresAt: now + this.ttlMs });
    }
    if (now - (this.touchedAt.get(caller.apiKeyId) ?? -Infinity) >= TOUCH_EVERY_MS) {
      this.touchedAt.set(caller.apiKeyId, now);
      if (this.touchedAt.size > MAX_ENTRIES) this.touchedAt.delete(this.touchedAt.keys().next().value!);
      await touchApiKey(db, caller);
    }
    return caller;
  }
}

/** `Authorization: Bearer <key>` → the key, or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1]! : null;
}

export const authenticate: MiddlewareHandler<RestEnv> = async (c, next) => {
  const { deps } = c.var;
  const database = await deps.database();
  c.set("caller", await deps.keys.authenticate(database.db, bearerToken(c.req.header("authorization"))));
  await next();
};
