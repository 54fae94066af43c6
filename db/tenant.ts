/**
 * Every application transaction runs as the non-owner role `fenxiao_app` (so RLS applies even
 * when the connection itself is a superuser, as PGlite's always is) with `app.tenant_id` set
 * transaction-locally (safe under transaction-pooling proxies).
 */
import { sql } from "drizzle-orm";
import { runAfterCommit } from "./after-commit";
import { isServerDatabase, type Db, type Tx } from "./client";
import { isUuid } from "./ids";

export const APP_ROLE = "fenxiao_app";

/**
 * Bounds on every app transaction, so one slow statement or one transaction left open (a
 * client that stalls mid-request) cannot hold a pooled connection and starve every brand.
 */
export interface TransactionLimits {
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_TRANSACTION_LIMITS: TransactionLimits = {
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 15_000,
};

let limits: TransactionLimits = DEFAULT_TRANSACTION_LIMITS;

/** Set once at start from the validated environment (server/db.ts, the CLI). */
export function configureTransactionLimits(next: TransactionLimits) {
  for (const v of Object.values(next)) {
    if (!Number.isInteger(v) || v < 1) throw new Error("transaction limits must be positive integers (ms)");
  }
  limits = { ...next };
}

export function transactionLimits(): TransactionLimits {
  return limits;
}

/**
 * The settings every app transaction starts with, in one round trip. `SET LOCAL ROLE` means
 * the role's own defaults (ALTER ROLE … SET) do not apply here, so a server gets the timeouts
 * transaction-locally too. PGlite gets none: it is one in-process connection that a pool
 * cannot be starved of, it does not enforce statement_timeout, and its idle timer, when it
 * fires, spins the embedded backend and blocks the process.
 */
function enterAppRole(db: Db, tx: Tx, tenantId: string | null) {
  const tenant = tenantId === null ? sql`` : sql`, set_config('app.tenant_id', ${tenantId}, true)`;
  const timeouts = isServerDatabase(db)
    ? sql`, set_config('statement_timeout', ${`${limits.statementTimeoutMs}ms`}, true),
        set_config('idle_in_transaction_session_timeout', ${`${limits.idleInTransactionTimeoutMs}ms`}, true)`
    : sql``;
  // `.then` now, synchronously: the statement goes out before anything `fn` sends (an `await`
  // would send it a microtask later), so the two share a round trip and `fn`'s statements still
  // run after it, in order, on the transaction's connection.
  return tx.execute(sql`select set_config('role', ${APP_ROLE}, true)${tenant}${timeouts}`).then(() => undefined);
}

/** Runs `fn` right behind the role switch, without waiting for the switch's answer first. */
async function asAppRole<T>(db: Db, tx: Tx, tenantId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const entered = enterAppRole(db, tx, tenantId);
  const [, out] = await Promise.all([entered, fn(tx)]);
  return out;
}

/** Run `fn` in a transaction scoped to one brand. Tenant tables outside it read empty. */
export async function withTenant<T>(db: Db, tenantId: string, fn: (tx: Tx) => Promise<T>) {
  if (!isUuid(tenantId)) throw new Error("withTenant: tenantId must be a uuid");
  let handle: Tx | undefined;
  const out = await db.transaction(async (tx) => {
    handle = tx;
    return asAppRole(db, tx, tenantId, fn);
  });
  await runAfterCommit(db, handle);
  return out;
}

/**
 * Run `fn` as the app role with no tenant: platform tables (users, sessions, tenants) and the
 * named platform functions only. Tenant tables read empty here and inserts into them fail.
 */
export async function withPlatform<T>(db: Db, fn: (tx: Tx) => Promise<T>) {
  let handle: Tx | undefined;
  const out = await db.transaction(async (tx) => {
    handle = tx;
    return asAppRole(db, tx, null, fn);
  });
  await runAfterCommit(db, handle);
  return out;
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
