"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";

/**
 * Today's figures on the console home, each a link to the list behind it: what needs attention
 * (applications waiting) stands out. Replaced by the workbench dashboard when it lands.
 */
export function HomeCounts() {
  const t = useTranslations("console.dashboard.counts");
  const format = useFormatter();
  const trpc = useTRPC();
  const counts = useQuery(trpc.dashboard.counts.queryOptions(undefined, { refetchInterval: 60_000 }));
  if (counts.isPending) return <Loading />;
  if (counts.isError) return <LoadError error={counts.error} onRetry={() => void counts.refetch()} />;
  const c = counts.data;
  const n = (v: number) => format.number(v);
  const tiles = [
    { id: "active", href: "/console/distributors?status=active", value: n(c.distributorsActive), label: t("active"), note: null },
    {
      id: "pending",
      href: "/console/distributors?tab=review",
      value: n(c.pendingReview),
      label: t("pending"),
      note: c.pendingReview ? t("pendingNote") : t("pendingNone"),
      attention: c.pendingReview > 0,
    },
    { id: "bound", href: "/console/distributors/bindings", value: n(c.customersBound), label: t("bound"), note: t("boundToday", { count: c.customersBoundToday }) },
    {
      id: "clicks",
      href: "/console/distributors",
      value: n(c.clicksThisWeek),
      label: t("clicks"),
      note: t("clicksNote", { today: c.clicksToday, visitors: c.visitorsThisWeek }),
    },
  ];
  return (
    <section aria-labelledby="home-counts-title" className="mb-8" data-testid="home-counts">
      <h2 id="home-counts-title" className="sr-only">
        {t("title")}
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {tiles.map((tile) => (
          <li key={tile.id}>
            <Link
              href={tile.href}
              data-testid={`home-count-${tile.id}`}
              className={cn(
                "block rounded-lg border bg-white p-5 shadow-xs transition-colors hover:border-brand-300 focus-visible:outline-2 focus-visible:outline-brand-600",
                tile.attention ? "border-amber-300 bg-amber-50/60" : "border-slate-200",
              )}
            >
              <span className="block text-sm text-slate-600">{tile.label}</span>
              <span className="mt-1 block text-3xl font-semibold text-slate-900 tabular-nums">{tile.value}</span>
              {tile.note && (
                <span className={cn("mt-1 block text-xs", tile.attention ? "text-amber-800" : "text-slate-500")}>{tile.note}</span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
