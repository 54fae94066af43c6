import { z } from "zod";
import { LOCALES } from "@/server/i18n/config";
import {
  deleteMapping,
  importDetail,
  issuesFilterSchema,
  issuesPage,
  listImports,
  listMappings,
  markResumable,
  runImport,
  saveMapping,
  saveMappingSchema,
} from "@/server/orders/import-service";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const page = { limit: z.number().int().min(1).max(100).default(20), offset: z.number().int().min(0).max(1_000_000).default(0) };

/**
 * Order file imports (Order Settlement → Import). Uploads go through POST /api/imports/upload
 * (a file is not JSON); here: the history with progress, one import, its issues, the brand's
 * saved column mappings, and resuming an import that stopped.
 */
export const importsRouter = createTRPCRouter({
  list: tenantProcedure("orders.read")
    .input(z.object(page))
    .query(({ ctx, input }) => listImports(ctx.tx, input)),
  get: tenantProcedure("orders.read")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => importDetail(ctx.tx, input.id)),
  issues: tenantProcedure("orders.read")
    .input(issuesFilterSchema.extend({ ...page, locale: z.enum(LOCALES) }))
    .query(({ ctx, input }) => issuesPage(ctx.tx, input, input, input.locale)),
  mappings: tenantProcedure("orders.read").query(({ ctx }) => listMappings(ctx.tx)),
  saveMapping: tenantProcedure("settlement.manage")
    .input(saveMappingSchema)
    .mutation(({ ctx, input }) => saveMapping(ctx.tx, ctx.tenant.id, input)),
  deleteMapping: tenantProcedure("settlement.manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await deleteMapping(ctx.tx, input.id);
      return { ok: true as const };
    }),
  /** Continues a stopped import after its last committed chunk, in the background. */
  resume: tenantProcedure("settlement.manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await markResumable(ctx.tx, input.id);
      const { db } = ctx;
      const tenantId = ctx.tenant.id;
      // The runner claims the import in its own transaction, after this one has committed.
      setTimeout(() => void runImport(db, tenantId, input.id).catch((e: unknown) => console.error("order import resume failed", e)), 0);
      return { ok: true as const };
    }),
});
