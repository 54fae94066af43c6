import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { loadPortalBrand, loadPortalMe } from "@/components/portal/portal-data";
import { SignInForm } from "@/components/portal/sign-in-form";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.signin");
  return { title: t("metaTitle") };
}

export default async function PortalSignInPage({ params }: Params) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  if (await loadPortalMe(brandSlug)) redirect(`/d/${brand.slug}`);
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <SignInForm slug={brand.slug} brandName={brand.name} />
    </div>
  );
}
