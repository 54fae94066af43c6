/**
 * Portal "Promote" procedures for the signed-in member: their short link, the products and
 * copy they can share, the poster templates. Every procedure declares its output, so only the
 * listed fields reach a phone; a session is for one brand, so `slug` must be that brand.
 */
import { z } from "zod";
import { listMaterials } from "@/server/promotion/materials";
import { listProducts } from "@/server/promotion/products";
import { distributorActivity } from "@/server/network/activity";
import { findByMember } from "@/server/network/find";
import { promotableProduct, requireActivePromoter } from "@/server/promotion/promoter";
import { ensureShortLink, shortLinkUrl } from "@/server/promotion/short-links";
import { listTemplates } from "@/server/promotion/templates";
import { createTRPCRouter, distributorProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);
const linkOutput = z.object({ code: z.string(), url: z.string() });

export const promoteRouter = createTRPCRouter({
  /** Whether the member can promote, and if so their default link and the poster templates. */
  overview: distributorProcedure
    .input(z.object({ slug }))
    .output(
      z.discriminatedUnion("state", [
        z.object({
          state: z.literal("active"),
          distributor: z.object({ name: z.string(), code: z.string() }),
          link: linkOutput,
          templates: z.array(
            z.object({ id: z.string(), name: z.string(), isDefault: z.boolean() }),
          ),
        }),
        z.object({ state: z.literal("not_distributor") }),
        z.object({
          state: z.literal("inactive"),
          status: z.enum(["applied", "frozen", "disabled", "rejected"]),
        }),
      ]),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const d = await findByMember(ctx.tx, ctx.portal.memberId);
      if (!d) return { state: "not_distributor" as const };
      if (d.status !== "active") return { state: "inactive" as const, status: d.status };
      const link = await ensureShortLink(ctx.tx, { distributorId: d.id });
      const templates = await listTemplates(ctx.tx);
      return {
        state: "active" as const,
        distributor: { name: d.name, code: d.code },
        link: { code: link.code, url: shortLinkUrl(link.code, undefined, ctx.origin) },
        templates: templates.map((t) => ({ id: t.id, name: t.name, isDefault: t.isDefault })),
      };
    }),

  /** The member's link for one product (created on first use). */
  link: distributorProcedure
    .input(z.object({ slug, productId: z.uuid() }))
    .output(linkOutput)
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const d = await requireActivePromoter(ctx.tx, ctx.portal.memberId);
      const product = await promotableProduct(ctx.tx, input.productId);
      const link = await ensureShortLink(ctx.tx, { distributorId: d.id, productId: product.id });
      return { code: link.code, url: shortLinkUrl(link.code, undefined, ctx.origin) };
    }),

  /** Products the member can promote (active ones), paged, with search. */
  products: distributorProcedure
    .input(
      z.object({
        slug,
        search: z.string().trim().max(100).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
      }),
    )
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            sku: z.string(),
            priceFen: z.number().int(),
            imageUrl: z.string().nullable(),
          }),
        ),
        total: z.number().int(),
        page: z.number().int(),
        pageSize: z.number().int(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      await requireActivePromoter(ctx.tx, ctx.portal.memberId);
      return listProducts(ctx.tx, {
        status: "active",
        search: input.search,
        page: input.page,
        pageSize: 50,
      });
    }),

  /** Ready-written copy and images, general ones plus those of the chosen product. */
  materials: distributorProcedure
    .input(
      z.object({
        slug,
        productId: z.uuid().optional(),
        page: z.number().int().min(1).max(10_000).default(1),
      }),
    )
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.string(),
            kind: z.enum(["image", "copy"]),
            title: z.string(),
            body: z.string().nullable(),
            imageUrl: z.string().nullable(),
            productName: z.string().nullable(),
          }),
        ),
        total: z.number().int(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      await requireActivePromoter(ctx.tx, ctx.portal.memberId);
      return listMaterials(ctx.tx, { productId: input.productId, page: input.page, pageSize: 50 });
    }),

  /** The member's own reach: visits, visitors and customers bound, overall and per link. */
  stats: distributorProcedure
    .input(z.object({ slug }))
    .output(
      z.object({
        clicks: z.number().int(),
        clicksThisWeek: z.number().int(),
        visitors: z.number().int(),
        customersBound: z.number().int(),
        customersBoundThisWeek: z.number().int(),
        links: z.array(
          z.object({
            code: z.string(),
            productName: z.string().nullable(),
            clicks: z.number().int(),
            clicksThisWeek: z.number().int(),
            visitors: z.number().int(),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const d = await requireActivePromoter(ctx.tx, ctx.portal.memberId);
      return distributorActivity(ctx.tx, d.id);
    }),
});
