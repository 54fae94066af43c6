import { z } from "zod";
import { templateInputSchema } from "@/server/promotion/schemas";
import {
  archiveTemplate,
  createTemplate,
  listTemplates,
  setDefaultTemplate,
  updateTemplate,
} from "@/server/promotion/templates";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

const byId = z.object({ id: z.uuid() });

export const posterTemplatesRouter = createTRPCRouter({
  list: tenantProcedure("distributors.read")
    .input(
      z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }),
    )
    .query(({ ctx, input }) => listTemplates(ctx.tx, input)),
  create: tenantProcedure("distributors.manage")
    .input(templateInputSchema.extend({ isDefault: z.boolean().optional() }))
    .mutation(({ ctx, input }) => createTemplate(ctx.tx, staffActor(ctx), input)),
  update: tenantProcedure("distributors.manage")
    .input(templateInputSchema.extend({ id: z.uuid() }))
    .mutation(({ ctx, input: { id, ...input } }) =>
      updateTemplate(ctx.tx, staffActor(ctx), id, input),
    ),
  setDefault: tenantProcedure("distributors.manage")
    .input(byId)
    .mutation(({ ctx, input }) => setDefaultTemplate(ctx.tx, staffActor(ctx), input.id)),
  archive: tenantProcedure("distributors.manage")
    .input(byId)
    .mutation(({ ctx, input }) => archiveTemplate(ctx.tx, staffActor(ctx), input.id)),
});
