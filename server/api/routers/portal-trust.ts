/**
 * Portal: the brand's legal documents (readable before signing in) and the member's
 * notification list.
 */
import { z } from "zod";
import { withPlatform, withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { currentLegalVersions, legalDocument } from "@/server/legal/documents";
import { LEGAL_KINDS } from "@/server/legal/kinds";
import { NOTIFICATION_KINDS, isNotificationKind } from "@/server/notify/kinds";
import { listNotifications, markRead, unreadCount } from "@/server/notify/notify";
import { getPortalBrand } from "@/server/portal/brand";
import { createTRPCRouter, distributorProcedure, publicProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);
const versions = z.object({ user_agreement: z.number(), privacy_notice: z.number(), distributor_agreement: z.number(), sensitive_info: z.number() });

export const portalTrustRouter = createTRPCRouter({
  /** The current version of each document: what the consent checkboxes accept. */
  legalVersions: publicProcedure
    .input(z.object({ slug }))
    .output(versions)
    .query(async ({ ctx, input }) => {
      const brand = await withPlatform(ctx.db, (tx) => getPortalBrand(tx, input.slug));
      return withTenant(ctx.db, brand.tenantId, (tx) => currentLegalVersions(tx));
    }),

  /** One document, current or a given version (consents point at old versions). */
  legalDocument: publicProcedure
    .input(z.object({ slug, kind: z.enum(LEGAL_KINDS), version: z.number().int().min(0).max(1_000_000).optional() }))
    .output(z.object({ kind: z.enum(LEGAL_KINDS), version: z.number(), bodyZh: z.string(), bodyEn: z.string(), publishedAt: z.date().nullable() }))
    .query(async ({ ctx, input }) => {
      const brand = await withPlatform(ctx.db, (tx) => getPortalBrand(tx, input.slug));
      const doc = await withTenant(ctx.db, brand.tenantId, (tx) => legalDocument(tx, input.kind, input.version));
      if (!doc) throw new AppError("NOT_FOUND", "No such version.");
      return doc;
    }),

  notifications: distributorProcedure
    .input(z.object({ slug, limit: z.number().int().min(1).max(50).default(20), offset: z.number().int().min(0).max(100_000).default(0) }))
    .output(
      z.object({
        items: z.array(z.object({ id: z.string(), kind: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])), href: z.string().nullable(), readAt: z.date().nullable(), createdAt: z.date() })),
        unread: z.number(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const rows = await listNotifications(ctx.tx, ctx.portal.memberId, input);
      return {
        // A kind this build does not know (written by a newer one) is still listed, without a link.
        items: rows.map((r) => ({ ...r, href: isNotificationKind(r.kind) ? NOTIFICATION_KINDS[r.kind].href : null })),
        unread: await unreadCount(ctx.tx, ctx.portal.memberId),
      };
    }),

  unreadCount: distributorProcedure
    .input(z.object({ slug }))
    .output(z.object({ unread: z.number() }))
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      return { unread: await unreadCount(ctx.tx, ctx.portal.memberId) };
    }),

  markRead: distributorProcedure
    .input(z.object({ slug, ids: z.union([z.array(z.uuid()).min(1).max(100), z.literal("all")]) }))
    .output(z.object({ marked: z.number() }))
    .mutation(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      return { marked: await markRead(ctx.tx, ctx.portal.memberId, input.ids) };
    }),
});
