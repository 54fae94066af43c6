"use client";

/**
 * The portal's level and team bonus page: progress to the next level ("¥3,200 of ¥5,000 GMV to
 * level A"), and for team leads and city partners the ladder, this month's settled GMV against
 * it, and each closed month's calculation with any clawback.
 */
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import { formatFen } from "@/components/ui/money";
import { portalPath } from "@/components/portal/links";
import { ActiveOnly, PortalQueryState } from "@/components/portal/list-frame";

const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0)}%`;

export function PortalBonusView({ slug, brandName }: { slug: string; brandName: string }) {
  const t = useTranslations("teamBonus.portal");
  const path = portalPath(slug, "bonus");
  return (
    <div className="space-y-5" data-testid="bonus-page">
      <h1 className="px-1 text-xl font-semibold text-slate-900">{t("title")}</h1>
      <ActiveOnly slug={slug} brandName={brandName} path={path}>
        {() => (
          <>
            <LevelCard slug={slug} path={path} />
            <TeamBonusCard slug={slug} path={path} />
          </>
        )}
      </ActiveOnly>
    </div>
  );
}

function Bar({ current, target }: { current: number; target: number }) {
  const share = target > 0 ? Math.min(1, current / target) : 1;
  return (
    <div className="h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={target} aria-valuenow={Math.min(current, target)}>
      <div className="h-full rounded-full bg-brand-600" style={{ width: `${share * 100}%` }} />
    </div>
  );
}

function LevelCard({ slug, path }: { slug: string; path: string }) {
  const t = useTranslations("teamBonus.portal.level");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const q = useQuery(trpc.portalTeamBonus.levelProgress.queryOptions({ slug }));
  if (!q.isSuccess) return <PortalQueryState query={q} slug={slug} path={path} />;
  const p = q.data;
  const value = (metric: string, n: number) => (metric === "gmv" ? formatFen(n, locale) : String(n));
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4" data-testid="level-progress">
      <div className="flex items-baseline justify-between">
        <h2 className="text-base font-semibold text-slate-900">{t("title")}</h2>
        <span className="text-sm font-medium text-brand-700" data-testid="level-current">
          {p.current ? t("current", { name: p.current.name }) : t("none")}
        </span>
      </div>
      {p.next ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-700">{t("next", { name: p.next.level.name })}</p>
          {p.next.conditions.map((c) => (
            <div key={c.metric} className="space-y-1" data-testid={`level-condition-${c.metric}`}>
              <p className="text-sm tabular-nums text-slate-600">{t(c.metric, { current: value(c.metric, c.current), target: value(c.metric, c.target) })}</p>
              <Bar current={c.current} target={c.target} />
            </div>
          ))}
        </div>
      ) : (
        <p className="text-sm text-slate-600">{t("top")}</p>
      )}
      <p className="text-xs text-slate-500">{t("window", { days: p.figures.lookbackDays })}</p>
      {p.history.length > 0 && (
        <div className="space-y-1">
          <h3 className="text-sm font-medium text-slate-900">{t("history")}</h3>
          <ul className="space-y-1 text-sm text-slate-600">
            {p.history.map((h, i) => (
              <li key={i}>
                {format.dateTime(h.createdAt, { dateStyle: "medium" })} · {h.direction === "demotion" ? t("demotion", { level: h.toLevel }) : t("upgrade", { level: h.toLevel })} ·{" "}
                {formatFen(h.gmvFen, locale)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function TeamBonusCard({ slug, path }: { slug: string; path: string }) {
  const t = useTranslations("teamBonus.portal.team");
  const locale = useLocale();
  const trpc = useTRPC();
  const q = useQuery(trpc.portalTeamBonus.teamBonus.queryOptions({ slug }));
  if (!q.isSuccess) return <PortalQueryState query={q} slug={slug} path={path} />;
  const b = q.data;
  if (!b) return null;
  const money = (fen: number) => formatFen(fen, locale);
  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4" data-testid="team-bonus">
      <h2 className="text-base font-semibold text-slate-900">{t("title")}</h2>
      <p className="text-sm text-slate-600">{b.basis === "team" ? t("teamBasis", { levels: b.commissionLevels }) : t("regionBasis", { region: b.region ?? "" })}</p>
      <div className="space-y-2" data-testid="team-bonus-progress">
        <p className="text-sm text-slate-500">{t("monthToDate", { month: b.month })}</p>
        <p className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="team-bonus-gmv">
          {money(b.monthToDate.gmvFen)}
        </p>
        <p className="text-sm text-slate-700">{b.monthToDate.rateBp ? t("reached", { rate: pct(b.monthToDate.rateBp) }) : t("noStep")}</p>
        {b.next ? (
          <>
            <Bar current={b.monthToDate.gmvFen} target={b.next.step.minFen} />
            <p className="text-sm text-slate-600" data-testid="team-bonus-next">
              {t("toNext", { remaining: money(b.next.remainingFen), rate: pct(b.next.step.rateBp) })}
            </p>
          </>
        ) : (
          <p className="text-sm text-slate-600">{t("top")}</p>
        )}
      </div>
      <div className="space-y-1">
        <h3 className="text-sm font-medium text-slate-900">{t("ladder")}</h3>
        <ul className="space-y-1 text-sm text-slate-600" data-testid="team-bonus-ladder">
          {b.ladder.map((s) => (
            <li key={s.minFen}>{t("step", { min: money(s.minFen), rate: pct(s.rateBp) })}</li>
          ))}
        </ul>
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-medium text-slate-900">{t("periods")}</h3>
        {b.periods.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noPeriods")}</p>
        ) : (
          <ul className="space-y-2">
            {b.periods.map((p) => (
              <li key={p.period} className="rounded-lg bg-slate-50 p-3 text-sm" data-testid={`team-bonus-period-${p.period}`}>
                <p className="font-medium text-slate-900">{p.period}</p>
                <p className="tabular-nums text-slate-600">{t("calc", { gmv: money(p.gmvFen), rate: pct(p.rateBp), bonus: money(p.bonusFen) })}</p>
                {p.adjustments.map((a) => (
                  <p key={a.sourcePeriod} className="tabular-nums text-slate-600">
                    {t("clawback", { source: a.sourcePeriod, refund: money(a.refundFen), amount: money(a.amountFen) })}
                  </p>
                ))}
                <p className="font-medium tabular-nums text-slate-900">{t("paid", { total: money(p.totalFen) })}</p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
