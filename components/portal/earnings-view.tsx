"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { TaxStatementLink } from "@/components/tax/annual-statement";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatFen } from "@/components/ui/money";
import type { Locale } from "@/server/i18n/config";
import { EARNING_STATES, type EarningState } from "@/server/orders/earning-states";
import { WithdrawLink } from "@/components/withdrawals/withdraw-view";
import { IdentityLink } from "./identity-view";
import { portalPath } from "./links";
import { ActiveOnly, LoadMoreList, PortalQueryState } from "./list-frame";
import { earningsPagesOptions, LIST_PAGE_SIZE } from "./list-queries";
import type { EarningsPage, EarningsSummary } from "./portal-types";

const STATE_TONE: Record<EarningState, BadgeTone> = {
  pending: "info",
  completed: "brand",
  held: "warning",
  settled: "success",
  refunded: "danger",
  cancelled: "neutral",
};

/** Earnings: balances, month totals, and every commission with why it is what it is. */
export function EarningsView({ slug, brandName }: { slug: string; brandName: string }) {
  const t = useTranslations("portal.earnings");
  const path = portalPath(slug, "earnings");
  return (
    <div className="space-y-5" data-testid="earnings-page">
      <div className="space-y-1 px-1">
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="text-sm text-slate-600">{t("description")}</p>
      </div>
      <ActiveOnly slug={slug} brandName={brandName} path={path}>
        {() => <Earnings slug={slug} path={path} />}
      </ActiveOnly>
    </div>
  );
}

function Earnings({ slug, path }: { slug: string; path: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.portalEarnings.summary.queryOptions({ slug }));
  const [state, setState] = useState<EarningState | null>(null);
  if (!summary.isSuccess) return <PortalQueryState query={summary} slug={slug} path={path} />;
  return (
    <>
      <BalanceCards balances={summary.data.balances} />
      <WithdrawLink slug={slug} />
      <IdentityLink slug={slug} />
      <MonthTotals months={summary.data.months} />
      <TaxStatementLink slug={slug} />
      <StateFilter value={state} onChange={setState} />
      <CommissionList slug={slug} path={path} state={state} />
    </>
  );
}

export function BalanceCards({ balances }: { balances: EarningsSummary["balances"] }) {
  const t = useTranslations("portal.earnings.balances");
  const locale = useLocale();
  const cells = [
    { key: "available", fen: balances.availableFen, strong: true },
    { key: "pending", fen: balances.pendingFen },
    { key: "held", fen: balances.heldFen },
    { key: "arrears", fen: balances.arrearsFen, warn: balances.arrearsFen > 0 },
  ] as const;
  return (
    <section aria-labelledby="balances-title" className="space-y-2">
      <h2 id="balances-title" className="sr-only">
        {t("title")}
      </h2>
      <dl className="grid grid-cols-2 gap-2">
        {cells.map((c) => (
          <div
            key={c.key}
            className={cn(
              "rounded-xl border bg-white p-4 shadow-xs",
              "warn" in c && c.warn ? "border-red-200" : "border-slate-200",
            )}
            data-testid={`balance-${c.key}`}
          >
            <dt className="text-xs text-slate-500">{t(c.key)}</dt>
            <dd
              className={cn(
                "mt-1 text-lg font-semibold tabular-nums",
                "warn" in c && c.warn ? "text-red-700" : "strong" in c ? "text-brand-700" : "text-slate-900",
              )}
            >
              {formatFen(c.fen, locale)}
            </dd>
            <p className="mt-1 text-xs text-slate-500">{t(`${c.key}Hint`)}</p>
          </div>
        ))}
      </dl>
    </section>
  );
}

function MonthTotals({ months }: { months: EarningsSummary["months"] }) {
  const t = useTranslations("portal.earnings.months");
  const locale = useLocale();
  const format = useFormatter();
  if (!months.length) return null;
  // "2026-11" is a Shanghai month; the 15th at noon UTC is inside it in any reader's zone.
  const label = (m: string) =>
    format.dateTime(new Date(`${m}-15T12:00:00Z`), { year: "numeric", month: "long", timeZone: "Asia/Shanghai" });
  return (
    <section aria-labelledby="months-title" className="space-y-2">
      <h2 id="months-title" className="px-1 text-sm font-medium text-slate-700">
        {t("title")}
      </h2>
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
        {months.map((m) => (
          <li key={m.month} className="flex items-center justify-between gap-3 px-4 py-3" data-testid="month-row">
            <div>
              <p className="font-medium text-slate-900">{label(m.month)}</p>
              <p className="text-xs text-slate-500">{t("orders", { count: m.orders })}</p>
            </div>
            <div className="text-right">
              <p className="font-semibold tabular-nums text-slate-900">{formatFen(m.earnedFen, locale)}</p>
              <p className="text-xs text-slate-500">{t("settled", { amount: formatFen(m.settledFen, locale) })}</p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StateFilter({ value, onChange }: { value: EarningState | null; onChange: (s: EarningState | null) => void }) {
  const t = useTranslations("portal.earnings");
  const options: (EarningState | null)[] = [null, ...EARNING_STATES];
  return (
    <div role="group" aria-label={t("filterLabel")} className="-mx-4 flex gap-2 overflow-x-auto px-4 pb-1">
      {options.map((s) => (
        <button
          key={s ?? "all"}
          type="button"
          aria-pressed={value === s}
          onClick={() => onChange(s)}
          data-testid={`earnings-filter-${s ?? "all"}`}
          className={cn(
            "shrink-0 rounded-full border px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-600",
            value === s ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700",
          )}
        >
          {s ? t(`states.${s}`) : t("all")}
        </button>
      ))}
    </div>
  );
}

function CommissionList({ slug, path, state }: { slug: string; path: string; state: EarningState | null }) {
  const t = useTranslations("portal.earnings");
  const locale = useLocale() as Locale;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const list = useInfiniteQuery(
    earningsPagesOptions(trpc.portalEarnings.commissions.queryKey({ slug, state, locale }), (offset) =>
      client.portalEarnings.commissions.query({ slug, state, locale, limit: LIST_PAGE_SIZE, offset }),
    ),
  );
  if (!list.isSuccess) return <PortalQueryState query={list} slug={slug} path={path} />;
  const items = list.data.pages.flatMap((p) => p.items);
  const total = list.data.pages.at(-1)?.total ?? 0;

  if (items.length === 0) {
    if (state) {
      return (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600" data-testid="earnings-none">
          {t("noneInState")}
        </p>
      );
    }
    return (
      <section className="space-y-4 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center" data-testid="earnings-empty">
        <h2 className="text-base font-semibold text-slate-900">{t("emptyTitle")}</h2>
        <p className="text-sm text-slate-600">{t("emptyBody")}</p>
        <Link href={portalPath(slug, "promote")} className={buttonClasses("primary", "lg", "w-full")} data-testid="earnings-promote">
          {t("emptyCta")}
        </Link>
      </section>
    );
  }

  return (
    <LoadMoreList
      headingId="earnings-list-title"
      heading={
        <h2 id="earnings-list-title" className="px-1 text-sm font-medium text-slate-700">
          {t("totalCount", { count: total })}
        </h2>
      }
      list={list}
      moreLabel={t("loadMore", { shown: items.length, total })}
      moreTestId="earnings-load-more"
    >
      {items.map((c) => (
        <CommissionRow key={c.id} c={c} />
      ))}
    </LoadMoreList>
  );
}

function CommissionRow({ c }: { c: EarningsPage["items"][number] }) {
  const t = useTranslations("portal.earnings");
  const channel = useTranslations("settlement.channel");
  const locale = useLocale();
  const format = useFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  return (
    <li className="space-y-2 px-4 py-3" data-testid="earning-row" data-state={c.state}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">{c.productName ?? c.sku}</p>
          <p className="text-xs text-slate-500">
            {channel.has(c.channel) ? channel(c.channel) : c.channel} · {c.orderNo} · {day(c.paidAt)}
          </p>
          <p className="text-xs text-slate-500">
            {c.tier === 1
              ? t("ownSale", { buyer: c.buyer ?? t("anonymous") })
              : t("teamSale", { tier: c.tier, member: c.teamMember ?? t("anonymous") })}
          </p>
        </div>
        <div className="shrink-0 text-right">
          <p className={cn("font-semibold tabular-nums", c.state === "cancelled" || c.amountFen === 0 ? "text-slate-400 line-through" : "text-slate-900")}>
            {formatFen(c.amountFen, locale)}
          </p>
          <Badge tone={STATE_TONE[c.state]}>{t(`states.${c.state}`)}</Badge>
        </div>
      </div>
      <p className="rounded-md bg-slate-50 px-2 py-1.5 text-xs text-slate-600" data-testid="earning-why">
        <span className="font-medium text-slate-700">{t("why")}</span> {c.why}
      </p>
      <p className="text-xs text-slate-500">{stateNote(t, c, day, locale)}</p>
    </li>
  );
}

type T = ReturnType<typeof useTranslations<"portal.earnings">>;

/** One line on where the commission stands and what comes next. */
function stateNote(t: T, c: EarningsPage["items"][number], day: (d: Date) => string, locale: string) {
  switch (c.state) {
    case "pending":
      return t("notes.pending");
    case "completed":
      return c.settleAfter ? t("notes.completed", { date: day(c.settleAfter) }) : t("notes.pending");
    case "held":
      return t("notes.held");
    case "settled":
      return c.settledAt ? t("notes.settled", { date: day(c.settledAt) }) : t("states.settled");
    case "refunded":
      return t("notes.refunded", { refunded: formatFen(c.refundedFen, locale), paid: formatFen(c.lineAmountFen, locale) });
    case "cancelled":
      return t("notes.cancelled");
  }
}
