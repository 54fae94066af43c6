import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requirePortalMe } from "@/components/portal/portal-data";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { WithdrawalPortalDetail } from "@/components/withdrawals/withdraw-view";
import { isUuid } from "@/db/ids";

type Params = { params: Promise<{ brandSlug: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("withdrawals.portal");
  return { title: t("metaTitle") };
}

export default async function PortalWithdrawalPage({ params }: Params) {
  const { brandSlug, id } = await params;
  if (!isUuid(id)) notFound();
  const { brand } = await requirePortalMe(brandSlug, "withdraw");
  await getQueryClient().prefetchQuery(trpc.portalWithdrawals.detail.queryOptions({ slug: brand.slug, id })).catch(() => null);
  return (
    <HydrateClient>
      <WithdrawalPortalDetail slug={brand.slug} id={id} />
    </HydrateClient>
  );
}
