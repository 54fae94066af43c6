import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocaleSwitcher } from "@/components/i18n/locale-switcher";
import { loadPortalBrand, loadPortalMe } from "@/components/portal/portal-data";
import { NotificationBell } from "@/components/portal/notification-bell";
import { PortalTabBar } from "@/components/portal/tab-bar";
import { AppOriginProvider } from "@/components/portal/use-origin";
import { requestAppOrigin } from "@/server/shared/app-url";

type Params = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const brand = await loadPortalBrand((await params).brandSlug);
  return { title: { default: brand.name, template: `%s · ${brand.name}` } };
}

/**
 * The distributor portal's mobile shell: the brand's name on top, one narrow column, and for a
 * signed-in member a bottom tab bar (Home, Promote, Earnings, Team, Customers).
 */
export default async function PortalLayout({
  params,
  children,
}: Params & { children: React.ReactNode }) {
  const { brandSlug } = await params;
  const brand = await loadPortalBrand(brandSlug);
  const signedIn = !!(await loadPortalMe(brandSlug));
  const t = await getTranslations("portal.shell");
  return (
    <div
      className={`mx-auto flex min-h-dvh w-full max-w-md flex-col bg-slate-50 ${signedIn ? "pb-[calc(3.5rem+env(safe-area-inset-bottom))]" : ""}`}
    >
      <header className="sticky top-0 z-10 flex h-14 items-center justify-between gap-3 border-b border-slate-200 bg-white/95 px-4 backdrop-blur">
        <span
          className="truncate text-base font-semibold text-slate-900"
          data-testid="portal-brand-name"
        >
          {brand.name}
        </span>
        <div className="flex items-center gap-1">
          {signedIn && <NotificationBell slug={brand.slug} />}
          <LocaleSwitcher />
        </div>
      </header>
      <main className="flex-1 px-4 py-6">
        <AppOriginProvider origin={await requestAppOrigin()}>{children}</AppOriginProvider>
      </main>
      <footer className="px-4 pt-2 pb-6 text-center text-xs text-slate-400">
        {t("poweredBy")}
      </footer>
      {signedIn && <PortalTabBar slug={brand.slug} />}
    </div>
  );
}
