import { z } from "zod";
import { bindBuyer, bindingHistory, customersPage, findMemberByIdentity } from "@/server/network/binding";
import { bulkLevelSchema, bulkSetLevel } from "@/server/network/bulk-level";
import { bindingListInputSchema, listBindings } from "@/server/network/console-lists";
import { importDistributorsCsv } from "@/server/network/csv-import";
import {
  adminCreateDistributor,
  changeStatus,
  listDistributors,
  reviewApplications,
  statusHistory,
  updateProfile,
} from "@/server/network/distributors";
import { updateEnrolmentSettings } from "@/server/network/enrolment";
import { identityInputSchema } from "@/server/network/identity";
import { createLevel, deleteLevel, listLevels, updateLevel } from "@/server/network/levels";
import {
  adminCreateDistributorSchema,
  DISTRIBUTOR_ROLES,
  DISTRIBUTOR_SORTS,
  DISTRIBUTOR_STATUSES,
  enrolmentSettingsSchema,
  levelSchema,
  reviewSchema,
  statusChangeSchema,
} from "@/server/network/schemas";
import { distributorActivity, pendingReviewCount } from "@/server/network/activity";
import { ancestors } from "@/server/network/ancestors";
import { getDistributorDetail } from "@/server/network/detail";
import { childrenPage, commissionChain, reparent, teamCounts, teamPage } from "@/server/network/tree";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

const page = { limit: z.number().int().min(1).max(100).default(20), offset: z.number().int().min(0).max(1_000_000).default(0) };

export const distributorsRouter = createTRPCRouter({
  list: tenantProcedure("distributors.read")
    .input(
      z.object({
        status: z.enum(DISTRIBUTOR_STATUSES).optional(),
        role: z.enum(DISTRIBUTOR_ROLES).optional(),
        levelId: z.uuid().optional(),
        q: z.string().max(60).optional(),
        sort: z.enum(DISTRIBUTOR_SORTS).optional(),
        dir: z.enum(["asc", "desc"]).optional(),
        ...page,
      }),
    )
    .query(({ ctx, input }) => listDistributors(ctx.tx, input)),
  /** Applications waiting for review (the sidebar's badge). */
  pendingCount: tenantProcedure("distributors.read").query(({ ctx }) => pendingReviewCount(ctx.tx)),
  /** Visits, visitors and bound customers, per distributor and per link. */
  activity: tenantProcedure("distributors.read")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => distributorActivity(ctx.tx, input.id)),
  detail: tenantProcedure("distributors.read")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getDistributorDetail(ctx.tx, input.id)),
  history: tenantProcedure("distributors.read")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => statusHistory(ctx.tx, input.id)),
  customers: tenantProcedure("distributors.read")
    .input(z.object({ distributorId: z.uuid(), ...page }))
    .query(({ ctx, input }) => customersPage(ctx.tx, input)),
  create: tenantProcedure("distributors.manage")
    .input(adminCreateDistributorSchema)
    .mutation(({ ctx, input }) => adminCreateDistributor(ctx.tx, staffActor(ctx), input)),
  import: tenantProcedure("distributors.manage")
    .input(z.object({ csv: z.string().min(1).max(2_000_000) }))
    .mutation(({ ctx, input }) => importDistributorsCsv(ctx.tx, staffActor(ctx), input.csv)),
  review: tenantProcedure("distributors.manage")
    .input(reviewSchema)
    .mutation(({ ctx, input }) => reviewApplications(ctx.tx, staffActor(ctx), input)),
  changeStatus: tenantProcedure("distributors.manage")
    .input(statusChangeSchema)
    .mutation(({ ctx, input }) => changeStatus(ctx.tx, staffActor(ctx), input)),
  updateProfile: tenantProcedure("distributors.manage")
    .input(z.object({ id: z.uuid(), role: z.enum(DISTRIBUTOR_ROLES), region: z.string().max(60).nullable().optional(), levelId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) => updateProfile(ctx.tx, staffActor(ctx), input.id, input)),
  /** Selected distributors to one level (or none), in one transaction, audited per distributor. */
  bulkSetLevel: tenantProcedure("distributors.manage")
    .input(bulkLevelSchema)
    .mutation(({ ctx, input }) => bulkSetLevel(ctx.tx, staffActor(ctx), input)),
  reparent: tenantProcedure("distributors.manage")
    .input(z.object({ distributorId: z.uuid(), newUplineId: z.uuid().nullable(), reason: z.string().max(200) }))
    .mutation(({ ctx, input }) => reparent(ctx.tx, staffActor(ctx), input)),
  levels: tenantProcedure("distributors.read").query(({ ctx }) => listLevels(ctx.tx)),
  createLevel: tenantProcedure("settings.write")
    .input(levelSchema)
    .mutation(({ ctx, input }) => createLevel(ctx.tx, staffActor(ctx), input)),
  updateLevel: tenantProcedure("settings.write")
    .input(levelSchema.extend({ id: z.uuid() }))
    .mutation(({ ctx, input }) => updateLevel(ctx.tx, staffActor(ctx), input.id, input)),
  deleteLevel: tenantProcedure("settings.write")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteLevel(ctx.tx, staffActor(ctx), input.id)),
  updateEnrolment: tenantProcedure("settings.write")
    .input(enrolmentSettingsSchema)
    .mutation(({ ctx, input }) => updateEnrolmentSettings(ctx.tx, staffActor(ctx), input)),
});

export const teamRouter = createTRPCRouter({
  /** Lazily expanded tree: the children of one node (or the roots) with counts. */
  children: tenantProcedure("distributors.read")
    .input(z.object({ parentId: z.uuid().nullable(), ...page }))
    .query(({ ctx, input }) => childrenPage(ctx.tx, input)),
  counts: tenantProcedure("distributors.read")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => teamCounts(ctx.tx, input.id)),
  members: tenantProcedure("distributors.read")
    .input(z.object({ distributorId: z.uuid(), ...page }))
    .query(({ ctx, input }) => teamPage(ctx.tx, input)),
  chain: tenantProcedure("distributors.read")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => commissionChain(ctx.tx, input.id)),
  /** Every upline from the root down (breadcrumbs; revealing a searched node in the tree). */
  ancestors: tenantProcedure("distributors.read")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => ancestors(ctx.tx, input.id)),
});

export const bindingsRouter = createTRPCRouter({
  /** The browsable bindings list (filters as the export's). */
  list: tenantProcedure("distributors.read")
    .input(bindingListInputSchema)
    .query(({ ctx, input }) => listBindings(ctx.tx, input)),
  /** Look up a buyer by one identity: current binding and history. */
  lookup: tenantProcedure("distributors.read")
    .input(identityInputSchema)
    .query(async ({ ctx, input }) => {
      const member = await findMemberByIdentity(ctx.tx, input.kind, input.value);
      if (!member) return null;
      return { memberId: member.memberId, masked: member.masked, history: await bindingHistory(ctx.tx, member.memberId) };
    }),
  override: tenantProcedure("distributors.manage")
    .input(z.object({ memberId: z.uuid(), distributorId: z.uuid(), reason: z.string().trim().min(2).max(200) }))
    .mutation(({ ctx, input }) =>
      bindBuyer(ctx.tx, { buyerMemberId: input.memberId, distributorId: input.distributorId, source: "manual", reason: input.reason, actor: staffActor(ctx) }),
    ),
});
