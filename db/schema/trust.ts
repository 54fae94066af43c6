/**
 * Notifications to members, brand legal documents with their consents, and the staff email
 * tokens (password reset, address verification) with the development mail outbox.
 */
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { members } from "./network";
import { tenants, users } from "./platform";

/**
 * What happened to a member, shown in the portal's notification list. `kind` names an entry in
 * server/notify/kinds.ts (text, not an enum, so later areas add kinds without a migration).
 */
export const notifications = pgTable(
  "notifications",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    memberId: uuid().notNull(),
    kind: text().notNull(),
    params: jsonb().$type<Record<string, string | number | null>>().notNull().default({}),
    readAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "notifications_pkey", columns: [t.tenantId, t.id] }),
    index("notifications_member_idx").on(t.tenantId, t.memberId, t.createdAt),
    tenantForeignKey("notifications_member_fk", t, t.memberId, members).onDelete("cascade"),
  ],
);

export const legalDocumentKind = pgEnum("legal_document_kind", [
  "user_agreement",
  "privacy_notice",
  "distributor_agreement",
  // Separate consent for sensitive personal information (PIPL art. 29): ID and bank card numbers
  // and ID photos, asked for where the distributor gives them (portal identity page).
  "sensitive_info",
]);

/**
 * A brand's published legal text. Editing publishes a new version; old versions stay so a
 * consent always points at the words the member saw. Version 0 is the built-in default text
 * (server/legal/defaults.ts) and is never stored.
 */
export const legalDocuments = pgTable(
  "legal_documents",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    kind: legalDocumentKind().notNull(),
    version: integer().notNull(),
    bodyZh: text().notNull(),
    bodyEn: text().notNull(),
    createdBy: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "legal_documents_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("legal_documents_version_key").on(t.tenantId, t.kind, t.version),
    check("legal_documents_version_positive", sql`${t.version} > 0`),
  ],
);

/** A member accepted a version of a legal document (PIPL consent record). Append-only. */
export const consents = pgTable(
  "consents",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    memberId: uuid().notNull(),
    kind: legalDocumentKind().notNull(),
    version: integer().notNull(),
    /** sign_in | apply | identity: where the member ticked the box. */
    context: text().notNull(),
    ip: text(),
    acceptedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "consents_pkey", columns: [t.tenantId, t.id] }),
    index("consents_member_idx").on(t.tenantId, t.memberId, t.kind),
    tenantForeignKey("consents_member_fk", t, t.memberId, members).onDelete("cascade"),
  ],
);

export const staffTokenPurpose = pgEnum("staff_token_purpose", ["password_reset", "email_verify"]);

/**
 * Single-use emailed tokens for staff logins. Only the SHA-256 of the token is kept; using one
 * goes through fx_use_staff_token / fx_reset_staff_password so the runtime role never updates
 * users itself.
 */
export const staffTokens = pgTable(
  "staff_tokens",
  {
    id: id().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: staffTokenPurpose().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("staff_tokens_hash_key").on(t.tokenHash), index("staff_tokens_user_idx").on(t.userId)],
);

/** When a staff login proved it receives mail at its address. */
export const staffEmailVerifications = pgTable("staff_email_verifications", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  verifiedAt: timestamp({ withTimezone: true }).notNull(),
});

/** Development/test mail outbox: what a real SMTP server would have delivered. */
export const emailOutbox = pgTable("email_outbox", {
  id: id().primaryKey(),
  to: text().notNull(),
  subject: text().notNull(),
  body: text().notNull(),
  createdAt: createdAt(),
});
