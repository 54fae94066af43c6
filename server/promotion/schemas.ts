/**
 * Input schemas for products, poster templates and materials, shared by the console forms
 * (client) and the services. Messages are i18n keys under "promotion.validation".
 */
import { z } from "zod";
import { productBuyLinksSchema } from "./buy-links";
import { MAX_PRICE_FEN } from "./price";

/**
 * Where an image may come from: an http(s) URL, a path under the app's public/ folder
 * ("/posters/bg.png"), or an inline data: image (small; useful for uploads and tests).
 */
const IMAGE_URL =
  /^(?:https?:\/\/[^\s]+|\/(?!\/)[^\s]*|data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+)$/;
export const MAX_DATA_URL_CHARS = 400_000;

export const imageUrlSchema = z
  .string()
  .trim()
  .refine(
    (s) => s.length <= (s.startsWith("data:") ? MAX_DATA_URL_CHARS : 2000),
    "imageUrl.tooLong",
  )
  .refine((s) => IMAGE_URL.test(s), "imageUrl.invalid");

/** Optional image: "" and null mean none. */
export const optionalImageUrl = z
  .union([imageUrlSchema, z.literal("")])
  .nullish()
  .transform((v) => (v ? v : null));

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "text.tooLong")
    .nullish()
    .transform((v) => (v ? v : null));

export const skuSchema = z
  .string()
  .trim()
  .min(1, "sku.required")
  .max(64, "sku.tooLong")
  .regex(/^[\p{L}\p{N}._\-/#]+$/u, "sku.format");

export const priceFenSchema = z
  .number("price.invalid")
  .int("price.invalid")
  .min(0, "price.invalid")
  .max(MAX_PRICE_FEN, "price.tooHigh");

export const productStatusSchema = z.enum(["active", "archived"]);

export const productInputSchema = z.object({
  sku: skuSchema,
  name: z.string().trim().min(1, "name.required").max(120, "name.tooLong"),
  category: optionalText(60),
  priceFen: priceFenSchema,
  imageUrl: optionalImageUrl,
  /** Left out: unchanged (the public API does not carry buy links). */
  buyLinks: productBuyLinksSchema.optional(),
});
export type ProductInput = z.input<typeof productInputSchema>;

/** The public API's product body (POST /api/v1/products): upsert by SKU. */
export const productApiSchema = productInputSchema.extend({
  status: productStatusSchema.optional(),
});

export const listPageSchema = z.object({
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
  search: z.string().trim().max(100).optional(),
});

export const productListSchema = listPageSchema.extend({
  status: z.enum(["active", "archived", "all"]).default("active"),
});

const colour = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "colour.invalid");

export const templateInputSchema = z.object({
  name: z.string().trim().min(1, "name.required").max(60, "name.tooLong"),
  backgroundUrl: optionalImageUrl,
  headline: optionalText(60),
  textColor: colour,
  accentColor: colour,
});
export type TemplateInput = z.input<typeof templateInputSchema>;

export const materialInputSchema = z
  .object({
    kind: z.enum(["image", "copy"]),
    title: z.string().trim().min(1, "title.required").max(80, "title.tooLong"),
    body: optionalText(2000),
    imageUrl: optionalImageUrl,
    productId: z
      .uuid()
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((m, ctx) => {
    if (m.kind === "copy" && !m.body)
      ctx.addIssue({ code: "custom", path: ["body"], message: "body.required" });
    if (m.kind === "image" && !m.imageUrl) {
      ctx.addIssue({ code: "custom", path: ["imageUrl"], message: "imageUrl.required" });
    }
  });
export type MaterialInput = z.input<typeof materialInputSchema>;

export const materialListSchema = listPageSchema.extend({
  kind: z.enum(["image", "copy"]).optional(),
  productId: z.uuid().optional(),
});
