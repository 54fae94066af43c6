import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApplyView } from "@/components/portal/apply-view";
import {
  firstParam,
  loadInvite,
  loadPortalBrand,
  loadPortalMe,
} from "@/components/portal/portal-data";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

type Props = {
  params: Promise<{ brandSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.apply");
  return { title: t("metaTitle") };
}

/** Apply to become a distributor, usually reached through a distributor's `?inviter=CODE` link. */
export default async function PortalApplyPage({ params, searchParams }: Props) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  const inviterCode = firstParam((await searchParams).inviter)?.trim() || null;
  const [me, inviter] = await Promise.all([
    loadPortalMe(brandSlug),
    loadInvite(brand.slug, inviterCode),
  ]);
  if (me)
    await getQueryClient().prefetchQuery(
      trpc.portalNetwork.status.queryOptions({ slug: brand.slug }),
    );
  const path = `/d/${brand.slug}/apply${inviterCode ? `?inviter=${encodeURIComponent(inviterCode)}` : ""}`;
  return (
    <HydrateClient>
      <ApplyView
        slug={brand.slug}
        brandName={brand.name}
        signedIn={!!me}
        inviter={
          inviter ? { inviterName: inviter.inviterName, inviterCode: inviter.inviterCode } : null
        }
        inviterInvalid={!!inviterCode && !inviter}
        path={path}
      />
    </HydrateClient>
  );
}
