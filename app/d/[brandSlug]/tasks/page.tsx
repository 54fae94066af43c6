import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { IncentivesView } from "@/components/incentives/portal-incentives-view";
import { requirePortalMe } from "@/components/portal/portal-data";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("incentives.portal");
  return { title: t("metaTitle") };
}

/** KPI tasks with progress bars, the leaderboard (masked names) and the growth value. */
export default async function PortalTasksPage({ params }: Params) {
  const { brandSlug } = await params;
  const { brand } = await requirePortalMe(brandSlug, "tasks");
  const qc = getQueryClient();
  const status = await qc.fetchQuery(trpc.portalNetwork.status.queryOptions({ slug: brand.slug })).catch(() => null);
  if (status?.distributor?.status === "active") {
    await qc.prefetchQuery(trpc.portalIncentives.tasks.queryOptions({ slug: brand.slug })).catch(() => null);
  }
  return (
    <HydrateClient>
      <IncentivesView slug={brand.slug} brandName={brand.name} />
    </HydrateClient>
  );
}
