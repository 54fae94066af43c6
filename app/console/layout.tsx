import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { BrandSwitcher } from "@/components/console/brand-switcher";
import { Logo } from "@/components/console/logo";
import { getMe } from "@/components/console/me";
import { NoBrandState } from "@/components/console/no-brand-state";
import { SidebarNav } from "@/components/console/sidebar-nav";
import { SignOutButton } from "@/components/console/sign-out-button";
import { VerifyEmailBanner } from "@/components/console/verify-email-banner";
import { LocaleSwitcher } from "@/components/i18n/locale-switcher";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  if (!me) redirect("/signin");
  const t = await getTranslations("console.shell");
  return (
    <div className="flex min-h-screen">
      <a
        href="#console-main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t("skipToContent")}
      </a>
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="flex h-14 items-center border-b border-slate-200 px-5">
          <Link href="/console" className="rounded focus-visible:outline-2 focus-visible:outline-brand-600">
            <Logo />
          </Link>
        </div>
        <div className="flex-1 overflow-y-auto">
          {me.active && <SidebarNav permissions={me.permissions} />}
        </div>
        {me.active && (
          <Link
            href="/docs/api"
            className="block border-t border-slate-200 px-5 py-3 text-xs text-slate-500 hover:text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            {t("apiDocs")}
          </Link>
        )}
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center justify-between gap-4 border-b border-slate-200 bg-white/95 px-6 backdrop-blur">
          <BrandSwitcher brands={me.brands} activeId={me.active?.tenantId ?? null} />
          <div className="flex items-center gap-3">
            <span className="hidden text-sm text-slate-700 sm:inline" title={me.user.email} data-testid="user-name">
              {me.user.name}
            </span>
            <LocaleSwitcher />
            <SignOutButton />
          </div>
        </header>
        <VerifyEmailBanner />
        <main id="console-main" className="mx-auto w-full max-w-6xl flex-1 px-8 py-8">
          {me.active ? children : <NoBrandState hasBrands={me.brands.length > 0} />}
        </main>
      </div>
    </div>
  );
}
