/**
 * SQL pieces the console's lists share: keyset paging over (sort key, id), prefix and
 * distributor searches. A list pages on screen by offset (page numbers and a total) and exports
 * by keyset, over the same ORDER BY, so an export reads every matching row exactly once however
 * many rows share a sort key and however large the list is.
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * Where an export chunk ended: the last row's sort key, printed by Postgres as text (a
 * timestamptz keeps its microseconds, which a JS Date would drop and so skip or repeat rows),
 * and its id, which breaks ties.
 */
export interface Cursor {
  key: string;
  id: string;
}

export type SortCast = "timestamptz" | "bigint";

export interface Sort {
  column: SQLWrapper;
  cast: SortCast;
  desc: boolean;
}

export function orderByKeyset(sort: Sort, id: SQLWrapper): SQL[] {
  return sort.desc
    ? [sql`${sort.column} desc`, sql`${id} desc`]
    : [sql`${sort.column} asc`, sql`${id} asc`];
}

/** Rows strictly after the cursor in the sort order. */
export function afterCursor(sort: Sort, id: SQLWrapper, cursor: Cursor): SQL {
  const key =
    sort.cast === "timestamptz" ? sql`${cursor.key}::timestamptz` : sql`${cursor.key}::bigint`;
  const uid = sql`${cursor.id}::uuid`;
  // The plain bound on the sort column lets its index seek; the row comparison breaks ties by id.
  return sort.desc
    ? sql`${sort.column} <= ${key} and (${sort.column}, ${id}) < (${key}, ${uid})`
    : sql`${sort.column} >= ${key} and (${sort.column}, ${id}) > (${key}, ${uid})`;
}

/** The sort key as the cursor carries it. */
export const cursorKey = (sort: Sort) => sql<string>`${sort.column}::text`;

/**
 * `column` starts with `prefix`, as a range on the byte order text_pattern_ops indexes: unlike
 * LIKE with a bound pattern, a range stays index-served in a generic (prepared) plan. The upper
 * bound appends the highest code point; the starts_with check keeps the answer exact for text
 * that contains that code point itself.
 */
export function startsWith(column: SQLWrapper, prefix: string): SQL {
  return sql`${column} ~>=~ ${prefix} and ${column} ~<~ ${prefix + "\u{10FFFF}"} and starts_with(${column}, ${prefix})`;
}

export function escapeLike(q: string): string {
  return q.replace(/[%_\\]/g, "\\$&");
}

/** A distributor by exact code or part of its name: the lists' "distributor" filter. */
export function distributorMatches(distributorId: SQLWrapper, q: string): SQL {
  return sql`${distributorId} in (select d.id from distributors d where d.code = ${q.toUpperCase()} or d.name ilike ${`%${escapeLike(q)}%`})`;
}
