/**
 * Platform tables: the only tables without `tenant_id`. Each one is on the allow-list in
 * db/platform-tables.ts, which the isolation test checks against the catalog.
 */
import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";

/** A brand. Its id is the `tenant_id` of every row it owns. */
export const tenants = pgTable(
  "tenants",
  {
    id: id().primaryKey(),
    slug: text().notNull(),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("tenants_slug_key").on(t.slug),
    check("tenants_slug_format", sql`${t.slug} ~ '^[a-z0-9](?:[a-z0-9-]{1,30}[a-z0-9])$'`),
  ],
);

/** A staff person. One login may belong to several brands (see memberships). */
export const users = pgTable(
  "users",
  {
    id: id().primaryKey(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

/**
 * Server-side record of a staff session. The next-auth JWT only carries this id, so signing
 * out (deleting the row) kills every copy of the cookie.
 */
export const authSessions = pgTable("auth_sessions", {
  id: id().primaryKey(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  activeTenantId: uuid().references(() => tenants.id, { onDelete: "set null" }),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  createdAt: createdAt(),
});

/** Fixed-window counters for sign-in and OTP throttling, shared by every app replica. */
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  windowStart: timestamp({ withTimezone: true }).notNull(),
  count: integer().notNull(),
});

/** Development/test SMS outbox: what a real provider would have delivered. */
export const smsOutbox = pgTable("sms_outbox", {
  id: id().primaryKey(),
  phone: text().notNull(),
  body: text().notNull(),
  createdAt: createdAt(),
});
