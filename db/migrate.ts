/**
 * Applies the committed migrations (as the connection's owner role), then re-secures the
 * schema: RLS forced on every tenant table and grants for the runtime role. Idempotent.
 */
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import type { Database } from "./client";
import { APP_ROLE, transactionLimits } from "./tenant";

const migrationsFolder = path.join(process.cwd(), "drizzle");

export async function migrateDatabase(database: Database, opts: { appPassword?: string } = {}) {
  const { db } = database;
  if (database.kind === "pglite") {
    await migratePglite(db as never, { migrationsFolder });
  } else {
    await migratePostgres(db as never, { migrationsFolder });
  }
  await db.execute(sql`select fx_secure_schema()`);
  if (opts.appPassword) {
    // Role names and passwords cannot be bind parameters; the password is quoted as a literal.
    const quoted = `'${opts.appPassword.replaceAll("'", "''")}'`;
    await db.execute(sql.raw(`alter role ${APP_ROLE} login password ${quoted}`));
  }
  if (database.kind === "postgres") {
    // withTenant sets these per transaction (SET LOCAL ROLE skips role defaults); the role
    // defaults cover deployments that log in as the runtime role. (PGlite never logs in as it.)
    const limits = transactionLimits();
    await db.execute(
      sql.raw(`alter role ${APP_ROLE} set statement_timeout = '${limits.statementTimeoutMs}ms'`),
    );
    await db.execute(
      sql.raw(
        `alter role ${APP_ROLE} set idle_in_transaction_session_timeout = '${limits.idleInTransactionTimeoutMs}ms'`,
      ),
    );
  }
  // A non-superuser owner needs membership to SET ROLE into the runtime role.
  await db.execute(
    sql.raw(`do $$ begin
      if not (select rolsuper from pg_roles where rolname = current_user)
         and not pg_has_role(current_user, '${APP_ROLE}', 'member') then
        execute format('grant ${APP_ROLE} to %I', current_user);
      end if;
    end $$`),
  );
}
