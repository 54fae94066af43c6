/** Entry point for `npm run cli -- <command>` (see commands.ts). */
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { configureTransactionLimits } from "@/db/tenant";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import en from "@/server/i18n/messages/en/auth.json";
import { runCommand, USAGE } from "./commands";

async function main() {
  const argv = process.argv.slice(2);
  if (!argv.length || argv[0] === "--help" || argv[0] === "help") {
    console.log(USAGE);
    return;
  }
  configureTransactionLimits({
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR, prepare: env.DATABASE_PREPARE === "1" });
  try {
    // The embedded database has no separate migrate step: bring it up to date first.
    if (database.kind === "pglite" && argv[0] !== "db:migrate") await migrateDatabase(database);
    await runCommand(database, argv, (l) => console.log(l), { appPassword: env.APP_DB_PASSWORD });
  } finally {
    await database.close();
  }
}

/** Field errors carry i18n keys (e.g. "password.tooShort"); the CLI speaks English. */
function explain(key: string): string {
  const [group, name] = key.split(".");
  const text = (en.validation as Record<string, Record<string, string> | undefined>)[group ?? ""]?.[name ?? ""];
  return text ?? key;
}

main().catch((e: unknown) => {
  if (isAppError(e)) {
    console.error(`Error: ${e.message}`);
    if (e.fields) for (const [k, v] of Object.entries(e.fields)) console.error(`  ${k}: ${explain(v)}`);
  } else {
    console.error(e instanceof Error ? e.message : e);
  }
  process.exit(1);
});
