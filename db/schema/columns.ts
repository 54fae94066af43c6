import { foreignKey, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";

// Time-ordered ids keep btree inserts local and are safe to show (not sequential counters).
export const id = () => uuid().notNull().$defaultFn(() => uuidv7());
export const tenantId = () => uuid().notNull();
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const at = () => timestamp({ withTimezone: true });

type TenantKeyed = { tenantId: AnyPgColumn; id: AnyPgColumn };

/**
 * A reference from one tenant table to another, always (tenant_id, column) → (tenant_id, id),
 * so a row can never point into another brand. Chain .onDelete() as with foreignKey.
 */
export function tenantForeignKey(
  name: string,
  table: { tenantId: AnyPgColumn },
  column: AnyPgColumn,
  parent: TenantKeyed,
) {
  return foreignKey({
    name,
    columns: [table.tenantId, column],
    foreignColumns: [parent.tenantId, parent.id],
  });
}
