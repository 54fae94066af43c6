/**
 * The demo brand ("Hoobang Mall", slug hoobang) created on the first start of an empty
 * embedded database. Later issues add distributors, orders and money to it.
 */
import type { Db } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { seedDemoNetwork } from "@/server/network/demo-network";
import { seedDemoOrders } from "@/server/orders/demo-orders";
import { seedDemoCatalogue } from "@/server/promotion/demo-catalogue";
import { createBrand, findTenantBySlug } from "./brands";
import { updateBrandProfile } from "./settings";

export const DEMO = {
  slug: "hoobang",
  name: "Hoobang Mall",
  ownerName: "Demo Owner",
  email: "owner@hoobang.demo",
  password: "hoobang-demo-2026",
} as const;

/**
 * Idempotent: returns false when the demo brand already exists. Its `orders` demo orders (none
 * unless asked: env DEMO_ORDERS) are seeded once either way, so a brand from before they
 * existed gets them on its next start.
 */
export async function seedDemoBrand(db: Db, opts: { orders?: number; log?: (line: string) => void } = {}): Promise<boolean> {
  const existing = await findTenantBySlug(db, DEMO.slug);
  if (existing) {
    await seedDemoOrders(db, existing.id, { count: opts.orders, log: opts.log });
    return false;
  }
  const brand = await createBrand(
    db,
    {
      brandName: DEMO.name,
      slug: DEMO.slug,
      ownerName: DEMO.ownerName,
      email: DEMO.email,
      password: DEMO.password,
      acceptTerms: true,
    },
    { type: "system", id: null },
  );
  await withTenant(db, brand.tenantId, (tx) =>
    updateBrandProfile(tx, { type: "system", id: null }, {
      displayName: DEMO.name,
      // No shop URL: short links land on the portal's own buyer page, which works offline.
      contactEmail: "service@hoobang.example.com",
    }),
  );
  await withTenant(db, brand.tenantId, (tx) => seedDemoNetwork(tx));
  await withTenant(db, brand.tenantId, (tx) => seedDemoCatalogue(tx));
  await seedDemoOrders(db, brand.tenantId, { count: opts.orders, log: opts.log });
  return true;
}

export function demoBanner(appUrl: string) {
  return [
    "",
    "  Fenxiao demo brand is ready:",
    `    console   ${appUrl}/signin   ${DEMO.email} / ${DEMO.password}`,
    `    portal    ${appUrl}/d/${DEMO.slug}   (any mainland mobile number; codes at ${appUrl}/dev/sms)`,
    "",
  ].join("\n");
}
