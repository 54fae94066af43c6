"use client";

/**
 * The console home's performance dashboard: the month's four headline figures with their
 * month-on-month change, the charts, the funnel and the top distributors, under a month and a
 * channel filter kept in the URL (?month=2026-11&channel=jd). Every figure links to the list
 * behind it (components/dashboard/links.ts).
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Suspense } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import {
  ChannelMixChart,
  DailyChart,
  WeeklyJoinsChart,
} from "@/components/charts/dashboard-charts";
import { CardQuery } from "@/components/console/card-query";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/input";
import { formatFen } from "@/components/ui/money";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { CHANNELS } from "@/server/orders/console-schemas";
import { dashboardLinks, periodOf, recentMonths } from "./links";
import { RiskCard } from "./risk-card";

type Channel = (typeof CHANNELS)[number];

const BADGE_TONES: Record<string, BadgeTone> = {
  top: "brand",
  active: "success",
  new: "info",
  pending_review: "warning",
  frozen: "danger",
  disabled: "neutral",
};

/** The month and channel from the URL, falling back to the brand's current month and all channels. */
export function useDashboardFilters(currentMonth: string) {
  const params = useSearchParams();
  const months = recentMonths(currentMonth, 12);
  const month = months.includes(params.get("month") ?? "") ? params.get("month")! : currentMonth;
  const rawChannel = params.get("channel") ?? "";
  const channel = (CHANNELS as readonly string[]).includes(rawChannel)
    ? (rawChannel as Channel)
    : undefined;
  return { month, channel, months };
}

/** The filters live in the URL (useSearchParams), which needs a Suspense boundary to render. */
export function PerformanceDashboard({ currentMonth }: { currentMonth: string }) {
  return (
    <Suspense fallback={<Loading />}>
      <Dashboard currentMonth={currentMonth} />
    </Suspense>
  );
}

function Dashboard({ currentMonth }: { currentMonth: string }) {
  const t = useTranslations("dashboard");
  const tChannel = useTranslations("settlement.channel");
  const tRole = useTranslations("network.role");
  const format = useFormatter();
  const locale = useLocale();
  const money = (fen: number) => formatFen(fen, locale);
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const { month, channel, months } = useDashboardFilters(currentMonth);
  const period = periodOf(month);
  const overview = useQuery(
    trpc.dashboard.overview.queryOptions({ month, channel }, { refetchInterval: 30_000 }),
  );
  const top = useQuery(
    trpc.dashboard.top.queryOptions({ month, channel, limit: 10 }, { refetchInterval: 30_000 }),
  );

  const setFilter = (key: "month" | "channel", value: string) => {
    const next = new URLSearchParams({ month, ...(channel ? { channel } : {}) });
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const percent = (v: number) =>
    format.number(v, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const changeText = (c: number | null) =>
    c === null
      ? t("figures.changeNew")
      : c === 0
        ? t("figures.changeFlat")
        : t("figures.change", { change: percent(c) });

  return (
    <div className="space-y-6" data-testid="performance-dashboard">
      <div className="flex flex-wrap items-end gap-4" role="group" aria-label={t("title")}>
        <label className="text-sm text-slate-700">
          <span className="mb-1 block">{t("filters.month")}</span>
          <Select
            value={month}
            onChange={(e) => setFilter("month", e.target.value)}
            data-testid="dashboard-month"
            className="w-40"
          >
            {months.map((m) => (
              <option key={m} value={m}>
                {m === currentMonth ? `${m} · ${t("filters.thisMonth")}` : m}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-sm text-slate-700">
          <span className="mb-1 block">{t("filters.channel")}</span>
          <Select
            value={channel ?? ""}
            onChange={(e) => setFilter("channel", e.target.value)}
            data-testid="dashboard-channel"
            className="w-44"
          >
            <option value="">{t("filters.allChannels")}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {tChannel(c)}
              </option>
            ))}
          </Select>
        </label>
        <p className="ml-auto text-xs text-slate-500">{t("freshness")}</p>
      </div>

      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <LoadError error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {(
              [
                {
                  id: "active",
                  label: t("figures.activeDistributors"),
                  hint: t("figures.activeHint"),
                  f: overview.data.figures.activeDistributors,
                  show: (v: number) => format.number(v),
                  href: dashboardLinks.activeDistributors(),
                },
                {
                  id: "gmv",
                  label: t("figures.gmv"),
                  hint: t("figures.gmvHint"),
                  f: overview.data.figures.gmvFen,
                  show: money,
                  href: dashboardLinks.orders(period, channel),
                },
                {
                  id: "commission",
                  label: t("figures.commission"),
                  hint: t("figures.commissionHint"),
                  f: overview.data.figures.commissionFen,
                  show: money,
                  href: dashboardLinks.commissions(period),
                },
                {
                  id: "blocked",
                  label: t("figures.blocked"),
                  hint: t("figures.blockedHint"),
                  f: overview.data.figures.blockedOrders,
                  show: (v: number) => format.number(v),
                  href: dashboardLinks.blocked(period, channel),
                  warn: true,
                },
              ] as const
            ).map((tile) => (
              <li key={tile.id}>
                <Link
                  href={tile.href}
                  title={tile.hint}
                  data-testid={`dashboard-figure-${tile.id}`}
                  className={cn(
                    "block rounded-lg border bg-white p-5 shadow-xs transition-colors hover:border-brand-300 focus-visible:outline-2 focus-visible:outline-brand-600",
                    "warn" in tile && tile.f.value > 0
                      ? "border-amber-300 bg-amber-50/60"
                      : "border-slate-200",
                  )}
                >
                  <span className="block text-sm text-slate-600">{tile.label}</span>
                  <span
                    className="mt-1 block text-3xl font-semibold text-slate-900 tabular-nums"
                    data-testid={`dashboard-figure-${tile.id}-value`}
                  >
                    {tile.show(tile.f.value)}
                  </span>
                  <span
                    className={cn(
                      "mt-1 block text-xs",
                      tile.f.change === null || tile.f.change > 0
                        ? "text-emerald-700"
                        : tile.f.change < 0
                          ? "text-red-700"
                          : "text-slate-500",
                    )}
                  >
                    {changeText(tile.f.change)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>

          <div className="grid gap-6 lg:grid-cols-3">
            <Card className="lg:col-span-2" data-testid="dashboard-daily-chart">
              <CardHeader title={t("charts.daily")} />
              <CardBody>
                <DailyChart
                  data={overview.data.daily}
                  labels={{ gmv: t("charts.gmv"), commission: t("charts.commission") }}
                  money={money}
                  dayHref={(day) => dashboardLinks.orders({ first: day, last: day }, channel)}
                />
              </CardBody>
            </Card>
            <Card data-testid="dashboard-channel-chart">
              <CardHeader title={t("charts.channels")} description={t("charts.channelsHint")} />
              <CardBody>
                {overview.data.channels.length ? (
                  <ChannelMixChart
                    data={overview.data.channels.map((c) => ({
                      ...c,
                      name: tChannel.has(c.channel) ? tChannel(c.channel) : c.channel,
                    }))}
                    money={money}
                    channelHref={(c) => dashboardLinks.orders(period, c)}
                  />
                ) : (
                  <p className="text-sm text-slate-500">{t("charts.empty")}</p>
                )}
              </CardBody>
            </Card>
          </div>

          <div className="grid gap-6 lg:grid-cols-2">
            <Card data-testid="dashboard-funnel">
              <CardHeader title={t("charts.funnel")} description={t("charts.funnelHint")} />
              <CardBody>
                <ol className="space-y-3">
                  {(
                    [
                      {
                        id: "clicks",
                        label: t("charts.clicks"),
                        value: overview.data.funnel.clicks,
                        href: dashboardLinks.clicks(),
                      },
                      {
                        id: "bound",
                        label: t("charts.boundBuyers"),
                        value: overview.data.funnel.boundBuyers,
                        href: dashboardLinks.bindings(period),
                      },
                      {
                        id: "orders",
                        label: t("charts.orders"),
                        value: overview.data.funnel.orders,
                        href: dashboardLinks.orders(period, channel),
                      },
                      {
                        id: "settled",
                        label: t("charts.settled"),
                        value: overview.data.funnel.settled,
                        href: dashboardLinks.commissions(period, { status: "settled" }),
                      },
                    ] as const
                  ).map((step, i, all) => {
                    const widest = Math.max(1, ...all.map((s) => s.value));
                    const before = i > 0 ? all[i - 1]!.value : 0;
                    return (
                      <li key={step.id}>
                        <Link
                          href={step.href}
                          className="group block"
                          data-testid={`dashboard-funnel-${step.id}`}
                        >
                          <div className="flex items-baseline justify-between text-sm">
                            <span className="text-slate-700 group-hover:text-brand-700">
                              {step.label}
                            </span>
                            <span className="font-semibold text-slate-900 tabular-nums">
                              {format.number(step.value)}
                              {i > 0 && before > 0 && (
                                <span className="ml-2 text-xs font-normal text-slate-500">
                                  {t("charts.conversion", {
                                    rate: format.number(step.value / before, {
                                      style: "percent",
                                      maximumFractionDigits: 1,
                                    }),
                                  })}
                                </span>
                              )}
                            </span>
                          </div>
                          <div className="mt-1 h-2 rounded-full bg-slate-100">
                            <div
                              className="h-2 rounded-full bg-brand-500"
                              style={{ width: `${Math.max(2, (step.value / widest) * 100)}%` }}
                            />
                          </div>
                        </Link>
                      </li>
                    );
                  })}
                </ol>
              </CardBody>
            </Card>
            <Card data-testid="dashboard-weekly-chart">
              <CardHeader
                title={t("charts.newDistributors")}
                actions={
                  <Link
                    href={dashboardLinks.distributors()}
                    className="text-sm text-brand-700 hover:underline"
                  >
                    {t("charts.joined")}
                  </Link>
                }
              />
              <CardBody>
                <WeeklyJoinsChart
                  data={overview.data.newDistributorsByWeek}
                  label={t("charts.joined")}
                />
              </CardBody>
            </Card>
          </div>
        </>
      )}

      <RiskCard />

      <Card data-testid="dashboard-top">
        <CardHeader title={t("top.title")} description={t("top.description")} />
        <CardQuery
          query={top}
          isEmpty={(rows) => rows.length === 0}
          empty={<p className="text-sm text-slate-500">{t("top.empty")}</p>}
        >
          {(rows) => (
            <Table>
              <caption className="sr-only">{t("top.title")}</caption>
              <THead>
                <Tr>
                  <Th>{t("top.name")}</Th>
                  <Th>{t("top.level")}</Th>
                  <Th className="text-right">{t("top.gmv")}</Th>
                  <Th className="text-right">{t("top.commission")}</Th>
                  <Th>{t("top.status")}</Th>
                </Tr>
              </THead>
              <TBody>
                {rows.map((r) => (
                  <Tr key={r.id} data-testid="dashboard-top-row">
                    <Td>
                      <Link
                        href={dashboardLinks.distributor(r.id)}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {r.name}
                      </Link>
                      <span className="text-slate-500">
                        {" "}
                        · {tRole.has(r.role) ? tRole(r.role) : r.role}
                      </span>
                    </Td>
                    <Td>{r.level ?? t("top.noLevel")}</Td>
                    <Td className="text-right tabular-nums">
                      <Link
                        href={dashboardLinks.orders(period, channel, { distributor: r.code })}
                        className="hover:underline"
                      >
                        {money(r.gmvFen)}
                      </Link>
                    </Td>
                    <Td className="text-right tabular-nums">
                      <Link
                        href={dashboardLinks.commissions(period, { distributor: r.code })}
                        className="hover:underline"
                      >
                        {money(r.commissionFen)}
                      </Link>
                    </Td>
                    <Td>
                      <Badge tone={BADGE_TONES[r.badge] ?? "neutral"}>
                        {t(`top.badge.${r.badge}`)}
                      </Badge>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </CardQuery>
      </Card>
    </div>
  );
}
