/**
 * POST /api/v1/products — create or update one product by SKU (201 created, 200 updated).
 * GET  /api/v1/products?sku=… — one product; without `sku`, a page of products
 *      (`page`, `pageSize` ≤ 100, `search`, `status` = active | archived | all).
 */
import { AppError } from "@/server/errors";
import {
  findProductBySku,
  listProducts,
  upsertProductBySku,
  type Product,
} from "@/server/promotion/products";
import type { ApiContext } from "./handler";

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

export async function postProduct(req: Request, ctx: ApiContext) {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AppError("BAD_REQUEST", "The request body must be a JSON object.", {
      fields: { body: "json.invalid" },
    });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("BAD_REQUEST", "The request body must be a JSON object.", {
      fields: { body: "json.invalid" },
    });
  }
  const { product, created } = await upsertProductBySku(
    ctx.tx,
    { type: "api", id: ctx.apiKeyId },
    body,
  );
  return Response.json(productJson(product), {
    status: created ? 201 : 200,
    headers: { location: `/api/v1/products?sku=${encodeURIComponent(product.sku)}` },
  });
}

const intParam = (v: string | null) => (v && /^\d{1,6}$/.test(v) ? Number(v) : undefined);

export async function getProducts(req: Request, ctx: ApiContext) {
  const q = new URL(req.url).searchParams;
  const sku = q.get("sku");
  if (sku !== null) {
    const product = await findProductBySku(ctx.tx, sku.trim());
    if (!product) throw new AppError("NOT_FOUND", "No product with this SKU.");
    return Response.json(productJson(product));
  }
  const page = await listProducts(ctx.tx, {
    page: intParam(q.get("page")),
    pageSize: intParam(q.get("pageSize")),
    search: q.get("search") ?? undefined,
    status: q.get("status") ?? undefined,
  });
  return Response.json({ ...page, items: page.items.map(productJson) });
}
