import { z } from "zod";
import { createBrand } from "@/server/tenancy/brands";
import { acceptInviteSchema, signupSchema } from "@/server/tenancy/schemas";
import { acceptInvitation, describeInvitation } from "@/server/tenancy/staff";
import { createTRPCRouter, publicProcedure } from "../trpc";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { withPlatform } from "@/db/tenant";

/** Public account flows; the client signs in through next-auth after they succeed. */
export const authRouter = createTRPCRouter({
  signup: publicProcedure.input(signupSchema).mutation(async ({ ctx, input }) => {
    await withPlatform(ctx.db, (tx) =>
      enforceRateLimit(
        tx,
        `signup:ip:${ctx.ip}`,
        { limit: 10, windowSeconds: 3600 },
        "Too many signups from this network. Try again later.",
      ),
    );
    const brand = await createBrand(ctx.db, input);
    return { slug: brand.slug, tenantId: brand.tenantId };
  }),
  invitation: publicProcedure
    .input(z.object({ slug: z.string().max(40), token: z.string().max(100) }))
    .query(({ ctx, input }) => describeInvitation(ctx.db, input.slug, input.token)),
  acceptInvitation: publicProcedure.input(acceptInviteSchema).mutation(async ({ ctx, input }) => {
    const r = await acceptInvitation(ctx.db, input);
    return { tenantId: r.tenantId };
  }),
});
