import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePortalMe } from "@/components/portal/portal-data";
import { PortalBonusView } from "@/components/team-bonus/portal-bonus";
import { HydrateClient } from "@/components/trpc/server";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("teamBonus.portal");
  return { title: t("title") };
}

export default async function PortalBonusPage({ params }: Params) {
  const { brandSlug } = await params;
  const { brand } = await requirePortalMe(brandSlug, "bonus");
  return (
    <HydrateClient>
      <PortalBonusView slug={brand.slug} brandName={brand.name} />
    </HydrateClient>
  );
}
