/** The promotion-materials library: images and ready-written copy distributors can share. */
import { and, count, desc, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { products, promotionMaterials } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { materialInputSchema, materialListSchema, type MaterialInput } from "./schemas";
import { containsPattern, parseInput } from "./validate";

export type Material = typeof promotionMaterials.$inferSelect;

export async function createMaterial(tx: Tx, actor: Actor, raw: MaterialInput): Promise<Material> {
  const input = parseInput(materialInputSchema, raw);
  if (input.productId) {
    const [p] = await tx
      .select({ id: products.id })
      .from(products)
      .where(eq(products.id, input.productId));
    if (!p)
      throw new AppError("NOT_FOUND", "Product not found.", {
        fields: { productId: "product.notFound" },
      });
  }
  const [row] = await tx
    .insert(promotionMaterials)
    .values({
      tenantId: await currentTenantId(tx),
      kind: input.kind,
      title: input.title,
      body: input.body,
      imageUrl: input.kind === "image" ? input.imageUrl : null,
      productId: input.productId,
    })
    .returning();
  await audit(tx, actor, {
    action: "material.create",
    targetType: "promotion_material",
    targetId: row!.id,
    data: { kind: input.kind },
  });
  return row!;
}

export async function archiveMaterial(tx: Tx, actor: Actor, id: string): Promise<Material> {
  const [row] = await tx
    .update(promotionMaterials)
    .set({ archivedAt: sql`now()` })
    .where(and(eq(promotionMaterials.id, id), isNull(promotionMaterials.archivedAt)))
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "Material not found.");
  await audit(tx, actor, {
    action: "material.archive",
    targetType: "promotion_material",
    targetId: id,
  });
  return row;
}

/**
 * One page of live materials, newest first, with the product's name. With `productId`, the
 * product's own materials and the general ones (no product) both show.
 */
export async function listMaterials(tx: Tx, raw: unknown) {
  const input = parseInput(materialListSchema, raw ?? {});
  const filters: (SQL | undefined)[] = [isNull(promotionMaterials.archivedAt)];
  if (input.kind) filters.push(eq(promotionMaterials.kind, input.kind));
  if (input.productId) {
    filters.push(
      or(eq(promotionMaterials.productId, input.productId), isNull(promotionMaterials.productId)),
    );
  }
  if (input.search) {
    const p = containsPattern(input.search);
    filters.push(or(ilike(promotionMaterials.title, p), ilike(promotionMaterials.body, p)));
  }
  const where = and(...filters);
  const items = await tx
    .select({
      id: promotionMaterials.id,
      kind: promotionMaterials.kind,
      title: promotionMaterials.title,
      body: promotionMaterials.body,
      imageUrl: promotionMaterials.imageUrl,
      productId: promotionMaterials.productId,
      productName: products.name,
      createdAt: promotionMaterials.createdAt,
    })
    .from(promotionMaterials)
    .leftJoin(
      products,
      and(
        eq(products.tenantId, promotionMaterials.tenantId),
        eq(products.id, promotionMaterials.productId),
      ),
    )
    .where(where)
    .orderBy(desc(promotionMaterials.createdAt), desc(promotionMaterials.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [total] = await tx.select({ n: count() }).from(promotionMaterials).where(where);
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}
