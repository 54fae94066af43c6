/**
 * Console: KPI tasks (CRUD with completion rates) and leaderboards with full names. Thin: the
 * services in server/incentives/ do the work inside the tenant transaction.
 */
import { z } from "zod";
import { cancelKpiTask, createKpiTask, listKpiTasks, updateKpiTask } from "@/server/incentives/kpi/tasks";
import { kpiTaskInputSchema, kpiTaskUpdateSchema } from "@/server/incentives/kpi/schemas";
import { leaderboardQuerySchema, readLeaderboard } from "@/server/incentives/leaderboards/read";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const actorOf = (ctx: { staff: { userId: string } }) => ({ type: "staff" as const, id: ctx.staff.userId });

export const kpiTasksRouter = createTRPCRouter({
  list: tenantProcedure("distributors.read")
    .input(
      z.object({
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullish(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => listKpiTasks(ctx.tx, ctx.tenant.id, { month: input.month ?? undefined, page: input.page, pageSize: input.pageSize })),

  create: tenantProcedure("rules.manage")
    .input(kpiTaskInputSchema)
    .mutation(async ({ ctx, input }) => ({ id: (await createKpiTask(ctx.tx, actorOf(ctx), input)).id })),

  update: tenantProcedure("rules.manage")
    .input(kpiTaskUpdateSchema)
    .mutation(async ({ ctx, input }) => ({ id: (await updateKpiTask(ctx.tx, actorOf(ctx), input)).id })),

  cancel: tenantProcedure("rules.manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => ({ id: (await cancelKpiTask(ctx.tx, actorOf(ctx), input.id)).id })),
});

export const leaderboardsRouter = createTRPCRouter({
  /** Full names: staff see who is who. */
  read: tenantProcedure("distributors.read")
    .input(leaderboardQuerySchema)
    .query(({ ctx, input }) => readLeaderboard(ctx.tx, ctx.tenant.id, input, { mask: false })),
});
