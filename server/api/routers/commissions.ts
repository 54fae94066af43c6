import { commissionRuleOptions, listCommissions } from "@/server/orders/console-commissions";
import { commissionListInputSchema } from "@/server/orders/console-schemas";
import { commissionListResultSchema, ruleOptionsSchema } from "@/server/orders/console-views";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/** Order Settlement → Commissions: the list and the rules its rule filter offers. */
export const commissionsRouter = createTRPCRouter({
  list: tenantProcedure("orders.read")
    .input(commissionListInputSchema)
    .output(commissionListResultSchema)
    .query(({ ctx, input }) => listCommissions(ctx.tx, input)),
  ruleOptions: tenantProcedure("orders.read")
    .output(ruleOptionsSchema)
    .query(({ ctx }) => commissionRuleOptions(ctx.tx)),
});
