import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EarningsView } from "@/components/portal/earnings-view";
import { requirePortalMe } from "@/components/portal/portal-data";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.earnings");
  return { title: t("metaTitle") };
}

export default async function PortalEarningsPage({ params }: Params) {
  const { brandSlug } = await params;
  const { brand } = await requirePortalMe(brandSlug, "earnings");
  // Status and balances render on first paint; the commission list loads on the client (its
  // key carries the reader's locale, for the "why" text).
  const qc = getQueryClient();
  const status = await qc.fetchQuery(trpc.portalNetwork.status.queryOptions({ slug: brand.slug })).catch(() => null);
  if (status?.distributor?.status === "active") {
    await qc.prefetchQuery(trpc.portalEarnings.summary.queryOptions({ slug: brand.slug })).catch(() => null);
  }
  return (
    <HydrateClient>
      <EarningsView slug={brand.slug} brandName={brand.name} />
    </HydrateClient>
  );
}
