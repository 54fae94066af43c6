"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { ActiveOnly, PortalQueryState } from "@/components/portal/list-frame";
import { portalPath } from "@/components/portal/links";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { formatFen } from "@/components/ui/money";
import { Tabs } from "@/components/ui/tabs";

type Metric = "gmv" | "orders" | "new_customers";
type Period = "week" | "month";
type Scope = "brand" | "team" | "region";

/** Tasks & rankings: this month's KPI tasks with progress bars, growth value, the leaderboard. */
export function IncentivesView({ slug, brandName }: { slug: string; brandName: string }) {
  const t = useTranslations("incentives.portal");
  const path = portalPath(slug, "tasks");
  return (
    <div className="space-y-5" data-testid="tasks-page">
      <div className="space-y-1 px-1">
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="text-sm text-slate-600">{t("description")}</p>
      </div>
      <ActiveOnly slug={slug} brandName={brandName} path={path}>
        {() => (
          <>
            <Tasks slug={slug} path={path} />
            <Growth slug={slug} path={path} />
            <Leaderboard slug={slug} path={path} />
          </>
        )}
      </ActiveOnly>
    </div>
  );
}

function useValue() {
  const locale = useLocale();
  return (metric: Metric, v: number) => (metric === "gmv" ? formatFen(v, locale) : new Intl.NumberFormat(locale).format(v));
}

function Tasks({ slug, path }: { slug: string; path: string }) {
  const t = useTranslations("incentives.portal");
  const locale = useLocale();
  const value = useValue();
  const trpc = useTRPC();
  const q = useQuery(trpc.portalIncentives.tasks.queryOptions({ slug }));
  if (!q.isSuccess) return <PortalQueryState query={q} slug={slug} path={path} />;
  return (
    <section aria-labelledby="tasks-title" className="space-y-2">
      <h2 id="tasks-title" className="px-1 text-sm font-medium text-slate-700">{t("tasksTitle")}</h2>
      {q.data.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600" data-testid="tasks-empty">{t("tasksEmpty")}</p>
      ) : (
        <ul className="space-y-3">
          {q.data.map((task) => {
            const pct = Math.min(100, Math.floor((task.current * 100) / task.target));
            const reached = task.current >= task.target;
            return (
              <li key={task.id} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 shadow-xs" data-testid={`task-${task.id}`}>
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <div className="font-medium text-slate-900">{task.name}</div>
                    <div className="text-xs text-slate-500">{task.month} · {t(`metric.${task.metric}`)}</div>
                  </div>
                  <div className="text-right text-sm font-medium text-brand-700">{t("reward", { amount: formatFen(task.rewardFen, locale) })}</div>
                </div>
                <div
                  role="progressbar"
                  aria-label={task.name}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={pct}
                  className="h-2.5 overflow-hidden rounded-full bg-slate-100"
                  data-testid="task-progress"
                >
                  <div className={`h-full rounded-full ${reached ? "bg-emerald-500" : "bg-brand-600"}`} style={{ width: `${pct}%` }} />
                </div>
                <div className="flex items-center justify-between text-xs text-slate-600">
                  <span data-testid="task-progress-text">{t("progress", { current: value(task.metric, task.current), target: value(task.metric, task.target) })}</span>
                  {task.rewarded ? (
                    <Badge tone="success">{t("rewarded")}</Badge>
                  ) : reached ? (
                    <Badge tone="info">{t("reached")}</Badge>
                  ) : null}
                </div>
                {reached && !task.rewarded && <p className="text-xs text-slate-500">{t("verifying")}</p>}
              </li>
            );
          })}
        </ul>
      )}
      <p className="px-1 text-xs text-slate-500">{t("salesOnly")}</p>
    </section>
  );
}

function Growth({ slug, path }: { slug: string; path: string }) {
  const t = useTranslations("incentives.portal");
  const locale = useLocale();
  const trpc = useTRPC();
  const q = useQuery(trpc.portalIncentives.growth.queryOptions({ slug }));
  if (!q.isSuccess) return <PortalQueryState query={q} slug={slug} path={path} />;
  return (
    <section aria-labelledby="growth-title" className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 shadow-xs" data-testid="growth-card">
      <h2 id="growth-title" className="text-sm font-medium text-slate-700">{t("growthTitle")}</h2>
      <div className="text-2xl font-semibold text-slate-900" data-testid="growth-value">{formatFen(q.data.growthValueFen, locale)}</div>
      <p className="text-xs text-slate-500">{t("growthHint")}</p>
      <dl className="grid grid-cols-2 gap-2 text-xs text-slate-600">
        <div><dt>{t("asDistributor")}</dt><dd className="font-medium text-slate-900">{formatFen(q.data.asDistributorFen, locale)}</dd></div>
        <div><dt>{t("asBuyer")}</dt><dd className="font-medium text-slate-900">{formatFen(q.data.asBuyerFen, locale)}</dd></div>
      </dl>
    </section>
  );
}

function Leaderboard({ slug, path }: { slug: string; path: string }) {
  const t = useTranslations("incentives.portal");
  const value = useValue();
  const trpc = useTRPC();
  const [period, setPeriod] = useState<Period>("week");
  const [metric, setMetric] = useState<Metric>("gmv");
  const [scope, setScope] = useState<Scope>("brand");
  const q = useQuery(trpc.portalIncentives.leaderboard.queryOptions({ slug, period, metric, scope }));
  return (
    <section aria-labelledby="board-title" className="space-y-3" data-testid="leaderboard">
      <h2 id="board-title" className="px-1 text-sm font-medium text-slate-700">{t("boardTitle")}</h2>
      <Tabs
        items={(["week", "month"] as const).map((id) => ({ id, label: t(`period.${id}`), testId: `board-period-${id}` }))}
        value={period}
        onChange={setPeriod}
        label={t("boardTitle")}
        idPrefix="board-period"
      />
      <div className="flex flex-wrap gap-2">
        {(["gmv", "orders", "new_customers"] as const).map((m) => (
          <button key={m} type="button" onClick={() => setMetric(m)} aria-pressed={metric === m} data-testid={`board-metric-${m}`}
            className={`rounded-full px-3 py-1 text-xs ${metric === m ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700"}`}>
            {t(`metric.${m}`)}
          </button>
        ))}
        {(["brand", "team", "region"] as const).map((s) => (
          <button key={s} type="button" onClick={() => setScope(s)} aria-pressed={scope === s} data-testid={`board-scope-${s}`}
            className={`rounded-full px-3 py-1 text-xs ${scope === s ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700"}`}>
            {t(`scope.${s}`)}
          </button>
        ))}
      </div>
      <div id="board-period-panel" aria-labelledby={`board-period-tab-${period}`}>
        {!q.isSuccess ? (
          <PortalQueryState query={q} slug={slug} path={path} />
        ) : scope === "region" && !q.data.region ? (
          <p className="px-1 text-sm text-slate-600">{t("noRegion")}</p>
        ) : q.data.entries.length === 0 ? (
          <p className="px-1 text-sm text-slate-600" data-testid="board-empty">{t("boardEmpty")}</p>
        ) : (
          <ol className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" aria-label={t("boardCaption", { metric: t(`metric.${metric}`), period: t(`period.${period}`) })}>
            {q.data.entries.map((e) => (
              <li key={e.rank} className={`flex items-center justify-between px-4 py-3 text-sm ${e.me ? "bg-brand-50" : ""}`} data-testid={`board-row-${e.rank}`}>
                <span className="flex items-center gap-3">
                  <span className="w-12 text-xs text-slate-500">{t("rank", { rank: e.rank })}</span>
                  <span className="font-medium text-slate-900" data-testid="board-name">{e.name}</span>
                  {e.me && <Badge tone="info">{t("me")}</Badge>}
                </span>
                <span className="font-medium text-slate-900">{value(metric, e.value)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
