import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { loadPortalBrand, loadPortalMe } from "@/components/portal/portal-data";
import { EarningsCard } from "@/components/portal/earnings-card";
import { RewardsCard } from "@/components/portal/rewards-card";
import { SignOutButton } from "@/components/portal/sign-out-button";
import { StatusCard } from "@/components/portal/status-card";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.home");
  return { title: t("metaTitle") };
}

/** Portal home: who is signed in and where they stand in the brand's distributor program. */
export default async function PortalHomePage({ params }: Params) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  const me = await loadPortalMe(brandSlug);
  if (!me) redirect(`/d/${brand.slug}/signin`);
  const qc = getQueryClient();
  const status = await qc
    .fetchQuery(trpc.portalNetwork.status.queryOptions({ slug: brand.slug }))
    .catch(() => null);
  if (status?.distributor?.status === "active") {
    await qc
      .prefetchQuery(trpc.portalEarnings.summary.queryOptions({ slug: brand.slug }))
      .catch(() => null);
  }
  const t = await getTranslations("portal.home");
  return (
    <div className="space-y-5" data-testid="portal-home">
      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
        <h1 className="text-lg font-semibold text-slate-900">
          {t("welcome", { brand: me.brand.name })}
        </h1>
        <p className="mt-3 text-sm text-slate-500">{t("signedInAs")}</p>
        <p
          className="text-base font-medium tracking-wide text-slate-900"
          data-testid="portal-phone"
        >
          {me.maskedPhone}
        </p>
      </section>

      <HydrateClient>
        <StatusCard slug={brand.slug} brandName={brand.name} />
        <EarningsCard slug={brand.slug} />
        <RewardsCard slug={brand.slug} />
      </HydrateClient>

      <SignOutButton slug={brand.slug} />
    </div>
  );
}
