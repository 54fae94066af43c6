import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePortalMe } from "@/components/portal/portal-data";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { WithdrawView } from "@/components/withdrawals/withdraw-view";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("withdrawals.portal");
  return { title: t("metaTitle") };
}

export default async function PortalWithdrawPage({ params }: Params) {
  const { brandSlug } = await params;
  const { brand } = await requirePortalMe(brandSlug, "withdraw");
  const qc = getQueryClient();
  const status = await qc.fetchQuery(trpc.portalNetwork.status.queryOptions({ slug: brand.slug })).catch(() => null);
  if (status?.distributor?.status === "active") {
    await qc.prefetchQuery(trpc.portalWithdrawals.options.queryOptions({ slug: brand.slug })).catch(() => null);
  }
  return (
    <HydrateClient>
      <WithdrawView slug={brand.slug} brandName={brand.name} />
    </HydrateClient>
  );
}
