/** Console: the brand's legal documents (Settings → Legal). Publishing makes a new version. */
import { z } from "zod";
import { legalDocument, publishLegalSchema, publishLegalDocument } from "@/server/legal/documents";
import { LEGAL_KINDS } from "@/server/legal/kinds";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

const doc = z.object({ kind: z.enum(LEGAL_KINDS), version: z.number(), bodyZh: z.string(), bodyEn: z.string(), publishedAt: z.date().nullable() });

export const legalRouter = createTRPCRouter({
  /** The current version of each document. */
  list: tenantProcedure("settings.read")
    .output(z.array(doc))
    .query(async ({ ctx }) => {
      const out = [];
      for (const kind of LEGAL_KINDS) out.push((await legalDocument(ctx.tx, kind))!);
      return out;
    }),

  publish: tenantProcedure("settings.write")
    .input(publishLegalSchema)
    .output(z.object({ kind: z.enum(LEGAL_KINDS), version: z.number(), publishedAt: z.date() }))
    .mutation(({ ctx, input }) => publishLegalDocument(ctx.tx, staffActor(ctx), input)),
});
