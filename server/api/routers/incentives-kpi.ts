/**
 * Console: KPI tasks (CRUD with completion rates) and leaderboards with full names. Thin: the
 * services in server/incentives/ do the work inside the tenant transaction.
 */
import { z } from "zod";
import { cancelKpiTask, createKpiTask, kpiTaskListSchema, listKpiTasks, updateKpiTask } from "@/server/incentives/kpi/tasks";
import { kpiTaskInputSchema, kpiTaskUpdateSchema } from "@/server/incentives/kpi/schemas";
import { leaderboardQuerySchema, readLeaderboard } from "@/server/incentives/leaderboards/read";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const int = z.number().int();
const kpiTaskRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  month: z.string(),
  metric: z.enum(["gmv", "orders", "new_customers"]),
  target: int,
  rewardFen: int,
  levelId: z.string().nullable(),
  levelName: z.string().nullable(),
  role: z.string().nullable(),
  status: z.enum(["active", "cancelled"]),
  eligible: int,
  reached: int,
  rewarded: int,
  rewardedFen: int,
  completionBp: int,
});

const actorOf = (ctx: { staff: { userId: string } }) => ({ type: "staff" as const, id: ctx.staff.userId });

export const kpiTasksRouter = createTRPCRouter({
  list: tenantProcedure("distributors.read")
    .input(kpiTaskListSchema)
    .output(z.object({ total: z.number().int(), items: z.array(kpiTaskRowSchema) }))
    .query(({ ctx, input }) => listKpiTasks(ctx.tx, ctx.tenant.id, input)),

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
