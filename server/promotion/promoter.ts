/**
 * The signed-in member as a promoter: their distributor record (if any) and what their QR code
 * and posters are made of. Every read runs in the member's tenant transaction.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { brandSettings, products, tenants } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { findByMember } from "@/server/network/find";
import { ensureShortLink, type ShortLink } from "./short-links";
import { templateForPoster, type PosterTemplate } from "./templates";

export type Promoter = NonNullable<Awaited<ReturnType<typeof findByMember>>>;

/** Only an active distributor has links to share (a frozen one's links stop resolving too). */
export async function requireActivePromoter(tx: Tx, memberId: string): Promise<Promoter> {
  const d = await findByMember(tx, memberId);
  if (!d || d.status !== "active")
    throw new AppError("FORBIDDEN", "Only active distributors can promote.");
  return d;
}

/** A product distributors may promote: it exists in this brand and is not archived. */
export async function promotableProduct(tx: Tx, productId: string) {
  const [row] = await tx
    .select({
      id: products.id,
      name: products.name,
      sku: products.sku,
      priceFen: products.priceFen,
      imageUrl: products.imageUrl,
    })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.status, "active")));
  if (!row) throw new AppError("NOT_FOUND", "Product not found.");
  return row;
}

export async function brandDisplayName(tx: Tx): Promise<string> {
  const tenantId = await currentTenantId(tx);
  const [row] = await tx
    .select({ display: brandSettings.displayName, name: tenants.name })
    .from(tenants)
    .leftJoin(brandSettings, eq(brandSettings.tenantId, tenants.id))
    .where(eq(tenants.id, tenantId));
  return row?.display ?? row?.name ?? "";
}

export interface PromoteAssets {
  promoter: Promoter;
  link: ShortLink;
  product: Awaited<ReturnType<typeof promotableProduct>> | null;
  template: PosterTemplate | null;
  brandName: string;
}

/** Everything a QR code or poster needs; the link is created on first use. */
export async function loadPromoteAssets(
  tx: Tx,
  memberId: string,
  opts: { productId?: string | null; templateId?: string | null; forPoster?: boolean },
): Promise<PromoteAssets> {
  const promoter = await requireActivePromoter(tx, memberId);
  const product = opts.productId ? await promotableProduct(tx, opts.productId) : null;
  const link = await ensureShortLink(tx, { distributorId: promoter.id, productId: product?.id });
  if (!opts.forPoster) return { promoter, link, product, template: null, brandName: "" };
  return {
    promoter,
    link,
    product,
    template: await templateForPoster(tx, opts.templateId),
    brandName: await brandDisplayName(tx),
  };
}
