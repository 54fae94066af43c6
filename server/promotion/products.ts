/** The brand's product catalogue: what distributors promote and what per-product links point at. */
import { and, count, desc, eq, getTableColumns, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { products } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError, isUniqueViolation } from "@/server/errors";
import { audit, diff, type Actor } from "@/server/tenancy/audit";
import {
  productApiSchema,
  productInputSchema,
  productListSchema,
  type ProductInput,
} from "./schemas";
import { containsPattern, parseInput } from "./validate";

export type Product = typeof products.$inferSelect;

const skuTaken = () =>
  new AppError("CONFLICT", "Another product already has this SKU.", {
    fields: { sku: "sku.taken" },
  });

export async function createProduct(tx: Tx, actor: Actor, raw: ProductInput): Promise<Product> {
  const input = parseInput(productInputSchema, raw);
  try {
    const [row] = await tx
      .insert(products)
      .values({ tenantId: await currentTenantId(tx), ...input })
      .returning();
    await audit(tx, actor, {
      action: "product.create",
      targetType: "product",
      targetId: row!.id,
      data: { sku: input.sku },
    });
    return row!;
  } catch (e) {
    if (isUniqueViolation(e, "products_sku_key")) throw skuTaken();
    throw e;
  }
}

export async function getProduct(tx: Tx, id: string): Promise<Product> {
  const [row] = await tx.select().from(products).where(eq(products.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Product not found.");
  return row;
}

export async function findProductBySku(tx: Tx, sku: string): Promise<Product | null> {
  const [row] = await tx.select().from(products).where(eq(products.sku, sku));
  return row ?? null;
}

export async function updateProduct(
  tx: Tx,
  actor: Actor,
  id: string,
  raw: ProductInput,
): Promise<Product> {
  const input = parseInput(productInputSchema, raw);
  const before = await getProduct(tx, id);
  try {
    const [row] = await tx
      .update(products)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(products.id, id))
      .returning();
    await audit(tx, actor, {
      action: "product.update",
      targetType: "product",
      targetId: id,
      data: diff(before, input),
    });
    return row!;
  } catch (e) {
    if (isUniqueViolation(e, "products_sku_key")) throw skuTaken();
    throw e;
  }
}

/** Archived products stay for history (links, orders) but are hidden from distributors. */
export async function setProductArchived(
  tx: Tx,
  actor: Actor,
  id: string,
  archived: boolean,
): Promise<Product> {
  const status = archived ? "archived" : "active";
  const [row] = await tx
    .update(products)
    .set({ status, updatedAt: sql`now()` })
    .where(eq(products.id, id))
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "Product not found.");
  await audit(tx, actor, {
    action: archived ? "product.archive" : "product.restore",
    targetType: "product",
    targetId: id,
  });
  return row;
}

/** One page of products, newest first; `search` matches name, SKU or category. */
export async function listProducts(tx: Tx, raw: unknown) {
  const input = parseInput(productListSchema, raw ?? {});
  const filters: (SQL | undefined)[] = [];
  if (input.status !== "all") filters.push(eq(products.status, input.status));
  if (input.search) {
    const p = containsPattern(input.search);
    filters.push(or(ilike(products.name, p), ilike(products.sku, p), ilike(products.category, p)));
  }
  const where = and(...filters);
  const items = await tx
    .select()
    .from(products)
    .where(where)
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [total] = await tx.select({ n: count() }).from(products).where(where);
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

/**
 * The public API's write: create the product with this SKU, or update it. Returns whether it
 * was created (201) or updated (200). One statement, so concurrent upserts of one SKU are safe.
 */
export async function upsertProductBySku(tx: Tx, actor: Actor, raw: unknown) {
  const input = parseInput(productApiSchema, raw);
  const { status, ...fields } = input;
  const [row] = await tx
    .insert(products)
    .values({ tenantId: await currentTenantId(tx), ...fields, status: status ?? "active" })
    .onConflictDoUpdate({
      target: [products.tenantId, products.sku],
      set: { ...fields, ...(status ? { status } : {}), updatedAt: sql`now()` },
    })
    // xmax = 0 only on a freshly inserted row version: tells created from updated.
    .returning({ ...getTableColumns(products), created: sql<boolean>`(xmax = 0)` });
  const { created, ...product } = row!;
  await audit(tx, actor, {
    action: created ? "product.create" : "product.update",
    targetType: "product",
    targetId: product.id,
    data: { sku: product.sku, via: "api" },
  });
  return { product, created };
}
