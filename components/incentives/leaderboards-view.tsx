"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { formatFen } from "@/components/ui/money";
import { Spinner } from "@/components/ui/spinner";

type Metric = "gmv" | "orders" | "new_customers";

/** The console's leaderboards: full names, brand-wide or one region, this week or this month. */
export function LeaderboardsView() {
  const t = useTranslations("incentives.console.leaderboards");
  const tp = useTranslations("incentives.portal");
  const locale = useLocale();
  const trpc = useTRPC();
  const [period, setPeriod] = useState<"week" | "month">("month");
  const [metric, setMetric] = useState<Metric>("gmv");
  const [region, setRegion] = useState("");
  const scope = region.trim() ? { kind: "region" as const, region: region.trim() } : { kind: "brand" as const };
  const q = useQuery(trpc.leaderboards.read.queryOptions({ period, metric, scope, limit: 50 }));
  const value = (v: number) => (metric === "gmv" ? formatFen(v, locale) : new Intl.NumberFormat(locale).format(v));
  return (
    <div className="space-y-4" data-testid="console-leaderboard">
      <div className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
        <Field id="lb-period" label={t("period")}>
          <Select value={period} onChange={(e) => setPeriod(e.target.value as "week" | "month")} data-testid="lb-period">
            <option value="week">{tp("period.week")}</option>
            <option value="month">{tp("period.month")}</option>
          </Select>
        </Field>
        <Field id="lb-metric" label={t("metric")}>
          <Select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} data-testid="lb-metric">
            {(["gmv", "orders", "new_customers"] as const).map((m) => <option key={m} value={m}>{tp(`metric.${m}`)}</option>)}
          </Select>
        </Field>
        <Field id="lb-region" label={t("region")}>
          <Input value={region} onChange={(e) => setRegion(e.target.value)} maxLength={100} placeholder="广东省" data-testid="lb-region" />
        </Field>
      </div>
      {q.isPending ? (
        <div className="flex justify-center py-8"><Spinner /></div>
      ) : q.isError ? (
        <Alert tone="danger">{q.error.message}</Alert>
      ) : q.data.entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-3 py-2">{t("columns.rank")}</th>
              <th className="px-3 py-2">{t("columns.name")}</th>
              <th className="px-3 py-2">{t("columns.code")}</th>
              <th className="px-3 py-2 text-right">{t("columns.value")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {q.data.entries.map((e) => (
              <tr key={e.distributorId} data-testid={`lb-row-${e.rank}`}>
                <td className="px-3 py-2 text-slate-500">{e.rank}</td>
                <td className="px-3 py-2 font-medium text-slate-900"><a href={`/console/distributors/${e.distributorId}`} className="hover:underline">{e.name}</a></td>
                <td className="px-3 py-2 font-mono text-xs text-slate-500">{e.code}</td>
                <td className="px-3 py-2 text-right font-medium">{value(e.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
