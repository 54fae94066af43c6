import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PublicShell } from "@/components/auth/public-shell";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.terms");
  return { title: t("title") };
}

const SECTIONS = ["service", "brand", "distributors", "data", "fees", "liability"] as const;

export default async function TermsPage() {
  const t = await getTranslations("auth.terms");
  return (
    <PublicShell>
      <article className="mx-auto max-w-3xl px-6 py-12">
        <h1 className="text-2xl font-bold text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-500">{t("updated")}</p>
        <p className="mt-6 text-sm leading-7 text-slate-700">{t("intro")}</p>
        <ol className="mt-6 space-y-6">
          {SECTIONS.map((s, i) => (
            <li key={s}>
              <h2 className="text-base font-semibold text-slate-900">
                {i + 1}. {t(`sections.${s}.title`)}
              </h2>
              <p className="mt-2 text-sm leading-7 text-slate-700">{t(`sections.${s}.body`)}</p>
            </li>
          ))}
        </ol>
      </article>
    </PublicShell>
  );
}
