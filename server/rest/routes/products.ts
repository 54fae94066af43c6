/**
 * POST /api/v1/products — create or update one product by SKU (201 created, 200 updated).
 * GET  /api/v1/products?sku=… — one product; without `sku`, a page of products.
 */
import { z } from "@hono/zod-openapi";
import { AppError } from "@/server/errors";
import { MAX_PRICE_FEN } from "@/server/promotion/price";
import { findProductBySku, listProducts, upsertProductBySku, type Product } from "@/server/promotion/products";
import { MAX_DATA_URL_CHARS, priceFenSchema, skuSchema } from "@/server/promotion/schemas";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { isoTime, jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const ProductSchema = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    priceFen: z.number().int(),
    imageUrl: z.string().nullable(),
    status: z.enum(["active", "archived"]),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .openapi("Product", {
    example: {
      id: "0190a1b2-0000-7000-8000-0000000000b1",
      sku: "TEA-001",
      name: "明前龙井 250g",
      category: "tea",
      priceFen: 16800,
      imageUrl: null,
      status: "active",
      createdAt: "2024-06-01T10:00:00.000Z",
      updatedAt: "2024-06-01T10:00:00.000Z",
    },
  });

const ProductInputSchema = z
  .strictObject({
    // The catalogue's own rules; cloned because a zod schema made before @hono/zod-openapi
    // loaded has no .openapi() of its own.
    sku: skuSchema.clone().openapi({ description: "Letters, digits and . _ - / #; unique per brand.", example: "TEA-001" }),
    name: z.string().trim().min(1).max(120).openapi({ example: "明前龙井 250g" }),
    category: z.string().trim().max(60).nullish().openapi({ description: "Commission rules may match on it.", example: "tea" }),
    priceFen: priceFenSchema.clone().openapi({ description: `List price in fen, at most ${MAX_PRICE_FEN}.`, example: 16800 }),
    imageUrl: z.string().trim().max(MAX_DATA_URL_CHARS).nullish().openapi({ description: "https URL, a path on this site, or a small data: image." }),
    status: z.enum(["active", "archived"]).optional().openapi({ description: "Default on create: active; on update: unchanged." }),
  })
  .openapi("ProductInput", { example: { sku: "TEA-001", name: "明前龙井 250g", category: "tea", priceFen: 16800 } });

const ProductQuery = z.object({
  sku: z.string().trim().min(1).max(64).optional().openapi({ description: "Answer with this one product instead of a page." }),
  page: z.coerce.number().int().min(1).max(100_000).optional().openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(100).optional().openapi({ example: 20 }),
  search: z.string().trim().max(100).optional().openapi({ description: "Matches name or SKU." }),
  status: z.enum(["active", "archived", "all"]).optional().openapi({ description: "Default: active." }),
});

const ProductPageSchema = z
  .object({ items: z.array(ProductSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi("ProductPage");

function productJson(p: Product) {
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    category: p.category,
    priceFen: p.priceFen,
    imageUrl: p.imageUrl,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export const upsertProductRoute = restRoute({
  method: "post",
  path: "/api/v1/products",
  tags: ["Products"],
  summary: "Create or update a product by SKU",
  request: { body: jsonBody(ProductInputSchema) },
  responses: {
    200: { description: "Updated.", content: jsonContent(ProductSchema) },
    201: { description: "Created.", content: jsonContent(ProductSchema) },
  },
});

export const getProductsRoute = restRoute({
  method: "get",
  path: "/api/v1/products",
  tags: ["Products"],
  summary: "One product by SKU, or a page of products",
  request: { query: ProductQuery },
  responses: {
    200: { description: "With `sku`: the product (Product). Without: a page (ProductPage).", content: jsonContent(z.union([ProductSchema, ProductPageSchema])) },
    ...problems({ 404: "No product with this SKU." }),
  },
});

export function registerProducts(app: RestApp) {
  app.openapi(upsertProductRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const { product, created } = await upsertProductBySku(tx, actor, c.req.valid("json"));
      return c.json(productJson(product), created ? 201 : 200, { location: `/api/v1/products?sku=${encodeURIComponent(product.sku)}` });
    }),
  );
  app.openapi(getProductsRoute, (c) =>
    inTenant(c, async (tx) => {
      const { sku, ...filter } = c.req.valid("query");
      if (sku !== undefined) {
        const product = await findProductBySku(tx, sku);
        if (!product) throw new AppError("NOT_FOUND", `No product with SKU ${sku}.`);
        return c.json(productJson(product), 200);
      }
      const page = await listProducts(tx, filter);
      return c.json({ ...page, items: page.items.map(productJson) }, 200);
    }),
  );
}
