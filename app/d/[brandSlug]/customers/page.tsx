import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CustomersView } from "@/components/portal/customers-view";
import { requirePortalMe } from "@/components/portal/portal-data";
import { prefetchPortalList } from "@/components/portal/prefetch";
import { HydrateClient } from "@/components/trpc/server";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.customers");
  return { title: t("title") };
}

export default async function PortalCustomersPage({ params }: Params) {
  const { brandSlug } = await params;
  const { brand } = await requirePortalMe(brandSlug, "customers");
  await prefetchPortalList(brand.slug, "customers");
  return (
    <HydrateClient>
      <CustomersView slug={brand.slug} brandName={brand.name} />
    </HydrateClient>
  );
}
