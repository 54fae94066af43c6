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
  /** PGlite only: the data directory as a tarball, for loadDataDir (the tests' migrated template). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  /** PGlite only: start from this dumped data directory (PGlite's dumpDataDir) instead of initdb. */
  loadDataDir?: Blob;
  /** Pool size for postgres-js. */
  max?: number;
  /**
   * Send statements with parameters as named prepared statements (default true). Turn off only
   * behind a connection pooler that cannot carry them (PgBouncer in transaction mode before
   * 1.21, or without max_prepared_statements).
   */
  prepare?: boolean;
}

/**
 * Statements with at most this many parameters are prepared. Longer ones are lists spelled out
 * as $1…$n (`inArray`), whose every length is another statement: left unprepared, they keep
 * each connection's cache of statements small. (Connections are also recycled after 30–60
 * minutes, postgres-js's max_lifetime, which drops their statements.)
 */
export const PREPARE_MAX_PARAMETERS = 100;

/**
 * A statement without parameters is prepared when it is one query or DML statement, which is
 * what the app sends many times (the brand's settings, rules and levels, read by row-level
 * security alone). Several statements in one string, and utility commands (VACUUM cannot run in
 * the extended protocol's implicit transaction), keep the simple protocol. Texts are the code's
 * own (no values are spliced into them), so the statements a connection keeps stay few.
 */
export function preparableWithoutParameters(query: string): boolean {
  return /^\s*(select|with|insert|update|delete)\b/i.test(query) && !query.replace(/;\s*$/, "").includes(";");
}

type Unsafe = postgres.Sql["unsafe"];
type UnsafeOptions = Parameters<Unsafe>[2];

/**
 * A postgres-js handle whose unnamed statements with parameters are prepared. Drizzle sends
 * every query through `unsafe(…, { prepare: false })` unless it was given a name, and
 * postgres-js sends an unprepared statement with parameters as Parse + Describe, then waits for
 * the parameter types before Bind + Execute: two round trips a statement, and nothing pipelined
 * behind it. So ingest's round of six pipelined reads was twelve round trips one after another,
 * and every statement was parsed and analysed (row-level security policies included) again. A
 * prepared statement is one Bind + Execute after its first use on a connection, pipelined: one
 * order in-process on a fresh 120k-distributor brand went from 38 to 13 ms. Transactions and
 * savepoints hand out their own handles; they are wrapped the same way.
 */
export function preparingStatements<T extends postgres.Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop === "unsafe") {
        const unsafe = value as Unsafe;
        return (query: string, args?: unknown, options?: UnsafeOptions) => {
          if (!Array.isArray(args)) return unsafe(query, args as never, options);
          if (args.length === 0) {
            // postgres-js sends a statement without parameters by the simple protocol: parsed,
            // analysed (row-level security included) and planned on every call.
            if (!preparableWithoutParameters(query)) return unsafe(query, args as never, options);
            return unsafe(query, [], { ...options, prepare: true, simple: false } as UnsafeOptions);
          }
          const prepare = options?.prepare === true || args.length <= PREPARE_MAX_PARAMETERS;
          return unsafe(query, args as never, { ...options, prepare });
        };
      }
      if (prop === "begin" || prop === "savepoint") {
        const open = value as (...a: unknown[]) => unknown;
        // (fn) or (options | name, fn): the callback is last.
        return (...a: unknown[]) => {
          const fn = a[a.length - 1] as (inner: postgres.Sql) => unknown;
          return open(...a.slice(0, -1), (inner: postgres.Sql) => fn(preparingStatements(inner)));
        };
      }
      return value;
    },
  });
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
    const handle = opts.prepare === false ? client : preparingStatements(client);
    const db = drizzlePostgres(handle, { schema, casing: "snake_case" }) as unknown as Db;
    serverHandles.add(db);
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = opts.dataDir ?? ".data/pglite";
  if (!dataDir.startsWith("memory://")) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir });
  return {
    db: drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db,
    kind: "pglite",
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir("none"),
  };
}
