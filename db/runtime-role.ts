/**
 * A production deployment must connect as a role that row-level security binds: not a
 * superuser and not BYPASSRLS (either ignores every tenant policy, even FORCE, the moment
 * anything runs outside SET LOCAL ROLE). Checked at start; the answer says how to fix it.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { firstRow } from "./tenant";

export async function runtimeRoleProblem(db: Db): Promise<string | null> {
  const role = firstRow<{ name: string; rolsuper: boolean; rolbypassrls: boolean }>(
    await db.execute(sql`select current_user as name, rolsuper, rolbypassrls
      from pg_roles where rolname = current_user`),
  );
  if (!role) return "cannot read the connection's role from pg_roles";
  const powers = [role.rolsuper && "a superuser", role.rolbypassrls && "BYPASSRLS"].filter(Boolean);
  if (!powers.length) return null;
  return [
    `DATABASE_URL connects as "${role.name}", which is ${powers.join(" and ")}: row-level security would not bind it.`,
    "Run the migrations with the owner URL and give the runtime role a login, then connect as it:",
    "  DATABASE_URL=postgres://<owner>@<host>/<db> APP_DB_PASSWORD='<password>' npm run db:migrate",
    "  DATABASE_URL=postgres://fenxiao_app:<password>@<host>/<db> npm start",
  ].join("\n");
}
