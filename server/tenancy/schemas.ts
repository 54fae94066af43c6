/**
 * Input schemas shared by forms (client) and procedures (server). Messages are i18n keys in
 * the "settings" / "auth" namespaces so both languages show the same rule.
 */
import { brandChannelsSchema } from "@/server/promotion/buy-links";
import { z } from "zod";
import { passwordSchema } from "@/server/auth/password-policy";
import { STAFF_ROLES } from "@/server/auth/permissions";

/** Paths the app itself uses; a brand may not take them as its slug. */
export const RESERVED_SLUGS = new Set([
  "admin", "api", "app", "auth", "console", "d", "dev", "docs", "help", "invite", "login",
  "portal", "s", "settings", "signin", "signup", "static", "support", "www", "fenxiao",
]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "slug.tooShort")
  .max(32, "slug.tooLong")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])$/, "slug.format")
  .refine((s) => !RESERVED_SLUGS.has(s), "slug.reserved");

export const emailSchema = z.string().trim().toLowerCase().email("email.invalid").max(254);

export const signupSchema = z.object({
  brandName: z.string().trim().min(2, "brandName.tooShort").max(60, "brandName.tooLong"),
  slug: slugSchema,
  ownerName: z.string().trim().min(1, "ownerName.required").max(60),
  email: emailSchema,
  password: passwordSchema,
  acceptTerms: z.literal(true, { error: "terms.required" }),
});
export type SignupInput = z.infer<typeof signupSchema>;

function protocolOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.hostname ? url.protocol : null;
  } catch {
    return null;
  }
}

/**
 * A web address people and browsers are sent to: https (http only where the server allows it,
 * i.e. development). Never javascript:, data:, file: or anything else a URL parser accepts.
 */
const optionalWebUrl = (allowHttp: boolean) =>
  z
    .union([
      z
        .string()
        .trim()
        .max(500, "url.invalid")
        .refine((v) => protocolOf(v) !== null, "url.invalid")
        .refine(
          (v) => protocolOf(v) === "https:" || (allowHttp && protocolOf(v) === "http:"),
          "url.httpsOnly",
        ),
      z.literal(""),
    ])
    .nullish()
    .transform((v) => (v ? v : null));

/** The profile as the server accepts it; `allowHttp` only in development. */
export const brandProfileSchemaFor = ({ allowHttp }: { allowHttp: boolean }) =>
  z.object({
    displayName: z.string().trim().min(2, "brandName.tooShort").max(60, "brandName.tooLong"),
    logoUrl: optionalWebUrl(allowHttp),
    landingUrl: optionalWebUrl(allowHttp),
    /** Left out: unchanged. */
    shopChannels: brandChannelsSchema.optional(),
    contactEmail: z
      .union([emailSchema, z.literal("")])
      .nullish()
      .transform((v) => (v ? v : null)),
    contactPhone: z
      .string()
      .trim()
      .max(30)
      .nullish()
      .transform((v) => (v ? v : null)),
    /** SMS signatures (签名) are 2–12 characters, registered with the gateway, no brackets. */
    smsSignature: z
      .string()
      .trim()
      .regex(/^[^【】[\]]*$/, "smsSignature.brackets")
      .max(12, "smsSignature.tooLong")
      .refine((v) => v === "" || v.length >= 2, "smsSignature.tooShort")
      .nullish()
      .transform((v) => (v ? v : null)),
  });

/** The form's own check (the server, which knows the environment, may refuse http). */
export const brandProfileSchema = brandProfileSchemaFor({ allowHttp: true });

export type BrandProfileInput = z.input<typeof brandProfileSchema>;

/** Does a distributor earn on its own purchases? DOMAIN.md: "block" unless the brand allows it. */
export const SELF_PURCHASE_POLICIES = ["block", "allow"] as const;

export const programSettingsSchema = z.object({
  // Anti-pyramid cap: never more than three tiers (also a CHECK in the database).
  commissionLevels: z.number().int().min(1, "levels.range").max(3, "levels.range"),
  afterSalesDays: z.number().int().min(0, "afterSales.range").max(90, "afterSales.range"),
  bindingMode: z.enum(["permanent", "lock", "last_click"]),
  bindingLockDays: z.number().int().min(1, "lockDays.range").max(365, "lockDays.range"),
  // Optional so that a caller that does not send it keeps the brand's choice (drizzle leaves
  // an undefined column out of the update) rather than silently resetting it to "block".
  selfPurchase: z.enum(SELF_PURCHASE_POLICIES).optional(),
});
export type ProgramSettingsInput = z.infer<typeof programSettingsSchema>;

export const staffRoleSchema = z.enum(STAFF_ROLES);
export const invitableRoleSchema = z.enum(["admin", "finance", "operator", "risk"]);

export const inviteSchema = z.object({ email: emailSchema, role: invitableRoleSchema });

/** Accepting while signed in as the invited email: the link is all it takes. */
export const acceptInviteSchema = z.object({
  slug: slugSchema,
  token: z.string().min(20).max(100),
});

/** Accepting as a new person: a name and a password for the new login. */
export const joinInviteSchema = acceptInviteSchema.extend({
  name: z.string().trim().min(1, "ownerName.required").max(60),
  password: passwordSchema,
});

export const apiKeyNameSchema = z.object({
  name: z.string().trim().min(1, "apiKey.nameRequired").max(60),
});
