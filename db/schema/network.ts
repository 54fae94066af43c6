/**
 * Members (OneID) and the distributor portal's sign-in. The distributor network issue extends
 * these tables (distributor profile, referral tree, bindings); keep ids and keys stable.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { IDENTITY_KINDS } from "../kinds";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { tenants } from "./platform";

export const identityKind = pgEnum("identity_kind", IDENTITY_KINDS);

/** A person known to the brand: buyer, distributor, or both. */
export const members = pgTable(
  "members",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    displayName: text(),
    /** Set when OneID merged this member into another; the row stays for history. */
    mergedIntoId: uuid(),
    /** Lifetime spend (fed by orders); drives the spend-threshold enrolment mode. */
    totalSpendFen: bigint({ mode: "number" }).notNull().default(0),
    /** Settled distribution GMV (as buyer and as distributor) net of refunds: the incentives fold keeps it. */
    growthValueFen: bigint({ mode: "number" }).notNull().default(0),
    /** The language the member last used the portal in (zh-CN | en): messages to it use it. */
    locale: text(),
    /**
     * The verified sign-in phone, sealed (AES-GCM, server/shared/seal.ts) so outcome SMS can
     * reach the member; identities keep only a hash and a mask.
     */
    phoneSealed: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "members_pkey", columns: [t.tenantId, t.id] }),
    check("members_growth_value_nonneg", sql`${t.growthValueFen} >= 0`),
  ],
);

/** One identifier of a member, stored as a keyed hash plus a masked display value. */
export const memberIdentities = pgTable(
  "member_identities",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    memberId: uuid().notNull(),
    kind: identityKind().notNull(),
    valueHash: text().notNull(),
    masked: text().notNull(),
    verifiedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "member_identities_pkey", columns: [t.tenantId, t.id] }),
    // Hash (or external id) before the enum: under row-level security an enum equality is not
    // leakproof, so it cannot be an index condition; a key led by the enum served lookups by tenant only.
    uniqueIndex("member_identities_value_key").on(t.tenantId, t.valueHash, t.kind),
    index("member_identities_member_idx").on(t.tenantId, t.memberId),
    tenantForeignKey("member_identities_member_fk", t, t.memberId, members).onDelete("cascade"),
  ],
);

/** One-time sign-in codes. Only hashes are stored; a code is single-use and short-lived. */
export const otpCodes = pgTable(
  "otp_codes",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    phoneHash: text().notNull(),
    codeHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: at(),
    attempts: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "otp_codes_pkey", columns: [t.tenantId, t.id] }),
    index("otp_codes_phone_idx").on(t.tenantId, t.phoneHash, t.createdAt),
    check("otp_codes_attempts_nonneg", sql`${t.attempts} >= 0`),
  ],
);

/** Portal (distributor) sessions; the cookie holds a random token, the row its hash. */
export const portalSessions = pgTable(
  "portal_sessions",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    memberId: uuid().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "portal_sessions_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("portal_sessions_token_key").on(t.tenantId, t.tokenHash),
    tenantForeignKey("portal_sessions_member_fk", t, t.memberId, members).onDelete("cascade"),
  ],
);
