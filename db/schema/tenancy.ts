/** Brand (tenant) configuration, staff and API access. Every table is keyed by tenant_id. */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
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
import { at, createdAt, id, tenantId } from "./columns";
import { tenants, users } from "./platform";

export const staffRole = pgEnum("staff_role", ["owner", "admin", "finance", "operator", "risk"]);
export const bindingMode = pgEnum("binding_mode", ["permanent", "lock", "last_click"]);
export const enrolmentMode = pgEnum("enrolment_mode", ["open", "admin_only", "spend_threshold"]);
/** Whether a distributor earns on its own purchases (DOMAIN.md: blocked unless the brand allows it). */
export const selfPurchasePolicy = pgEnum("self_purchase_policy", ["block", "allow"]);

/** A brand-defined extra question on the distributor application form. */
export interface ApplicationField {
  key: string;
  label: string;
  required: boolean;
}

/** The brand's own buying channels (validated in server/promotion/buy-links.ts). */
export interface BrandChannels {
  /** The brand's own H5 shop (any https host the brand runs). */
  h5Url?: string;
  /** The brand's WeChat mini program: appid and its home page path. */
  miniProgramAppId?: string;
  miniProgramPath?: string;
}

/**
 * The brand's own SMS texts for member notifications, by notification kind and language
 * ({ "application.approved": { "zh-CN": "…" } }). Only what the brand changed is kept; the rest
 * is the notifications catalogue's text (validated in server/notify/sms-templates.ts).
 */
export type SmsTemplates = Partial<Record<string, Partial<Record<string, string>>>>;

/** One row per brand: profile and program settings (DOMAIN.md defaults). */
export const brandSettings = pgTable(
  "brand_settings",
  {
    tenantId: tenantId()
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    displayName: text().notNull(),
    logoUrl: text(),
    contactEmail: text(),
    contactPhone: text(),
    /** The 【signature】 on the brand's SMS to its members; null = the display name. */
    smsSignature: text(),
    landingUrl: text(),
    /**
     * The landing URL's host once the brand proved it controls it (DNS TXT record). Short links
     * redirect only to a landing URL on this host; otherwise to the brand's portal join page.
     */
    landingVerifiedHost: text(),
    landingVerifiedAt: at(),
    /** The brand's own buying channels (H5 shop, mini program) for the buyer page. */
    shopChannels: jsonb().$type<BrandChannels>().notNull().default({}),
    commissionLevels: integer().notNull().default(2),
    afterSalesDays: integer().notNull().default(7),
    bindingMode: bindingMode().notNull().default("lock"),
    bindingLockDays: integer().notNull().default(30),
    selfPurchase: selfPurchasePolicy().notNull().default("block"),
    enrolmentMode: enrolmentMode().notNull().default("open"),
    /** Approve applications without review (once a member may apply under the mode). */
    enrolmentAutoApprove: boolean().notNull().default(false),
    enrolmentSpendThresholdFen: bigint({ mode: "number" }).notNull().default(0),
    applicationFields: jsonb().$type<ApplicationField[]>().notNull().default([]),
    smsTemplates: jsonb().$type<SmsTemplates>().notNull().default({}),
    /** Onboarding checklist steps the owner has ticked off explicitly. */
    onboardingDismissedAt: at(),
    updatedAt: createdAt(),
  },
  (t) => [
    // The anti-pyramid cap is enforced here, not only in the form.
    check("brand_settings_levels_range", sql`${t.commissionLevels} between 1 and 3`),
    check("brand_settings_after_sales_range", sql`${t.afterSalesDays} between 0 and 90`),
    check("brand_settings_lock_days_range", sql`${t.bindingLockDays} between 1 and 365`),
  ],
);

/** A staff user's role in one brand. */
export const memberships = pgTable(
  "memberships",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: staffRole().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "memberships_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("memberships_tenant_user_key").on(t.tenantId, t.userId),
    index("memberships_user_idx").on(t.userId),
  ],
);

/** Invite-by-link for staff. Only the token's hash is stored. */
export const invitations = pgTable(
  "invitations",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    email: text().notNull(),
    role: staffRole().notNull(),
    tokenHash: text().notNull(),
    invitedBy: uuid().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: at(),
    revokedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "invitations_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("invitations_tenant_token_key").on(t.tenantId, t.tokenHash),
    check("invitations_not_owner", sql`${t.role} <> 'owner'`),
  ],
);

/** API keys for /api/v1. `prefix` is public and indexed; `keyHash` is SHA-256 of the secret. */
export const apiKeys = pgTable(
  "api_keys",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull(),
    createdBy: uuid(),
    lastUsedAt: at(),
    revokedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "api_keys_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("api_keys_tenant_prefix_key").on(t.tenantId, t.prefix),
    // Looked up by prefix before the tenant is known (fx_api_keys_by_prefix).
    index("api_keys_prefix_idx").on(t.prefix),
  ],
);

/** Append-only audit trail of every settings, staff, key and (later) money decision. */
export const auditLogs = pgTable(
  "audit_logs",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    actorType: text().notNull(), // 'staff' | 'distributor' | 'api' | 'system' | 'cli'
    actorId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "audit_logs_pkey", columns: [t.tenantId, t.id] }),
    index("audit_logs_tenant_created_idx").on(t.tenantId, t.createdAt),
  ],
);

