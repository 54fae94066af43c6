import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PublicShell } from "@/components/auth/public-shell";
import { getMe } from "@/components/console/me";
import { buttonClasses } from "@/components/ui/button";

const POINTS = ["tiers", "channels", "settlement", "payouts"] as const;

export default async function LandingPage() {
  const t = await getTranslations("auth.landing");
  const tc = await getTranslations("common");
  const me = await getMe();
  return (
    <PublicShell
      actions={
        me ? (
          <Link href="/console" className={buttonClasses("secondary", "sm")}>
            {t("goToConsole")}
          </Link>
        ) : (
          <Link href="/signin" className={buttonClasses("ghost", "sm")}>
            {tc("signIn")}
          </Link>
        )
      }
    >
      <section className="bg-white">
        <div className="mx-auto max-w-6xl px-6 py-16 sm:py-20">
          <p className="text-sm font-medium text-brand-700">{t("eyebrow")}</p>
          <h1 className="mt-3 max-w-3xl text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">
            {t("headline")}
          </h1>
          <p className="mt-4 max-w-2xl text-base leading-7 text-slate-600">{t("lead")}</p>
          <div className="mt-8 flex flex-wrap gap-3">
            {me ? (
              <Link href="/console" className={buttonClasses("primary", "lg")} data-testid="landing-console">
                {t("goToConsole")}
              </Link>
            ) : (
              <>
                <Link href="/signup" className={buttonClasses("primary", "lg")} data-testid="landing-signup">
                  {tc("signUp")}
                </Link>
                <Link href="/signin" className={buttonClasses("secondary", "lg")} data-testid="landing-signin">
                  {tc("signIn")}
                </Link>
              </>
            )}
          </div>
        </div>
      </section>

      <section className="mx-auto max-w-6xl px-6 py-12" aria-labelledby="landing-points">
        <h2 id="landing-points" className="sr-only">
          {t("pointsTitle")}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {POINTS.map((p) => (
            <li key={p} className="rounded-lg border border-slate-200 bg-white p-5">
              <h3 className="text-sm font-semibold text-slate-900">{t(`points.${p}.title`)}</h3>
              <p className="mt-2 text-sm leading-6 text-slate-600">{t(`points.${p}.body`)}</p>
            </li>
          ))}
        </ul>

        <div className="mt-10 flex flex-wrap items-center justify-between gap-4 rounded-lg border border-brand-100 bg-brand-50 p-6">
          <div>
            <h2 className="text-base font-semibold text-slate-900">{t("demoTitle")}</h2>
            <p className="mt-1 text-sm text-slate-700">{t("demoBody")}</p>
          </div>
          <Link href="/d/hoobang" className={buttonClasses("secondary")} data-testid="landing-demo-portal">
            {t("demoLink")}
          </Link>
        </div>
      </section>
    </PublicShell>
  );
}
