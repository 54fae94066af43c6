import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { JoinView } from "@/components/portal/join-view";
import {
  firstParam,
  loadInvite,
  loadPortalBrand,
  loadPortalMe,
} from "@/components/portal/portal-data";

type Props = {
  params: Promise<{ brandSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.join");
  return { title: t("metaTitle") };
}

/** Where a distributor's short link lands when the brand has no landing URL of its own. */
export default async function PortalJoinPage({ params, searchParams }: Props) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  const ref = firstParam((await searchParams).ref)?.trim() || null;
  const [me, inviter] = await Promise.all([loadPortalMe(brandSlug), loadInvite(brand.slug, ref)]);
  return (
    <JoinView
      slug={brand.slug}
      brandName={brand.name}
      signedIn={!!me}
      inviter={
        inviter ? { inviterName: inviter.inviterName, inviterCode: inviter.inviterCode } : null
      }
      path={`/d/${brand.slug}/join${ref ? `?ref=${encodeURIComponent(ref)}` : ""}`}
    />
  );
}
