import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/tenancy/api-keys";
import { apiKeyNameSchema } from "@/server/tenancy/schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

export const apiKeysRouter = createTRPCRouter({
  list: tenantProcedure("apikeys.manage").query(({ ctx }) => listApiKeys(ctx.tx)),
  /** The raw key is in this response only; it is never stored or shown again. */
  create: tenantProcedure("apikeys.manage")
    .input(apiKeyNameSchema)
    .mutation(({ ctx, input }) => createApiKey(ctx.tx, staffActor(ctx), input)),
  revoke: tenantProcedure("apikeys.manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.tx, staffActor(ctx), input.id)),
});
