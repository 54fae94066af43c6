"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { activeNavId, visibleNav } from "./nav";
import { NavIcon } from "./nav-icon";

export function SidebarNav({ permissions }: { permissions: readonly string[] }) {
  const t = useTranslations("console.nav");
  const pathname = usePathname();
  const entries = visibleNav(permissions);
  const active = activeNavId(pathname, entries);
  const trpc = useTRPC();
  // Refreshed on focus and each minute, so a reviewer's queue count is never long stale.
  const pending = useQuery(
    trpc.distributors.pendingCount.queryOptions(undefined, {
      enabled: entries.some((e) => e.badge === "pendingReview"),
      refetchInterval: 60_000,
    }),
  );
  return (
    <nav aria-label={t("label")} className="px-3 py-4">
      <ul className="space-y-1">
        {entries.map((e) => {
          const current = e.id === active;
          return (
            <li key={e.id}>
              <Link
                href={e.href}
                data-testid={`nav-${e.id}`}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                  current ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
                )}
              >
                <NavIcon id={e.id} className={current ? "text-brand-600" : "text-slate-400"} />
                {t(e.labelKey)}
                {e.badge === "pendingReview" && !!pending.data && (
                  <span
                    className="ml-auto rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white tabular-nums"
                    data-testid={`nav-${e.id}-badge`}
                  >
                    {pending.data > 99 ? "99+" : pending.data}
                    <span className="sr-only"> {t("pendingBadge", { count: pending.data })}</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
