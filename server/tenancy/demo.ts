/**
 * The demo brand ("Hoobang Mall", slug hoobang) created on the first start of an empty
 * embedded database. Later issues add distributors, orders and money to it.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { distributors, memberIdentities } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { seedDemoNetwork } from "@/server/network/demo-network";
import { identityHash, maskIdentity } from "@/server/network/identity";
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
  /**
   * The phone of the brand's top seller (the demo orders favour the first code in order), so
   * anyone can sign in to the portal as a distributor whose Earnings, withdrawals and team have
   * content; any other number signs in as someone new.
   */
  distributorPhone: "13900139000",
} as const;

/** Gives the top seller DEMO.distributorPhone in place of its generated one. */
async function phoneTheTopSeller(tx: Tx) {
  const [top] = await tx
    .select({ memberId: distributors.memberId })
    .from(distributors)
    .where(eq(distributors.status, "active"))
    .orderBy(asc(distributors.code))
    .limit(1);
  if (!top) return;
  await tx
    .update(memberIdentities)
    .set({ valueHash: identityHash("phone", DEMO.distributorPhone), masked: maskIdentity("phone", DEMO.distributorPhone) })
    .where(and(eq(memberIdentities.memberId, top.memberId), eq(memberIdentities.kind, "phone")));
}

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
  await withTenant(db, brand.tenantId, async (tx) => {
    await seedDemoNetwork(tx);
    await phoneTheTopSeller(tx);
  });
  await withTenant(db, brand.tenantId, (tx) => seedDemoCatalogue(tx));
  await seedDemoOrders(db, brand.tenantId, { count: opts.orders, log: opts.log });
  return true;
}

export function demoBanner(appUrl: string) {
  return [
    "",
    "  Fenxiao demo brand is ready:",
    `    console   ${appUrl}/signin   ${DEMO.email} / ${DEMO.password}`,
    `    portal    ${appUrl}/d/${DEMO.slug}   ${DEMO.distributorPhone} (the top seller) or any mainland mobile number; codes at ${appUrl}/dev/sms`,
    "",
  ].join("\n");
}
