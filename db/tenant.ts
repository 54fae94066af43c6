/**
 * Every application transaction runs as the non-owner role `fenxiao_app` (so RLS applies even
 * when the connection itself is a superuser, as PGlite's always is) with `app.tenant_id` set
 * transaction-locally (safe under transaction-pooling proxies).
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";
import { isUuid } from "./ids";

export const APP_ROLE = "fenxiao_app";

/** Run `fn` in a transaction scoped to one brand. Tenant tables outside it read empty. */
export async function withTenant<T>(db: Db, tenantId: string, fn: (tx: Tx) => Promise<T>) {
  if (!isUuid(tenantId)) throw new Error("withTenant: tenantId must be a uuid");
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true)`,
    );
    return fn(tx);
  });
}

/**
 * Run `fn` as the app role with no tenant: platform tables (users, sessions, tenants) and the
 * named platform functions only. Tenant tables read empty here and inserts into them fail.
 */
export async function withPlatform<T>(db: Db, fn: (tx: Tx) => Promise<T>) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', ${APP_ROLE}, true)`);
    return fn(tx);
  });
}

/** The tenant a transaction is scoped to, read back from the database (not from the caller). */
export async function currentTenantId(tx: Tx): Promise<string> {
  const rows = await tx.execute(
    sql`select nullif(current_setting('app.tenant_id', true), '') as id`,
  );
  const id = firstRow<{ id: string | null }>(rows)?.id;
  if (!id) throw new Error("no tenant in this transaction");
  return id;
}

/** postgres-js returns an array, PGlite a `{ rows }` object; read either. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []);
}

export function firstRow<T>(result: unknown): T | undefined {
  return rowsOf<T>(result)[0];
}

/**
 * Scope an already-open platform transaction to a tenant, e.g. right after signup created the
 * tenant row, so the brand and its owner are created atomically.
 */
export async function enterTenant(tx: Tx, tenantId: string) {
  if (!isUuid(tenantId)) throw new Error("enterTenant: tenantId must be a uuid");
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
}
