/**
 * What the catalog says about a table's storage, for tests that keep an UPDATE a HOT update: the
 * definitions of its indexes (none may hold a column the update writes) and its storage options
 * (the fillfactor that leaves room on the page).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/tenant";

export async function tableStorage(db: Db, table: string): Promise<{ indexDefs: string[]; options: string[] }> {
  const [row] = rowsOf<{ defs: string[]; options: string[] | null }>(
    await db.execute(sql`
      select array(select pg_get_indexdef(indexrelid) from pg_index where indrelid = ${table}::regclass) as defs,
        (select reloptions from pg_class where oid = ${table}::regclass) as options`),
  );
  return { indexDefs: row!.defs, options: row!.options ?? [] };
}
