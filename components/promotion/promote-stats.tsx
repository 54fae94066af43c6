"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";

/**
 * The distributor's own reach on the Promote page: visits, visitors and customers bound (this
 * week and in all), and which links bring them. Quietly absent while loading or on error: the
 * promotion kit below matters more than the figures.
 */
export function PromoteStats({ slug }: { slug: string }) {
  const t = useTranslations("promotion.portal.stats");
  const format = useFormatter();
  const trpc = useTRPC();
  const q = useQuery(trpc.promote.stats.queryOptions({ slug }));
  if (!q.data) return null;
  const s = q.data;
  const tiles = [
    { id: "clicks", value: s.clicks, week: s.clicksThisWeek },
    { id: "visitors", value: s.visitors, week: null },
    { id: "customers", value: s.customersBound, week: s.customersBoundThisWeek },
  ] as const;
  const busy = s.links.filter((l) => l.clicks > 0);
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-xs" data-testid="promote-stats">
      <h2 className="text-sm font-semibold text-slate-900">{t("title")}</h2>
      <dl className="grid grid-cols-3 gap-2 text-center">
        {tiles.map((tile) => (
          <div key={tile.id} className="rounded-lg bg-slate-50 px-2 py-3">
            <dt className="text-xs text-slate-500">{t(tile.id)}</dt>
            <dd className="text-xl font-semibold text-slate-900 tabular-nums" data-testid={`promote-stats-${tile.id}`}>
              {format.number(tile.value)}
            </dd>
            {tile.week !== null && <dd className="text-xs text-slate-500">{t("thisWeek", { count: tile.week })}</dd>}
          </div>
        ))}
      </dl>
      {busy.length > 0 && (
        <ul className="divide-y divide-slate-100 text-sm">
          {busy.map((l) => (
            <li key={l.code} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0 truncate text-slate-700">{l.productName ?? t("mainLink")}</span>
              <span className="shrink-0 text-xs text-slate-500 tabular-nums">
                {t("linkLine", { clicks: l.clicks, visitors: l.visitors })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {s.clicks === 0 && <p className="text-xs text-slate-500">{t("none")}</p>}
    </section>
  );
}
