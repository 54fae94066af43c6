import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { firstParam, loadPortalBrand } from "@/components/portal/portal-data";
import { serverCaller } from "@/components/trpc/server";
import { isLegalKind } from "@/server/legal/kinds";

type Props = {
  params: Promise<{ brandSlug: string; kind: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { kind } = await params;
  const t = await getTranslations("legal");
  return { title: isLegalKind(kind) ? t(`kinds.${kind}`) : undefined };
}

/** A brand's legal document, readable without signing in; `?v=` shows an older version. */
export default async function LegalDocumentPage({ params, searchParams }: Props) {
  const { brandSlug, kind } = await params;
  if (!isLegalKind(kind)) notFound();
  const raw = firstParam((await searchParams).v);
  const version = raw !== undefined && /^\d{1,6}$/.test(raw) ? Number(raw) : undefined;
  const brand = await loadPortalBrand(brandSlug);
  const doc = await (await serverCaller()).portalTrust
    .legalDocument({ slug: brand.slug, kind, version })
    .catch(() => notFound());
  const [t, locale, format] = await Promise.all([getTranslations("legal"), getLocale(), getFormatter()]);
  return (
    <article className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-xs" data-testid="legal-document">
      <h1 className="text-xl font-semibold text-slate-900">{t(`kinds.${kind}`)}</h1>
      <p className="text-xs text-slate-500" data-testid="legal-version">
        {doc.version === 0 ? t("defaultVersion") : t("version", { version: doc.version })}
        {doc.publishedAt && ` · ${t("publishedAt", { date: format.dateTime(doc.publishedAt, { dateStyle: "medium" }) })}`}
      </p>
      <div className="text-sm leading-relaxed whitespace-pre-wrap text-slate-800">
        {locale === "en" ? doc.bodyEn : doc.bodyZh}
      </div>
    </article>
  );
}
