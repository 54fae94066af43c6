import { sql } from "drizzle-orm";

/**
 * A time-ordered (version 7) uuid made in SQL, one per row, like the uuidv7() the app makes
 * elsewhere: 48 bits of Unix milliseconds, the version, random bits and the RFC 4122 variant.
 */
export const UUIDV7 = sql`(lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
  || substr(md5(random()::text), 1, 3) || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text), 1, 15))::uuid`;

/**
 * A list of uuids as one `uuid[]` parameter, for `= any(…)`: one statement shape (and one
 * prepared plan) whatever the list's length, where an IN list is a new statement per length.
 */
export const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;
