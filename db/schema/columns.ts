import { timestamp, uuid } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";

// Time-ordered ids keep btree inserts local and are safe to show (not sequential counters).
export const id = () => uuid().notNull().$defaultFn(() => uuidv7());
export const tenantId = () => uuid().notNull();
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const at = () => timestamp({ withTimezone: true });
