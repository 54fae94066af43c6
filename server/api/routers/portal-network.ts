/**
 * The distributor's own network in the portal: apply (optionally through an inviter's link),
 * application status, My Team and My Customers. Outputs are declared so nothing private
 * (member ids of others, raw identities, tree paths) reaches a phone.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { brandSettings, distributorLevels, distributors, members } from "@/db/schema";
import { withPlatform, withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { customersPage } from "@/server/network/binding";
import { applyAsDistributor } from "@/server/network/distributors";
import { findByCode, findByMember } from "@/server/network/find";
import { applicationSchema, DISTRIBUTOR_ROLES, DISTRIBUTOR_STATUSES } from "@/server/network/schemas";
import { countTeam, teamPage } from "@/server/network/tree";
import { getPortalBrand } from "@/server/portal/brand";
import { createTRPCRouter, distributorProcedure, publicProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);
const page = { limit: z.number().int().min(1).max(50).default(20), offset: z.number().int().min(0).max(100_000).default(0) };

async function requireActive(ctx: { tx: Tx; portal: { memberId: string } }) {
  const d = await findByMember(ctx.tx, ctx.portal.memberId);
  if (!d || d.status !== "active") throw new AppError("FORBIDDEN", "Only active distributors have a team.");
  return d;
}

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
  /** Who invited me: shown on the apply page reached through an invite link. */
  invite: publicProcedure
    .input(z.object({ slug, code: z.string().trim().min(1).max(20) }))
    .output(z.object({ inviterName: z.string(), inviterCode: z.string(), brandName: z.string() }))
    .query(async ({ ctx, input }) => {
      const brand = await withPlatform(ctx.db, (tx) => getPortalBrand(tx, input.slug));
      const d = await withTenant(ctx.db, brand.tenantId, (tx) => findByCode(tx, input.code));
      if (!d || d.status !== "active") throw new AppError("NOT_FOUND", "This invite link is no longer valid.");
      return { inviterName: d.name, inviterCode: d.code, brandName: brand.name };
    }),

  status: distributorProcedure
    .input(z.object({ slug }))
    .output(statusOutput)
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const [settings] = await ctx.tx.select().from(brandSettings);
      const [member] = await ctx.tx.select({ spent: members.totalSpendFen }).from(members).where(eq(members.id, ctx.portal.memberId));
      const d = await findByMember(ctx.tx, ctx.portal.memberId);
      let distributor: z.infer<typeof statusOutput>["distributor"] = null;
      if (d) {
        const [lvl] = d.levelId ? await ctx.tx.select({ name: distributorLevels.name }).from(distributorLevels).where(eq(distributorLevels.id, d.levelId)) : [];
        const [up] = d.uplineId ? await ctx.tx.select({ name: distributors.name }).from(distributors).where(eq(distributors.id, d.uplineId)) : [];
        distributor = {
          code: d.code,
          name: d.name,
          status: d.status,
          role: d.role,
          region: d.region,
          levelName: lvl?.name ?? null,
          rejectReason: d.rejectReason,
          appliedAt: d.appliedAt,
          approvedAt: d.approvedAt,
          uplineName: up?.name ?? null,
          directCustomerCount: d.directCustomerCount,
        };
      }
      return {
        distributor,
        enrolment: {
          mode: settings!.enrolmentMode,
          autoApprove: settings!.enrolmentAutoApprove,
          thresholdFen: settings!.enrolmentSpendThresholdFen,
          spentFen: member?.spent ?? 0,
          fields: settings!.applicationFields,
        },
        commissionLevels: settings!.commissionLevels,
      };
    }),

  submitApplication: distributorProcedure
    .input(applicationSchema.extend({ slug }))
    .output(z.object({ status: z.enum(DISTRIBUTOR_STATUSES), code: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
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
      const me = await requireActive(ctx);
      const [settings] = await ctx.tx.select({ levels: brandSettings.commissionLevels }).from(brandSettings);
      // I earn on my own buyers (tier 1) and on team members down to tier `levels`.
      const depth = Math.max(1, (settings?.levels ?? 2) - 1);
      const counts = await countTeam(ctx.tx, me, depth);
      const rows = await teamPage(ctx.tx, { distributorId: me.id, limit: input.limit, offset: input.offset, maxLevels: depth });
      return {
        levels: counts.levels,
        members: rows.map((r) => ({ code: r.code, name: r.name, status: r.status, level: r.level, joinedAt: r.appliedAt })),
        total: counts.levels.reduce((s, l) => s + l.total, 0),
      };
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
      const me = await requireActive(ctx);
      const r = await customersPage(ctx.tx, { distributorId: me.id, limit: input.limit, offset: input.offset });
      return { total: r.total, items: r.items.map(({ memberId: _m, ...rest }) => rest) };
    }),
});
