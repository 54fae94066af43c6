"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { CardQuery } from "@/components/console/card-query";
import { useTRPC } from "@/components/trpc/client";
import { Card, CardHeader } from "@/components/ui/card";
import { formatFen } from "@/components/ui/money";

/**
 * The workbench's risk card (issue 10): this month's blocked orders, orders sent to review (and
 * how many still wait for a reviewer), the commission withheld on them, and the rules that fired
 * most, each against last month and each a link into the Risk Control Center.
 */
export function RiskCard() {
  const t = useTranslations("dashboard.risk");
  const rules = useTranslations("riskCenter.rule");
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const figures = useQuery(trpc.riskCenter.figures.queryOptions());
  return (
    <Card data-testid="dashboard-risk">
      <CardHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link
            href="/console/risk/queue"
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            {t("open")} →
          </Link>
        }
      />
      <CardQuery query={figures} isEmpty={() => false} empty={null}>
        {({ thisMonth: now, lastMonth: before }) => {
          const items = [
            {
              id: "blocked",
              label: t("blocked"),
              value: format.number(now.blocked),
              was: format.number(before.blocked),
              href: "/console/risk/queue?state=blocked",
            },
            {
              id: "review",
              label: t("review"),
              value: format.number(now.inReview),
              was: format.number(before.inReview),
              href: "/console/risk/queue?state=all",
            },
            {
              id: "open",
              label: t("waiting"),
              value: format.number(now.open),
              was: null,
              href: "/console/risk/queue?state=open",
            },
            {
              id: "withheld",
              label: t("withheld"),
              value: formatFen(now.withheldFen, locale),
              was: formatFen(before.withheldFen, locale),
              href: "/console/risk/queue?state=all",
            },
          ];
          return (
            <div className="space-y-4 px-5 pb-5">
              <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                {items.map((i) => (
                  <li key={i.id}>
                    <Link
                      href={i.href}
                      className="group block rounded-lg border border-slate-200 p-3 hover:border-brand-300"
                      data-testid={`dashboard-risk-${i.id}`}
                    >
                      <span className="block text-xs text-slate-500 group-hover:text-brand-700">
                        {i.label}
                      </span>
                      <span className="block text-lg font-semibold text-slate-900 tabular-nums">
                        {i.value}
                      </span>
                      {i.was !== null && (
                        <span className="block text-xs text-slate-500">
                          {t("lastMonth", { value: i.was })}
                        </span>
                      )}
                    </Link>
                  </li>
                ))}
              </ul>
              {now.topRules.length ? (
                <p className="text-sm text-slate-600">
                  {t("topRules")}{" "}
                  {now.topRules.map((r, k) => (
                    <span key={r.code}>
                      {k > 0 && "、"}
                      <Link
                        href={`/console/risk/queue?state=all&rule=${encodeURIComponent(r.code)}`}
                        className="text-brand-700 hover:underline"
                      >
                        {rules.has(r.code) ? rules(r.code) : r.code}
                      </Link>{" "}
                      <span className="tabular-nums text-slate-500">{format.number(r.orders)}</span>
                    </span>
                  ))}
                </p>
              ) : (
                <p className="text-sm text-slate-500">{t("quiet")}</p>
              )}
            </div>
          );
        }}
      </CardQuery>
    </Card>
  );
}
