import { z } from "zod";
import { archiveMaterial, createMaterial, listMaterials } from "@/server/promotion/materials";
import { materialInputSchema, materialListSchema } from "@/server/promotion/schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

export const materialsRouter = createTRPCRouter({
  list: tenantProcedure("distributors.read")
    .input(materialListSchema)
    .query(({ ctx, input }) => listMaterials(ctx.tx, input)),
  create: tenantProcedure("distributors.manage")
    .input(materialInputSchema)
    .mutation(({ ctx, input }) => createMaterial(ctx.tx, staffActor(ctx), input)),
  archive: tenantProcedure("distributors.manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => archiveMaterial(ctx.tx, staffActor(ctx), input.id)),
});
