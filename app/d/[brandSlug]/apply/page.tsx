import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApplyView } from "@/components/portal/apply-view";
import { loadInviteLanding, type InviteLandingProps } from "@/components/portal/invite-landing";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.apply");
  return { title: t("metaTitle") };
}

/** Apply to become a distributor, usually reached through a distributor's `?inviter=CODE` link. */
export default async function PortalApplyPage(props: InviteLandingProps) {
  const { brand, me, code, inviter, path } = await loadInviteLanding(props, "apply", "inviter");
  if (me)
    await getQueryClient().prefetchQuery(
      trpc.portalNetwork.status.queryOptions({ slug: brand.slug }),
    );
  return (
    <HydrateClient>
      <ApplyView
        slug={brand.slug}
        brandName={brand.name}
        signedIn={!!me}
        inviter={inviter}
        inviterInvalid={!!code && !inviter}
        path={path}
      />
    </HydrateClient>
  );
}
