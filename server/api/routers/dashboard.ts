/** The console home's figures, until the workbench dashboard replaces them. */
import { consoleCounts } from "@/server/network/activity";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const dashboardRouter = createTRPCRouter({
  counts: tenantProcedure("dashboard.read").query(({ ctx }) => consoleCounts(ctx.tx)),
});
