"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { CustomersIcon, EarningsIcon, HomeIcon, PromoteIcon, TeamIcon } from "./icons";
import { portalPath } from "./links";

const TABS = [
  { key: "home", page: undefined, Icon: HomeIcon },
  { key: "promote", page: "promote", Icon: PromoteIcon },
  { key: "earnings", page: "earnings", Icon: EarningsIcon },
  { key: "team", page: "team", Icon: TeamIcon },
  { key: "customers", page: "customers", Icon: CustomersIcon },
] as const;

/** Pages where the tab bar would only distract: signing in, and the buyer landing page. */
const HIDDEN = ["signin", "join"];

/** The signed-in member's bottom navigation, fixed above the phone's home indicator. */
export function PortalTabBar({ slug }: { slug: string }) {
  const t = useTranslations("portal.shell.tabs");
  const pathname = usePathname();
  const base = portalPath(slug);
  const section = pathname.startsWith(`${base}/`)
    ? pathname.slice(base.length + 1).split("/")[0]
    : "";
  if (section && HIDDEN.includes(section)) return null;
  return (
    <nav
      aria-label={t("label")}
      className="fixed inset-x-0 bottom-0 z-20 mx-auto w-full max-w-md border-t border-slate-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur"
      data-testid="portal-tab-bar"
    >
      <ul className="grid grid-cols-5">
        {TABS.map(({ key, page, Icon }) => {
          const href = portalPath(slug, page);
          const active = page ? section === page : section === "";
          return (
            <li key={key}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                data-testid={`tab-${key}`}
                className={cn(
                  "flex h-14 flex-col items-center justify-center gap-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600",
                  active ? "text-brand-600" : "text-slate-500 hover:text-slate-800",
                )}
              >
                <Icon className="size-6" />
                {t(key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
