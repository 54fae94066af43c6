import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TeamView } from "@/components/portal/team-view";
import { requirePortalMe } from "@/components/portal/portal-data";
import { prefetchPortalList } from "@/components/portal/prefetch";
import { HydrateClient } from "@/components/trpc/server";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.team");
  return { title: t("title") };
}

export default async function PortalTeamPage({ params }: Params) {
  const { brandSlug } = await params;
  const { brand } = await requirePortalMe(brandSlug, "team");
  await prefetchPortalList(brand.slug, "team");
  return (
    <HydrateClient>
      <TeamView slug={brand.slug} brandName={brand.name} />
    </HydrateClient>
  );
}
