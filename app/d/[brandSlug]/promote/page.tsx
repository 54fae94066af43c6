import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePortalMe } from "@/components/portal/portal-data";
import { PromoteView } from "@/components/promotion/promote-view";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("promotion.portal");
  return { title: t("metaTitle") };
}

/** The distributor's promotion kit: link, QR code, poster, per-product versions and copy. */
export default async function PromotePage({ params }: Params) {
  const { brandSlug } = await params;
  const { brand, me } = await requirePortalMe(brandSlug, "promote");
  await getQueryClient().prefetchQuery(trpc.promote.overview.queryOptions({ slug: brand.slug }));
  return (
    <HydrateClient>
      <PromoteView slug={brand.slug} brandName={me.brand.name} />
    </HydrateClient>
  );
}
