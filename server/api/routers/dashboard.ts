/**
 * The console home: today's counts (brands still setting up) and the performance dashboard.
 * Each dashboard read first folds what changed into the aggregates (a bounded batch of days,
 * SKIP LOCKED: never waits on the background refresher), then reads the aggregates only.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { addMonths, monthDays } from "@/server/dashboard/month";
import {
  dashboardData,
  dashboardInputSchema,
  topDistributors,
  topInputSchema,
} from "@/server/dashboard/queries";
import { refreshDashboard } from "@/server/dashboard/refresh";
import { consoleCounts } from "@/server/network/activity";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/**
 * Days a read may fold before it answers, the month shown and the one before first (its
 * change needs it); the background refresher does the rest of a long backlog. In steady state
 * the queue holds a day or two.
 */
const READ_FOLD_DAYS = 62;

const freshen = (tx: Tx, month: string) =>
  refreshDashboard(tx, {
    skipLocked: true,
    maxDays: READ_FOLD_DAYS,
    prefer: { from: monthDays(addMonths(month, -1)).first, to: monthDays(month).last },
  });

export const dashboardRouter = createTRPCRouter({
  counts: tenantProcedure("dashboard.read").query(({ ctx }) => consoleCounts(ctx.tx)),
  /** Whether the brand has any order yet: the console home shows the dashboard once it has. */
  hasOrders: tenantProcedure("dashboard.read").query(
    async ({ ctx }) => rowsOf(await ctx.tx.execute(sql`select 1 from orders limit 1`)).length > 0,
  ),
  overview: tenantProcedure("dashboard.read")
    .input(dashboardInputSchema)
    .query(async ({ ctx, input }) => {
      await freshen(ctx.tx, input.month);
      return dashboardData(ctx.tx, input);
    }),
  top: tenantProcedure("dashboard.read")
    .input(topInputSchema)
    .query(async ({ ctx, input }) => {
      await freshen(ctx.tx, input.month);
      return topDistributors(ctx.tx, input);
    }),
});
