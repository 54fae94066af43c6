/** State of the public REST API (/api/v1) that must survive a restart. Keyed by tenant_id. */
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, tenantId } from "./columns";
import { tenants } from "./platform";

/**
 * One executed request per Idempotency-Key (RFC draft "Idempotency-Key" header): the same key
 * with the same body replays this response; with another body it is refused. Rows older than
 * 24 hours are expired (server/rest/idempotency.ts).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    key: text().notNull(),
    /** "POST /api/v1/levels": a key reused on another endpoint is a mismatch, not a replay. */
    endpoint: text().notNull(),
    /** SHA-256 of the canonical JSON of the request body. */
    requestHash: text().notNull(),
    status: integer().notNull(),
    /**
     * The response body exactly as sent (text, not jsonb: jsonb reorders keys, and a replay
     * must be byte-for-byte the first answer).
     */
    responseBody: text().notNull(),
    /** The response headers worth replaying (content-type, location). */
    responseHeaders: jsonb().$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("idempotency_keys_tenant_key_key").on(t.tenantId, t.key),
    index("idempotency_keys_tenant_created_idx").on(t.tenantId, t.createdAt),
  ],
);
