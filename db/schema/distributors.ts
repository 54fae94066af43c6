/**
 * The distributor network: distributors (a member who earns), levels, the referral tree,
 * status history, re-parent log, buyer bindings and OneID merges.
 *
 * Tree storage: `path` is the materialised chain of ancestor ids ending in the distributor's
 * own id ("/a/b/c/"), so a subtree is one index range scan (prefix range on `path`), and
 * `upline_id` / `upline2_id` are denormalised so the three-tier commission chain (self, upline,
 * upline's upline) is one row read.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
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
import { tenants } from "./platform";

export const distributorStatus = pgEnum("distributor_status", [
  "applied",
  "active",
  "frozen",
  "disabled",
  "rejected",
]);
export const distributorRole = pgEnum("distributor_role", [
  "distributor",
  "team_lead",
  "city_partner",
  "employee",
]);
export const bindingSource = pgEnum("binding_source", [
  "link",
  "qr",
  "poster",
  "order_code",
  "manual",
]);

/** Brand-defined levels (e.g. S / A / B). Higher rank = higher level. */
export const distributorLevels = pgTable(
  "distributor_levels",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    name: text().notNull(),
    rank: integer().notNull(),
    /** Upgrade conditions; all present ones must be met. */
    minGmvFen: bigint({ mode: "number" }),
    minOrders: integer(),
    minDirectCustomers: integer(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "distributor_levels_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("distributor_levels_rank_key").on(t.tenantId, t.rank),
    uniqueIndex("distributor_levels_name_key").on(t.tenantId, t.name),
  ],
);

export const distributors = pgTable(
  "distributors",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    memberId: uuid().notNull(),
    /** Random, human-typable referral code; also the default short link. */
    code: text().notNull(),
    name: text().notNull(),
    phoneMasked: text(),
    status: distributorStatus().notNull().default("applied"),
    role: distributorRole().notNull().default("distributor"),
    region: text(),
    levelId: uuid(),
    uplineId: uuid(),
    /** The upline's upline: with uplineId, the whole three-tier commission chain in one row. */
    upline2Id: uuid(),
    path: text().notNull(),
    depth: integer().notNull().default(0),
    applicationNote: text(),
    applicationData: jsonb().$type<Record<string, string>>().notNull().default({}),
    rejectReason: text(),
    /** Figures that drive level upgrades; later issues (orders) keep them current. */
    gmvFen: bigint({ mode: "number" }).notNull().default(0),
    orderCount: integer().notNull().default(0),
    directCustomerCount: integer().notNull().default(0),
    appliedAt: createdAt(),
    approvedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "distributors_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("distributors_member_key").on(t.tenantId, t.memberId),
    uniqueIndex("distributors_code_key").on(t.tenantId, t.code),
    // Subtree scans: prefix range on the path (see inSubtree in server/network/tree.ts). The
    // migration 0004 adds INCLUDE (depth, status, applied_at, id) for index-only team reads.
    index("distributors_path_idx").on(t.tenantId, sql`${t.path} text_pattern_ops`),
    index("distributors_upline_idx").on(t.tenantId, t.uplineId),
    index("distributors_status_idx").on(t.tenantId, t.status, t.appliedAt),
    tenantForeignKey("distributors_member_fk", t, t.memberId, members),
    tenantForeignKey("distributors_upline_fk", t, t.uplineId, t),
    tenantForeignKey("distributors_upline2_fk", t, t.upline2Id, t),
    tenantForeignKey("distributors_level_fk", t, t.levelId, distributorLevels),
    check("distributors_not_own_upline", sql`${t.uplineId} is distinct from ${t.id}`),
    check("distributors_region_for_city_partner", sql`${t.role} <> 'city_partner' or ${t.region} is not null`),
  ],
);

export const distributorStatusHistory = pgTable(
  "distributor_status_history",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    distributorId: uuid().notNull(),
    fromStatus: distributorStatus(),
    toStatus: distributorStatus().notNull(),
    reason: text(),
    actorType: text().notNull(),
    actorId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "distributor_status_history_pkey", columns: [t.tenantId, t.id] }),
    index("distributor_status_history_distributor_idx").on(t.tenantId, t.distributorId),
    tenantForeignKey(
      "distributor_status_history_distributor_fk",
      t,
      t.distributorId,
      distributors,
    ).onDelete("cascade"),
  ],
);

/** Every change of upline after joining (admin re-parent), with reason and actor. */
export const referralChanges = pgTable(
  "referral_changes",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    distributorId: uuid().notNull(),
    fromUplineId: uuid(),
    toUplineId: uuid(),
    reason: text().notNull(),
    actorType: text().notNull(),
    actorId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "referral_changes_pkey", columns: [t.tenantId, t.id] }),
    tenantForeignKey(
      "referral_changes_distributor_fk",
      t,
      t.distributorId,
      distributors,
    ).onDelete("cascade"),
  ],
);

/**
 * Buyer → distributor bindings. The open row (ended_at is null) is the current binding; a
 * rebinding ends it and opens a new one, so the full history stays.
 */
export const bindings = pgTable(
  "bindings",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    buyerMemberId: uuid().notNull(),
    distributorId: uuid().notNull(),
    source: bindingSource().notNull(),
    boundAt: timestamp({ withTimezone: true }).notNull(),
    /** Until when another distributor's link cannot take the buyer (lock mode). */
    protectedUntil: timestamp({ withTimezone: true }),
    endedAt: at(),
    endedReason: text(),
    /** For manual overrides: who and why. */
    actorType: text().notNull().default("system"),
    actorId: text(),
    reason: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "bindings_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("bindings_current_key")
      .on(t.tenantId, t.buyerMemberId)
      .where(sql`${t.endedAt} is null`),
    index("bindings_distributor_idx").on(t.tenantId, t.distributorId, t.boundAt),
    // Current bindings by date: the console's "customers bound today" and the bindings list.
    index("bindings_current_bound_idx").on(t.tenantId, t.boundAt).where(sql`${t.endedAt} is null`),
    tenantForeignKey("bindings_buyer_fk", t, t.buyerMemberId, members),
    tenantForeignKey("bindings_distributor_fk", t, t.distributorId, distributors),
  ],
);

/** OneID merge history: `mergedId` was folded into `survivorId`. */
export const memberMerges = pgTable(
  "member_merges",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    survivorId: uuid().notNull(),
    mergedId: uuid().notNull(),
    reason: text().notNull(),
    snapshot: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "member_merges_pkey", columns: [t.tenantId, t.id] }),
    index("member_merges_survivor_idx").on(t.tenantId, t.survivorId),
    tenantForeignKey("member_merges_survivor_fk", t, t.survivorId, members),
    tenantForeignKey("member_merges_merged_fk", t, t.mergedId, members),
  ],
);
