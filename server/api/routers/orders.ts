import { z } from "zod";
import { LOCALES } from "@/server/i18n/config";
import { listOrders } from "@/server/orders/console-list";
import { orderDetail } from "@/server/orders/console-detail";
import { orderListInputSchema } from "@/server/orders/console-schemas";
import { orderDetailSchema, orderListResultSchema } from "@/server/orders/console-views";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/** Order Settlement → Orders: the list and one order's detail. */
export const ordersRouter = createTRPCRouter({
  list: tenantProcedure("orders.read")
    .input(orderListInputSchema)
    .output(orderListResultSchema)
    .query(({ ctx, input }) => listOrders(ctx.tx, input)),
  /** The locale is the reader's: commission traces are written in it. */
  detail: tenantProcedure("orders.read")
    .input(z.object({ id: z.uuid(), locale: z.enum(LOCALES) }))
    .output(orderDetailSchema)
    .query(({ ctx, input }) => orderDetail(ctx.tx, input.id, input.locale)),
});
