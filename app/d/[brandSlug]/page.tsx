import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { loadPortalBrand, loadPortalMe } from "@/components/portal/portal-data";
import { SignOutButton } from "@/components/portal/sign-out-button";
import { EmptyState } from "@/components/ui/empty-state";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.home");
  return { title: t("metaTitle") };
}

/** Portal home: who is signed in, and (for now) an honest empty distributor status. */
export default async function PortalHomePage({ params }: Params) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  const me = await loadPortalMe(brandSlug);
  if (!me) redirect(`/d/${brand.slug}/signin`);
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

      <section aria-labelledby="portal-status-title" className="space-y-2">
        <h2 id="portal-status-title" className="px-1 text-sm font-medium text-slate-700">
          {t("statusTitle")}
        </h2>
        <EmptyState
          data-testid="portal-status-empty"
          title={t("statusEmpty", { brand: me.brand.name })}
          description={t("statusHint")}
          className="py-8"
        />
      </section>

      <SignOutButton slug={brand.slug} />
    </div>
  );
}
