import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LocaleSwitcher } from "@/components/i18n/locale-switcher";
import { Logo } from "@/components/console/logo";

/** Header (logo + language) and footer around the public pages. */
export async function PublicShell({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  const t = await getTranslations("auth.shell");
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-6">
          <Link href="/" className="rounded focus-visible:outline-2 focus-visible:outline-brand-600">
            <Logo />
          </Link>
          <div className="flex items-center gap-3">
            {actions}
            <LocaleSwitcher />
          </div>
        </div>
      </header>
      <main className="flex-1">{children}</main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-6 py-4 text-xs text-slate-500">
          <span>{t("footer")}</span>
          <Link href="/terms" className="hover:text-slate-800 hover:underline">
            {t("terms")}
          </Link>
        </div>
      </footer>
    </div>
  );
}

/** A centred card for the sign-in / sign-up / invitation forms. */
export function AuthCard({ title, subtitle, children }: { title: ReactNode; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md px-4 py-12">
      <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-slate-600">{subtitle}</p>}
        <div className="mt-6">{children}</div>
      </div>
    </div>
  );
}
