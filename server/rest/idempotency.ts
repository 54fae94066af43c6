/**
 * Idempotency-Key for POST / PUT / PATCH. Inside the request's tenant transaction:
 *
 * 1. `pg_try_advisory_xact_lock(tenant, key)`; not acquired → 409 "still being processed" (the
 *    same key is running right now; waiting would hold a connection for as long as it runs).
 * 2. A stored result for the key → replayed exactly (another request under the key → 409).
 * 3. Otherwise the handler runs in a savepoint. Its response is stored in the same transaction
 *    as its effects, so they commit together, once. A 409 / 422 AppError rolls back to the
 *    savepoint and that refusal is stored instead: the answer to a key never changes.
 *
 * Only executed results are stored (2xx, 409, 422): a validation 400, a 401, 413 or 429 never
 * reaches the transaction, and a 5xx rolls everything back, so the client may retry with the
 * same key. The lock is released at commit, after the stored row is visible, so the next
 * request with the key replays it. Results expire after 24 hours (purgeExpiredIdempotencyKeys).
 */
import { eq, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { currentTenantId, firstRow, withPlatform } from "@/db/tenant";
import { AppError, isAppError } from "@/server/errors";
import { sha256 } from "@/server/shared/crypto";
import { errorResponse } from "./problem";
import { compareText } from "@/server/shared/compare";

export const IDEMPOTENCY_TTL_HOURS = 24;
/** Stored results: what the request did (or the business rule that refused it). */
const STORED = (status: number) => (status >= 200 && status < 300) || status === 409 || status === 422;
/** Headers that are part of the answer (the rest, e.g. rate-limit state, belong to each call). */
const REPLAYED_HEADERS = ["content-type", "location"];

/** JSON with object keys sorted at every level: the same body hashes the same however sent. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface IdempotentRequest {
  key: string;
  /** "POST /api/v1/levels": the same key on another endpoint is another request. */
  endpoint: string;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
}

function replay(row: { status: number; responseBody: string; responseHeaders: Record<string, string> }) {
  return new Response(row.status === 204 ? null : row.responseBody, {
    status: row.status,
    headers: { ...row.responseHeaders, "idempotent-replayed": "true", "cache-control": "no-store" },
  });
}

/** Runs `execute` at most once per key in this brand; see the file comment. */
export async function idempotent(tx: Tx, req: IdempotentRequest, execute: (sp: Tx) => Promise<Response>): Promise<Response> {
  const tenantId = await currentTenantId(tx);
  const locked = firstRow<{ ok: boolean }>(
    await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${`idempotency:${tenantId}:${req.key}`}, 0)) as ok`),
  );
  if (!locked?.ok) {
    throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry once it has finished.", {
      fields: { "Idempotency-Key": "in_progress" },
      retryAfterSeconds: 1,
    });
  }
  const hash = sha256(canonicalJson(req.body));
  const [prior] = await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, req.key));
  if (prior && prior.createdAt.getTime() > Date.now() - IDEMPOTENCY_TTL_HOURS * 3600_000) {
    if (prior.endpoint !== req.endpoint || prior.requestHash !== hash) {
      throw new AppError("CONFLICT", "This Idempotency-Key was already used for a different request; use a new key for a new request.", {
        fields: { "Idempotency-Key": "reused" },
      });
    }
    return replay(prior);
  }
  if (prior) await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.id, prior.id));

  let response: Response;
  try {
    // A savepoint: a refusal below undoes the handler's writes but keeps this transaction.
    response = await tx.transaction((sp) => execute(sp));
  } catch (e) {
    if (!isAppError(e) || (e.code !== "CONFLICT" && e.code !== "UNPROCESSABLE")) throw e;
    response = errorResponse(e);
  }
  if (!STORED(response.status)) return response;
  const body = response.status === 204 ? "" : await response.text();
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const v = response.headers.get(name);
    if (v !== null) headers[name] = v;
  }
  await tx.insert(idempotencyKeys).values({ tenantId, key: req.key, endpoint: req.endpoint, requestHash: hash, status: response.status, responseBody: body, responseHeaders: headers });
  return new Response(response.status === 204 ? null : body, { status: response.status, headers: response.headers });
}

/** Deletes this brand's results older than 24 hours; returns how many (for the sweeper). */
export async function purgeExpiredIdempotencyKeys(tx: Tx, now: Date = new Date()) {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000);
  const rows = await tx
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ id: idempotencyKeys.id });
  return rows.length;
}

/**
 * Every brand's expired results at once, for the sweep (which runs before any tenant is known):
 * through the platform function fx_purge_idempotency_keys, the only cross-tenant delete.
 */
export async function purgeAllIdempotencyKeys(db: Db, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000);
  const row = firstRow<{ n: number }>(
    await withPlatform(db, (tx) => tx.execute(sql`select fx_purge_idempotency_keys(${cutoff.toISOString()}::timestamptz) as n`)),
  );
  return Number(row?.n ?? 0);
}
