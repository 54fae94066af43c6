/**
 * The process-wide database for the app and the CLI. PGlite allows one instance per process
 * (and per data directory), so the handle lives on globalThis to survive dev hot reloads.
 * In development (and always on PGlite) migrations run on first open, and the demo brand is
 * seeded when DEMO_SEED=1 (the default outside production).
 */
import { openDatabase, type Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { runtimeRoleProblem } from "@/db/runtime-role";
import { configureTransactionLimits } from "@/db/tenant";
import { env } from "@/server/env";
import { appOrigin } from "@/server/shared/app-url";
import { demoBanner, seedDemoBrand } from "@/server/tenancy/demo";

const g = globalThis as unknown as { __fenxiaoDb?: Promise<Database> };

configureTransactionLimits({
  statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
  idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
});

export function appDatabase(): Promise<Database> {
  g.__fenxiaoDb ??= (async () => {
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR, prepare: env.DATABASE_PREPARE === "1" });
    // PGlite's only user is a superuser by design (every transaction drops to the app role);
    // a real server in production must not be reached through one.
    if (database.kind === "postgres" && env.FENXIAO_ENV === "production") {
      const problem = await runtimeRoleProblem(database.db);
      if (problem) {
        await database.close();
        throw new Error(`Refusing to start: ${problem}`);
      }
    }
    if (database.kind === "pglite" || env.FENXIAO_ENV !== "production") {
      await migrateDatabase(database, { appPassword: env.APP_DB_PASSWORD });
    }
    if (env.DEMO_SEED === "1") {
      await seedDemoBrand(database.db, { orders: env.DEMO_ORDERS, log: (line) => console.log(`  demo: ${line}`) });
      console.log(demoBanner(appOrigin()));
    }
    return database;
  })();
  // A failed start (e.g. bad URL) must not be cached forever.
  g.__fenxiaoDb.catch(() => (g.__fenxiaoDb = undefined));
  return g.__fenxiaoDb;
}

export async function appDb() {
  return (await appDatabase()).db;
}
