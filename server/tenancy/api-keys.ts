/**
 * API keys for the public REST API. Format `fx_<prefix>_<secret>`: the prefix is public and
 * indexed for lookup, only SHA-256 of the whole key is stored, and the key is shown once.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { currentTenantId, rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { randomCode, randomToken, sha256, timingSafeEqualStr } from "@/server/shared/crypto";
import { audit, type Actor } from "./audit";
import { apiKeyNameSchema } from "./schemas";

const KEY_PATTERN = /^fx_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function parseApiKey(raw: string) {
  const m = KEY_PATTERN.exec(raw.trim());
  return m ? { prefix: m[1]!, key: m[0] } : null;
}

export async function createApiKey(tx: Tx, actor: Actor, raw: { name: string }) {
  const { name } = apiKeyNameSchema.parse(raw);
  const prefix = randomCode(12, "abcdefghijkmnpqrstuvwxyz23456789");
  const key = `fx_${prefix}_${randomToken(32)}`;
  const [row] = await tx
    .insert(apiKeys)
    .values({
      tenantId: await currentTenantId(tx),
      name,
      prefix,
      keyHash: sha256(key),
      createdBy: actor.type === "staff" ? actor.id : null,
    })
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
  await audit(tx, actor, {
    action: "apikey.created",
    targetType: "api_key",
    targetId: row!.id,
    data: { name, prefix },
  });
  return { ...row!, key };
}

export async function listApiKeys(tx: Tx) {
  return tx
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdAt: apiKeys.createdAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
  if (!row) throw new AppError("NOT_FOUND", "API key not found or already revoked.");
  await audit(tx, actor, {
    action: "apikey.revoked",
    targetType: "api_key",
    targetId: id,
    data: { name: row.name },
  });
}

/**
 * Resolves a presented key to its brand, or throws UNAUTHORIZED. Crosses tenants only through
 * the platform function fx_api_keys_by_prefix. Writes nothing: the REST app caches the answer
 * and records use through touchApiKey, so a hot key costs neither a query nor a write per call.
 */
export async function lookupApiKey(db: Db, raw: string | null | undefined) {
  const unauthorized = new AppError("UNAUTHORIZED", "Missing or invalid API key.");
  const parsed = raw ? parseApiKey(raw) : null;
  if (!parsed) throw unauthorized;
  const candidates = await withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string; id: string; key_hash: string; revoked_at: unknown }>(
      await tx.execute(sql`select * from fx_api_keys_by_prefix(${parsed.prefix})`),
    ),
  );
  const hash = sha256(parsed.key);
  const match = candidates.find((c) => timingSafeEqualStr(c.key_hash, hash));
  if (!match || match.revoked_at) throw unauthorized;
  return { tenantId: match.tenant_id, apiKeyId: match.id };
}

/**
 * Records that a key was used. The row is written at most once a minute whatever the caller
 * does (the condition), since every request of a busy key would otherwise queue on it.
 */
export async function touchApiKey(db: Db, key: { tenantId: string; apiKeyId: string }) {
  await withTenant(db, key.tenantId, (tx) =>
    tx
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, key.apiKeyId),
          sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
        ),
      ),
  );
}

/** lookupApiKey and touchApiKey in one, for callers without a cache (the CLI's check). */
export async function authenticateApiKey(db: Db, raw: string | null | undefined) {
  const key = await lookupApiKey(db, raw);
  await touchApiKey(db, key);
  return key;
}
