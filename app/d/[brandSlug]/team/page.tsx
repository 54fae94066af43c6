import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { TeamView } from "@/components/portal/team-view";
import { loadPortalBrand, loadPortalMe } from "@/components/portal/portal-data";
import { prefetchPortalList } from "@/components/portal/prefetch";
import { signInHref } from "@/components/portal/safe-next";
import { HydrateClient } from "@/components/trpc/server";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.team");
  return { title: t("title") };
}

export default async function PortalTeamPage({ params }: Params) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  if (!(await loadPortalMe(brandSlug))) redirect(signInHref(brand.slug, `/d/${brand.slug}/team`));
  await prefetchPortalList(brand.slug, "team");
  return (
    <HydrateClient>
      <TeamView slug={brand.slug} brandName={brand.name} />
    </HydrateClient>
  );
}
