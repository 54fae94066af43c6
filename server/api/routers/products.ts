import { z } from "zod";
import {
  createProduct,
  listProducts,
  setProductArchived,
  updateProduct,
} from "@/server/promotion/products";
import { productInputSchema, productListSchema } from "@/server/promotion/schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

const byId = z.object({ id: z.uuid() });

export const productsRouter = createTRPCRouter({
  list: tenantProcedure("distributors.read")
    .input(productListSchema)
    .query(({ ctx, input }) => listProducts(ctx.tx, input)),
  create: tenantProcedure("distributors.manage")
    .input(productInputSchema)
    .mutation(({ ctx, input }) => createProduct(ctx.tx, staffActor(ctx), input)),
  update: tenantProcedure("distributors.manage")
    .input(productInputSchema.extend({ id: z.uuid() }))
    .mutation(({ ctx, input: { id, ...input } }) =>
      updateProduct(ctx.tx, staffActor(ctx), id, input),
    ),
  archive: tenantProcedure("distributors.manage")
    .input(byId)
    .mutation(({ ctx, input }) => setProductArchived(ctx.tx, staffActor(ctx), input.id, true)),
  restore: tenantProcedure("distributors.manage")
    .input(byId)
    .mutation(({ ctx, input }) => setProductArchived(ctx.tx, staffActor(ctx), input.id, false)),
});
