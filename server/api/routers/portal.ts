/**
 * Portal (distributor) procedures: the brand a page is for, phone-code sign-in and the
 * portal home. Every procedure declares its output, so only the listed fields reach a phone.
 */
import { z } from "zod";
import { withPlatform, withTenant } from "@/db/tenant";
import { bindOnSignIn } from "@/server/network/binding";
import { env } from "@/server/env";
import { getPortalBrand } from "@/server/portal/brand";
import { checkConsents, recordConsents } from "@/server/legal/documents";
import { SIGN_IN_DOCUMENTS } from "@/server/legal/kinds";
import { LOCALES } from "@/server/i18n/config";
import { getPortalProfile, rememberMemberContact } from "@/server/portal/member";
import { requestOtp, verifyOtp } from "@/server/portal/otp";
import { clearPortalCookie, isHttpsUrl, portalSessionCookie } from "@/server/portal/portal-cookie";
import { endPortalSession } from "@/server/portal/end-session";
import { createPortalSession } from "@/server/portal/portal-session";
import { createTRPCRouter, distributorProcedure, publicProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);
const brandOutput = z.object({ name: z.string(), slug: z.string() });
const cookieOptions = () => ({ secure: isHttpsUrl(env.APP_URL) });

export const portalRouter = createTRPCRouter({
  /** The brand behind /d/<slug>, or NOT_FOUND. */
  brand: publicProcedure
    .input(z.object({ slug }))
    .output(brandOutput)
    .query(async ({ ctx, input }) => {
      const brand = await withPlatform(ctx.db, (tx) => getPortalBrand(tx, input.slug));
      return { name: brand.name, slug: brand.slug };
    }),

  /** Sends a sign-in code by SMS. */
  requestCode: publicProcedure
    .input(z.object({ slug, phone: z.string().trim().min(1).max(32) }))
    .output(z.object({ resendAfterSeconds: z.number().int(), expiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const brand = await withPlatform(ctx.db, (tx) => getPortalBrand(tx, input.slug));
      return requestOtp(ctx.db, { tenantId: brand.tenantId, phone: input.phone, ip: ctx.ip });
    }),

  /** Verifies the code, signs the member in and sets the HttpOnly session cookie. */
  signIn: publicProcedure
    .input(
      z.object({
        slug,
        phone: z.string().trim().min(1).max(32),
        code: z.string().trim().min(1).max(16),
        /** Referral code from the link that brought the visitor (buyer landing page). */
        ref: z.string().trim().max(20).optional(),
        /** The versions of the user agreement and privacy notice the member ticked (PIPL). */
        consent: z.object({
          user_agreement: z.number().int().min(0),
          privacy_notice: z.number().int().min(0),
        }),
        /** The portal's language: outcome SMS are sent in it. */
        locale: z.enum(LOCALES).optional(),
      }),
    )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const brand = await withPlatform(ctx.db, (tx) => getPortalBrand(tx, input.slug));
      // Checked before the code is used up, so a stale checkbox costs no new SMS.
      await withTenant(ctx.db, brand.tenantId, (tx) => checkConsents(tx, input.consent, SIGN_IN_DOCUMENTS));
      const { memberId, phone } = await verifyOtp(ctx.db, {
        tenantId: brand.tenantId,
        phone: input.phone,
        code: input.code,
      });
      const session = await createPortalSession(ctx.db, brand.tenantId, memberId);
      // A visitor who came through a distributor's link / QR / poster is bound now.
      await withTenant(ctx.db, brand.tenantId, async (tx) => {
        await recordConsents(tx, { memberId, accepted: input.consent, required: SIGN_IN_DOCUMENTS, context: "sign_in", ip: ctx.ip });
        await rememberMemberContact(tx, memberId, { phone, locale: input.locale ?? null });
        await bindOnSignIn(tx, { buyerMemberId: memberId, deviceId: ctx.deviceId, ref: input.ref });
      });
      ctx.resHeaders?.append(
        "Set-Cookie",
        portalSessionCookie(session.cookieValue, session.expiresAt, cookieOptions()),
      );
      return { ok: true as const };
    }),

  /** The signed-in member, for the portal of `slug` only (a session is for one brand). */
  me: distributorProcedure
    .input(z.object({ slug }))
    .output(
      z.object({
        memberId: z.string(),
        maskedPhone: z.string().nullable(),
        brand: brandOutput,
      }),
    )
    .query(async ({ ctx, input }) => {
      const brand = await requireSessionBrand(ctx, input.slug);
      const profile = await getPortalProfile(ctx.tx, brand.tenantId, ctx.portal.memberId);
      return { ...profile, brand: { name: brand.name, slug: brand.slug } };
    }),

  /**
   * A buyer already signed in lands on the join page through a distributor's link: bind as
   * sign-in would (the device's latest click, else `ref`). A refusal (self, loop, locked) is
   * not the buyer's problem, so the outcome is not reported.
   */
  claim: distributorProcedure
    .input(z.object({ slug, ref: z.string().trim().max(20).optional() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      await bindOnSignIn(ctx.tx, {
        buyerMemberId: ctx.portal.memberId,
        deviceId: ctx.deviceId,
        ref: input.ref,
      });
      return { ok: true as const };
    }),

  /** Ends this session (the row and the cookie). */
  signOut: distributorProcedure
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await endPortalSession(ctx.tx, ctx.portal);
      ctx.resHeaders?.append("Set-Cookie", clearPortalCookie(cookieOptions()));
      return { ok: true as const };
    }),
});
