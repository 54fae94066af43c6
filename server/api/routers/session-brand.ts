import type { Tx } from "@/db/client";
import { AppError } from "@/server/errors";
import { getPortalBrand, type PortalBrand } from "@/server/portal/brand";

/**
 * The brand of the portal page `slug` (NOT_FOUND if none). A portal session is for one brand,
 * so on another brand's page the member is not signed in.
 */
export async function requireSessionBrand(
  ctx: { tx: Tx; portal: { tenantId: string } },
  slug: string,
): Promise<PortalBrand> {
  const brand = await getPortalBrand(ctx.tx, slug);
  if (brand.tenantId !== ctx.portal.tenantId) {
    throw new AppError("UNAUTHORIZED", "Please sign in with your phone number.");
  }
  return brand;
}
