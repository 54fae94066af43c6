import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { firstParam, loadPortalBrand, loadPortalMe } from "@/components/portal/portal-data";
import { safeNextPath } from "@/components/portal/safe-next";
import { SignInForm } from "@/components/portal/sign-in-form";

type Props = {
  params: Promise<{ brandSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.signin");
  return { title: t("metaTitle") };
}

/** `?next=` (a path in this brand's portal) is where the member lands after signing in. */
export default async function PortalSignInPage({ params, searchParams }: Props) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  const next =
    safeNextPath(brand.slug, firstParam((await searchParams).next)) ?? `/d/${brand.slug}`;
  if (await loadPortalMe(brandSlug)) redirect(next);
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <SignInForm slug={brand.slug} brandName={brand.name} next={next} />
    </div>
  );
}
