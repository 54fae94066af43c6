/**
 * The process-wide database for the app and the CLI. PGlite allows one instance per process
 * (and per data directory), so the handle lives on globalThis to survive dev hot reloads.
 * In development (and always on PGlite) migrations run on first open; the demo brand is
 * seeded into an empty embedded database.
 */
import { openDatabase, type Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { env } from "@/server/env";

const g = globalThis as unknown as { __fenxiaoDb?: Promise<Database> };

type StartupHook = (database: Database) => Promise<void>;
const startupHooks: StartupHook[] = [];

/** Registered by modules that must run once on a fresh database (the demo seed). */
export function onDatabaseStart(hook: StartupHook) {
  startupHooks.push(hook);
}

export function appDatabase(): Promise<Database> {
  g.__fenxiaoDb ??= (async () => {
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR });
    if (database.kind === "pglite" || env.FENXIAO_ENV !== "production") {
      await migrateDatabase(database, { appPassword: env.APP_DB_PASSWORD });
    }
    for (const hook of startupHooks) await hook(database);
    return database;
  })();
  return g.__fenxiaoDb;
}

export async function appDb() {
  return (await appDatabase()).db;
}
