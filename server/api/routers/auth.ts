import { z } from "zod";
import { limitAccountCreation } from "@/server/auth/account-creation";
import { isEmailVerified, sendVerificationEmail } from "@/server/auth/email-tokens";
import { switchBrand } from "@/server/auth/staff-auth";
import { LOCALES } from "@/server/i18n/config";
import { createBrand } from "@/server/tenancy/brands";
import { acceptInviteSchema, joinInviteSchema, signupSchema } from "@/server/tenancy/schemas";
import { acceptInvitation, describeInvitation, joinWithNewAccount } from "@/server/tenancy/staff";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";

/** Public account flows; the client signs in through next-auth after they succeed. */
export const authRouter = createTRPCRouter({
  signup: publicProcedure.input(signupSchema).mutation(async ({ ctx, input }) => {
    await limitAccountCreation(ctx.db, ctx.ip);
    const brand = await createBrand(ctx.db, input);
    // The account exists either way; an unsent mail is re-sent from the console's banner.
    await sendVerificationEmail(ctx.db, brand.ownerUserId, { baseUrl: ctx.origin }).catch((e: unknown) =>
      console.error("verification mail failed", e),
    );
    return { slug: brand.slug, tenantId: brand.tenantId };
  }),
  /** Whether the signed-in user's address is verified (the console shows a banner until it is). */
  emailStatus: authedProcedure
    .output(z.object({ verified: z.boolean(), email: z.string() }))
    .query(async ({ ctx }) => ({ verified: await isEmailVerified(ctx.db, ctx.staff.userId), email: ctx.staff.email })),
  /** Sends the verification link again (rate-limited per user). */
  resendVerification: authedProcedure
    .input(z.object({ locale: z.enum(LOCALES).optional() }))
    .output(z.object({ sent: z.boolean() }))
    .mutation(({ ctx, input }) => sendVerificationEmail(ctx.db, ctx.staff.userId, { baseUrl: ctx.origin, locale: input.locale })),
  invitation: publicProcedure
    .input(z.object({ slug: z.string().max(40), token: z.string().max(100) }))
    .query(({ ctx, input }) => describeInvitation(ctx.db, input.slug, input.token)),
  /** The signed-in user joins the inviting brand, which becomes the session's active brand. */
  acceptInvitation: authedProcedure.input(acceptInviteSchema).mutation(async ({ ctx, input }) => {
    const r = await acceptInvitation(ctx.db, { ...input, userId: ctx.staff.userId });
    await switchBrand(ctx.db, ctx.staff, r.tenantId);
    return { tenantId: r.tenantId };
  }),
  /** A new person creates their login from the invitation, then signs in with it. */
  joinInvitation: publicProcedure.input(joinInviteSchema).mutation(async ({ ctx, input }) => {
    await limitAccountCreation(ctx.db, ctx.ip);
    const r = await joinWithNewAccount(ctx.db, input);
    return { tenantId: r.tenantId };
  }),
});
