"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { PROMOTION_TABS } from "./tabs";

export function PromotionTabs() {
  const t = useTranslations("promotion.console.tabs");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-x-6">
        {PROMOTION_TABS.map((tab) => {
          const current = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.id}>
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                data-testid={`promotion-tab-${tab.id}`}
                className={cn(
                  "inline-block border-b-2 px-1 pb-3 text-sm font-medium transition-colors",
                  current
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {t(tab.id)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
