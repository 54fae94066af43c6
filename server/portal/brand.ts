/**
 * The brand a portal page is for, looked up by its public slug. `tenants` is a platform table,
 * readable in any app transaction (platform or tenant-scoped), so this takes the caller's tx.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { tenants } from "@/db/schema";
import { AppError } from "@/server/errors";

export interface PortalBrand {
  tenantId: string;
  slug: string;
  name: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/;

export async function findPortalBrand(tx: Tx, slug: string): Promise<PortalBrand | null> {
  if (!SLUG.test(slug)) return null;
  const [row] = await tx
    .select({ tenantId: tenants.id, slug: tenants.slug, name: tenants.name })
    .from(tenants)
    .where(eq(tenants.slug, slug));
  return row ?? null;
}

/** NOT_FOUND for unknown slugs (and malformed ones, which cannot exist). */
export async function getPortalBrand(tx: Tx, slug: string): Promise<PortalBrand> {
  const brand = await findPortalBrand(tx, slug);
  if (!brand) throw new AppError("NOT_FOUND", "This brand does not exist.");
  return brand;
}
