"use client";

/**
 * The distributor's annual tax statement in the portal (mobile first): the year's income and
 * tax withheld, then each month — income paid that month (Asia/Shanghai), tax, after tax, and
 * why nothing was withheld when it was not.
 */
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { PortalQueryState } from "@/components/portal/list-frame";
import { portalPath } from "@/components/portal/links";
import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { formatFen } from "@/components/ui/money";

export function AnnualStatementView({ slug, year, currentYear }: { slug: string; year: number; currentYear: number }) {
  const t = useTranslations("tax");
  const locale = useLocale();
  const trpc = useTRPC();
  const path = portalPath(slug, "tax");
  const q = useQuery(trpc.portalTax.annual.queryOptions({ slug, year }));
  const label = (group: "method" | "note", key: string) => (t.has(`${group}.${key}`) ? t(`${group}.${key}` as "method.labour") : key);
  const years = [...new Set([currentYear, year, ...(q.data?.years ?? [])])].sort((a, b) => b - a);

  return (
    <div className="space-y-5" data-testid="tax-statement">
      <div className="space-y-1 px-1">
        <h1 className="text-xl font-semibold text-slate-900">{t("portal.title")}</h1>
        <p className="text-sm text-slate-600">{t("portal.explain")}</p>
      </div>
      <nav aria-label={t("portal.year")} className="flex gap-2 overflow-x-auto px-1">
        {years.map((y) => (
          <Link
            key={y}
            href={`${path}?year=${y}`}
            aria-current={y === year ? "page" : undefined}
            className={cn(
              "rounded-full border px-4 py-1.5 text-sm whitespace-nowrap",
              y === year ? "border-slate-900 bg-slate-900 text-white" : "border-slate-200 bg-white text-slate-700",
            )}
          >
            {y}
          </Link>
        ))}
      </nav>
      {!q.isSuccess ? (
        <PortalQueryState query={q} slug={slug} path={path} />
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-2" data-testid="tax-year-total">
            <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
              <dt className="text-xs text-slate-500">{t("portal.income")}</dt>
              <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900">{formatFen(q.data.incomeFen, locale)}</dd>
            </div>
            <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
              <dt className="text-xs text-slate-500">{t("portal.tax")}</dt>
              <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900">{formatFen(q.data.taxFen, locale)}</dd>
            </div>
          </dl>
          {q.data.months.length === 0 ? (
            <p className="rounded-xl border border-slate-200 bg-white p-6 text-center text-sm text-slate-500">{t("portal.empty", { year })}</p>
          ) : (
            <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
              {q.data.months.map((m) => (
                <li key={m.month} className="space-y-1 p-4" data-testid="tax-month-row">
                  <div className="flex items-baseline justify-between gap-3">
                    <span className="font-medium text-slate-900">{m.month}</span>
                    <span className="text-xs text-slate-500">{t("portal.payouts", { count: m.payouts })}</span>
                  </div>
                  <dl className="grid grid-cols-3 gap-2 text-sm">
                    <div>
                      <dt className="text-xs text-slate-500">{t("portal.income")}</dt>
                      <dd className="tabular-nums">{formatFen(m.incomeFen, locale)}</dd>
                    </div>
                    <div>
                      <dt className="text-xs text-slate-500">{t("portal.tax")}</dt>
                      <dd className="tabular-nums">{formatFen(m.taxFen, locale)}</dd>
                    </div>
                    <div>
                      <dt className="text-xs text-slate-500">{t("portal.net")}</dt>
                      <dd className="tabular-nums">{formatFen(m.netFen, locale)}</dd>
                    </div>
                  </dl>
                  <p className="text-xs text-slate-500">
                    {[...m.methods.filter((x) => x !== "not_withheld").map((x) => label("method", x)), ...m.notes.map((n) => label("note", n))].join(" · ")}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** A link to the statement, for the Earnings page. */
export function TaxStatementLink({ slug }: { slug: string }) {
  const t = useTranslations("tax.portal");
  return (
    <Link href={portalPath(slug, "tax")} className="block rounded-xl border border-slate-200 bg-white p-4 text-sm font-medium text-slate-800 shadow-xs" data-testid="tax-statement-link">
      {t("title")} →
    </Link>
  );
}
