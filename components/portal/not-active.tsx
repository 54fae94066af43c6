"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { portalPath } from "./links";
import type { DistributorStatus } from "./portal-types";

/** Team, customers and promotion are for active distributors; everyone else is told why. */
export function NotActive({
  slug,
  brandName,
  status,
}: {
  slug: string;
  brandName: string;
  status: DistributorStatus | null;
}) {
  const t = useTranslations("portal.notActive");
  const key = status ?? "none";
  return (
    <section
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 text-center shadow-xs"
      data-testid="portal-not-active"
      data-status={key}
    >
      <h2 className="text-base font-semibold text-slate-900">
        {t(`${key}.title`, { brand: brandName })}
      </h2>
      <p className="text-sm text-slate-600">{t(`${key}.body`, { brand: brandName })}</p>
      <Link href={portalPath(slug)} className={buttonClasses("secondary", "lg", "w-full")}>
        {t("home")}
      </Link>
    </section>
  );
}
