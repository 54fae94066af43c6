/**
 * The distributor's own network in the portal: apply (optionally through an inviter's link),
 * application status, My Team and My Customers. Outputs are declared so nothing private
 * (member ids of others, raw identities, tree paths) reaches a phone.
 */
import { z } from "zod";
import { withPlatform, withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { customersPage } from "@/server/network/binding";
import { applyAsDistributor } from "@/server/network/distributors";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { findByCode, isOwnReferralCode } from "@/server/network/find";
import { maskName } from "@/server/network/mask-name";
import { portalStatus, portalTeam, requireActiveDistributor } from "@/server/network/portal-views";
import { applicationSchema, DISTRIBUTOR_ROLES, DISTRIBUTOR_STATUSES } from "@/server/network/schemas";
import { getPortalBrand } from "@/server/portal/brand";
import { BUY_CHANNELS } from "@/server/promotion/buy-links";
import { buyerLanding } from "@/server/promotion/buyer-landing";
import { recordConsents } from "@/server/legal/documents";
import { APPLY_DOCUMENTS } from "@/server/legal/kinds";
import { createTRPCRouter, distributorProcedure, publicProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);
/** Invite-code lookups per client address: plenty for people following links, not for scraping. */
export const INVITE_LOOKUP_LIMIT = { limit: 60, windowSeconds: 600 } as const;
const page = { limit: z.number().int().min(1).max(50).default(20), offset: z.number().int().min(0).max(100_000).default(0) };

const statusOutput = z.object({
  distributor: z
    .object({
      code: z.string(),
      name: z.string(),
      status: z.enum(DISTRIBUTOR_STATUSES),
      role: z.enum(DISTRIBUTOR_ROLES),
      region: z.string().nullable(),
      levelName: z.string().nullable(),
      rejectReason: z.string().nullable(),
      appliedAt: z.date(),
      approvedAt: z.date().nullable(),
      uplineName: z.string().nullable(),
      directCustomerCount: z.number(),
    })
    .nullable(),
  enrolment: z.object({
    mode: z.enum(["open", "admin_only", "spend_threshold"]),
    autoApprove: z.boolean(),
    thresholdFen: z.number(),
    spentFen: z.number(),
    fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
  }),
  commissionLevels: z.number(),
});

export const portalNetworkRouter = createTRPCRouter({
  /**
   * Who invited me: shown on the apply and join pages an invite link or short link lands on,
   * before anyone signs in. So the name is masked, and lookups are limited per address.
   */
  invite: publicProcedure
    .input(z.object({ slug, code: z.string().trim().min(1).max(20) }))
    .output(z.object({ inviterName: z.string(), inviterCode: z.string(), brandName: z.string() }))
    .query(async ({ ctx, input }) => {
      const brand = await withPlatform(ctx.db, async (tx) => {
        await enforceRateLimit(tx, `invite-lookup:ip:${ctx.ip}`, INVITE_LOOKUP_LIMIT, "Too many lookups. Try again later.");
        return getPortalBrand(tx, input.slug);
      });
      const d = await withTenant(ctx.db, brand.tenantId, (tx) => findByCode(tx, input.code));
      if (!d || d.status !== "active") throw new AppError("NOT_FOUND", "This invite link is no longer valid.");
      return { inviterName: maskName(d.name), inviterCode: d.code, brandName: brand.name };
    }),

  /**
   * The buyer page a short link lands on: the product, the (masked) recommender and the buy
   * buttons carrying the referral. Public, limited per address like the invite lookup.
   */
  buyerLanding: publicProcedure
    .input(
      z.object({
        slug,
        ref: z.string().trim().max(20).optional(),
        sku: z.string().trim().max(64).optional(),
      }),
    )
    .output(
      z.object({
        brandName: z.string(),
        product: z.object({ sku: z.string(), name: z.string(), priceFen: z.number(), imageUrl: z.string().nullable() }).nullable(),
        recommender: z.object({ name: z.string(), code: z.string() }).nullable(),
        buttons: z.array(z.object({ channel: z.enum(BUY_CHANNELS), href: z.string() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      const brand = await withPlatform(ctx.db, async (tx) => {
        await enforceRateLimit(tx, `invite-lookup:ip:${ctx.ip}`, INVITE_LOOKUP_LIMIT, "Too many lookups. Try again later.");
        return getPortalBrand(tx, input.slug);
      });
      const landing = await withTenant(ctx.db, brand.tenantId, (tx) => buyerLanding(tx, input));
      return { brandName: brand.name, ...landing };
    }),

  /** Is `code` the signed-in member's own referral code (its own link opened)? */
  isOwnCode: distributorProcedure
    .input(z.object({ slug, code: z.string().trim().min(1).max(20) }))
    .output(z.object({ own: z.boolean() }))
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      return { own: await isOwnReferralCode(ctx.tx, ctx.portal.memberId, input.code) };
    }),

  status: distributorProcedure
    .input(z.object({ slug }))
    .output(statusOutput)
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      return portalStatus(ctx.tx, ctx.portal.memberId);
    }),

  submitApplication: distributorProcedure
    /** `agreementVersion`: the distributor agreement version the applicant ticked. */
    .input(applicationSchema.extend({ slug, agreementVersion: z.number().int().min(0) }))
    .output(z.object({ status: z.enum(DISTRIBUTOR_STATUSES), code: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      // In the application's transaction: a refused application records no consent.
      await recordConsents(ctx.tx, {
        memberId: ctx.portal.memberId,
        accepted: { distributor_agreement: input.agreementVersion },
        required: APPLY_DOCUMENTS,
        context: "apply",
        ip: ctx.ip,
      });
      const d = await applyAsDistributor(ctx.tx, ctx.portal.memberId, input);
      return { status: d.status, code: d.code };
    }),

  /** Direct members and counts per level, within the brand's commission levels. */
  team: distributorProcedure
    .input(z.object({ slug, ...page }))
    .output(
      z.object({
        levels: z.array(z.object({ level: z.number(), total: z.number(), active: z.number() })),
        members: z.array(z.object({ code: z.string(), name: z.string(), status: z.enum(DISTRIBUTOR_STATUSES), level: z.number(), joinedAt: z.date() })),
        total: z.number(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      return portalTeam(ctx.tx, ctx.portal.memberId, input);
    }),

  customers: distributorProcedure
    .input(z.object({ slug, ...page }))
    .output(
      z.object({
        total: z.number(),
        items: z.array(z.object({ masked: z.string().nullable(), source: z.string(), boundAt: z.date(), protectedUntil: z.date().nullable() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireActiveDistributor(ctx.tx, ctx.portal.memberId);
      const r = await customersPage(ctx.tx, { distributorId: me.id, limit: input.limit, offset: input.offset });
      return { total: r.total, items: r.items.map(({ memberId: _m, ...rest }) => rest) };
    }),
});
