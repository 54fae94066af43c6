/**
 * The database handle: embedded PGlite when DATABASE_URL is unset, postgres-js otherwise.
 * Both are driven through the same Drizzle API and schema; tenancy lives in db/tenant.ts.
 */
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import fs from "node:fs";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  /** Pool size for postgres-js. */
  max?: number;
}

// Handles on a real server. PGlite must never be given idle_in_transaction_session_timeout:
// when it fires there, the embedded backend spins and blocks the whole Node process.
const serverHandles = new WeakSet<Db>();

/** True for a postgres-js handle (timeouts are enforced), false for embedded PGlite. */
export function isServerDatabase(db: Db): boolean {
  return serverHandles.has(db);
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Db;
    serverHandles.add(db);
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = opts.dataDir ?? ".data/pglite";
  if (!dataDir.startsWith("memory://")) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  return {
    db: drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db,
    kind: "pglite",
    close: () => client.close(),
  };
}
