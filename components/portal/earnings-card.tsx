"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { formatFen } from "@/components/ui/money";
import { portalPath } from "./links";

/**
 * The home page's money at a glance for an active distributor: available and pending, linking
 * to Earnings. Nothing for anyone else (their status card says what to do instead).
 */
export function EarningsCard({ slug }: { slug: string }) {
  const t = useTranslations("portal.earnings");
  const locale = useLocale();
  const trpc = useTRPC();
  const status = useQuery(trpc.portalNetwork.status.queryOptions({ slug }));
  const active = status.data?.distributor?.status === "active";
  const summary = useQuery({ ...trpc.portalEarnings.summary.queryOptions({ slug }), enabled: active });
  if (!active || !summary.isSuccess) return null;
  const b = summary.data.balances;
  return (
    <Link
      href={portalPath(slug, "earnings")}
      className="block rounded-xl border border-slate-200 bg-white p-5 shadow-xs focus-visible:outline-2 focus-visible:outline-brand-600"
      data-testid="home-earnings"
    >
      <h2 className="text-sm font-medium text-slate-700">{t("homeTitle")}</h2>
      <dl className="mt-3 grid grid-cols-2 gap-3">
        <div>
          <dt className="text-xs text-slate-500">{t("homeAvailable")}</dt>
          <dd className="text-lg font-semibold tabular-nums text-brand-700">{formatFen(b.availableFen, locale)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">{t("homePending")}</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900">{formatFen(b.pendingFen, locale)}</dd>
        </div>
      </dl>
      <p className="mt-3 text-sm font-medium text-brand-700">{t("homeLink")} →</p>
    </Link>
  );
}
