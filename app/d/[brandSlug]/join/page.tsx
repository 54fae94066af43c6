import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { loadInviteLanding, type InviteLandingProps } from "@/components/portal/invite-landing";
import { JoinView } from "@/components/portal/join-view";
import { firstParam, loadBuyerLanding } from "@/components/portal/portal-data";
import { serverCaller } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.join");
  return { title: t("metaTitle") };
}

/**
 * Where a distributor's short link lands when the brand has no verified landing URL of its
 * own: the product (`sku`) and where to buy it, with the referral on every button.
 */
export default async function PortalJoinPage(props: InviteLandingProps) {
  const { brand, me, inviter, path } = await loadInviteLanding(props, "join", "ref");
  const sku = firstParam((await props.searchParams).sku)?.trim() || null;
  const landing = await loadBuyerLanding(brand.slug, inviter?.inviterCode ?? null, sku);
  // A distributor following its own link is told so (no binding happens to oneself).
  const ownLink =
    !!me && !!inviter && (await (await serverCaller()).portalNetwork.isOwnCode({ slug: brand.slug, code: inviter.inviterCode })).own;
  return (
    <JoinView
      slug={brand.slug}
      brandName={brand.name}
      signedIn={!!me}
      inviter={inviter}
      // Signing in comes back to the same product.
      path={sku ? `${path}${path.includes("?") ? "&" : "?"}sku=${encodeURIComponent(sku)}` : path}
      landing={{ product: landing.product, buttons: landing.buttons }}
      askedForProduct={!!sku}
      ownLink={ownLink}
    />
  );
}
