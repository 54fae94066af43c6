/**
 * What a buyer sees after following a distributor's link: the product (for a product link),
 * who recommended it (masked name), and where to buy it, each button carrying the referral.
 * Read inside the brand's transaction; only active products and active distributors show.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { brandSettings, products } from "@/db/schema";
import { findByCode } from "@/server/network/find";
import { maskName } from "@/server/network/mask-name";
import { buyButtons, type BuyButton } from "./buy-links";

export interface BuyerLanding {
  product: { sku: string; name: string; priceFen: number; imageUrl: string | null } | null;
  recommender: { name: string; code: string } | null;
  buttons: BuyButton[];
}

export async function buyerLanding(tx: Tx, input: { ref?: string | null; sku?: string | null }): Promise<BuyerLanding> {
  const code = input.ref?.trim();
  const d = code ? await findByCode(tx, code) : null;
  const recommender = d && d.status === "active" ? { name: maskName(d.name), code: d.code } : null;
  const [product] = input.sku
    ? await tx
        .select()
        .from(products)
        .where(and(eq(products.sku, input.sku), eq(products.status, "active")))
    : [];
  const [settings] = await tx.select({ shopChannels: brandSettings.shopChannels }).from(brandSettings);
  return {
    product: product
      ? { sku: product.sku, name: product.name, priceFen: product.priceFen, imageUrl: product.imageUrl }
      : null,
    recommender,
    // An unknown or inactive code earns nothing: the buttons then carry no referral.
    buttons: buyButtons(product?.buyLinks ?? null, settings?.shopChannels ?? {}, recommender?.code ?? null),
  };
}
