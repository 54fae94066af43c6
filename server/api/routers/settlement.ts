import { runSettlementNow, settlementStatus } from "@/server/settlement/console";
import { settlementRunSchema, settlementStatusSchema } from "@/server/orders/console-views";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

/** The settlement panel: where commissions stand, and running the due settlement now. */
export const settlementRouter = createTRPCRouter({
  status: tenantProcedure("orders.read")
    .output(settlementStatusSchema)
    .query(({ ctx }) => settlementStatus(ctx.tx)),
  run: tenantProcedure("settlement.manage")
    .output(settlementRunSchema)
    .mutation(({ ctx }) => runSettlementNow(ctx.tx, staffActor(ctx), ctx.tenant.id)),
});
