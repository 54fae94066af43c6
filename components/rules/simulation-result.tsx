"use client";

import { useLocale, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatFen } from "@/components/ui/money";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { Explanation, Simulation, SimulatedLine, SimulatedTier } from "./types";

/** What each tier would earn per line, which rule decided, the calculation, and why not the others. */
export function SimulationResult({ result }: { result: Simulation }) {
  const t = useTranslations("rules.simulator");
  const locale = useLocale();
  return (
    <section className="space-y-4" aria-labelledby="sim-result-title" data-testid="sim-result">
      <div>
        <h2 id="sim-result-title" className="text-lg font-semibold text-slate-900">
          {t("resultTitle")}
        </h2>
        <p className="text-sm text-slate-600">
          {t("resultSummary", { rules: result.ruleCount, levels: result.commissionLevels })}
        </p>
      </div>
      {result.ruleCount === 0 && <Alert tone="warning">{t("noRules")}</Alert>}
      {result.lines.map((line, i) => (
        <LineResult key={i} line={line} index={i} />
      ))}
      <Card>
        <CardHeader title={t("totals")} />
        <CardBody className="flex flex-wrap gap-x-8 gap-y-2 text-sm" data-testid="sim-totals">
          {result.totals.map((x) => (
            <span key={x.tier} data-testid={`sim-total-${x.tier}`} className="tabular-nums">
              {t("totalFor", { tier: x.tier, amount: formatFen(x.totalFen, locale) })}
            </span>
          ))}
        </CardBody>
      </Card>
    </section>
  );
}

function LineResult({ line, index }: { line: SimulatedLine; index: number }) {
  const t = useTranslations("rules.simulator");
  const locale = useLocale();
  return (
    <Card data-testid={`sim-line-result-${index}`}>
      <CardHeader
        title={t("lineTitle", {
          sku: line.sku,
          amount: formatFen(line.amountFen, locale),
          quantity: line.quantity,
        })}
        description={t(`categoryFrom.${line.categorySource}`, { category: line.category ?? "" })}
      />
      <Table>
        <caption className="sr-only">{line.sku}</caption>
        <THead>
          <Tr>
            <Th>{t("tier")}</Th>
            <Th>{t("earner")}</Th>
            <Th>{t("level")}</Th>
            <Th className="text-right">{t("earns")}</Th>
            <Th>{t("decidedBy")}</Th>
            <Th>{t("calculation")}</Th>
          </Tr>
        </THead>
        <TBody>
          {line.tiers.map((tier) => (
            <TierRows key={tier.tier} tier={tier} />
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

function TierRows({ tier }: { tier: SimulatedTier }) {
  const t = useTranslations("rules.simulator");
  const locale = useLocale();
  return (
    <>
      <Tr data-testid={`sim-tier-${tier.tier}`} data-total={tier.totalFen}>
        <Td className="tabular-nums">{tier.tier}</Td>
        <Td className="whitespace-nowrap">
          {tier.distributor ? (
            <>
              {tier.distributor.name}{" "}
              <span className="font-mono text-xs text-slate-500">{tier.distributor.code}</span>
            </>
          ) : (
            <span className="text-slate-400">—</span>
          )}
        </Td>
        <Td>{tier.level ?? <span className="text-slate-400">—</span>}</Td>
        <Td
          className="text-right font-medium tabular-nums"
          data-testid={`sim-tier-${tier.tier}-amount`}
        >
          {formatFen(tier.totalFen, locale)}
        </Td>
        <Td className="text-sm">
          {tier.commissions.map((c) => (
            <div key={c.ruleId} className="whitespace-nowrap">
              {c.ruleName} v{c.ruleVersion}{" "}
              {c.stackable && <Badge tone="info">{t("stacked")}</Badge>}
            </div>
          ))}
        </Td>
        <Td className="text-xs text-slate-700" data-testid={`sim-tier-${tier.tier}-trace`}>
          {tier.ineligible ? (
            <span className="text-amber-800">{t(`ineligible.${tier.ineligible}`)}</span>
          ) : tier.commissions.length ? (
            tier.commissions.map((c) => <div key={c.ruleId}>{c.traceText}</div>)
          ) : (
            <span className="text-slate-500">{t("nothing")}</span>
          )}
        </Td>
      </Tr>
      {tier.explanation.length > 0 && (
        <Tr>
          <Td colSpan={6} className="bg-slate-50/60 pt-0">
            <details data-testid={`sim-why-${tier.tier}`}>
              <summary className="cursor-pointer py-1 text-xs font-medium text-brand-700">
                {t("whyNot", { tier: tier.tier })}
              </summary>
              <ul className="mt-1 space-y-1 pb-2 text-xs text-slate-700">
                {tier.explanation.map((e) => (
                  <ExplanationItem key={e.ruleId} e={e} />
                ))}
              </ul>
            </details>
          </Td>
        </Tr>
      )}
    </>
  );
}

function ExplanationItem({ e }: { e: Explanation }) {
  const t = useTranslations("rules.simulator");
  const locale = useLocale();
  const sep = locale === "zh-CN" ? "；" : "; ";
  const tone =
    e.outcome === "primary"
      ? "success"
      : e.outcome === "stacked"
        ? "info"
        : e.outcome === "outranked"
          ? "warning"
          : "neutral";
  const text =
    e.outcome === "outranked" && e.outrankedBy
      ? t("outcome.outranked", {
          name: e.outrankedBy.name,
          because: t(`because.${e.outrankedBy.because}`),
        })
      : e.outcome === "notMatched"
        ? t("outcome.notMatched", { reasons: e.reasons.map((r) => t(`reason.${r}`)).join(sep) })
        : t(`outcome.${e.outcome}`);
  return (
    <li
      className="flex flex-wrap items-center gap-2"
      data-testid="sim-explanation"
      data-outcome={e.outcome}
      data-rule={e.name}
    >
      <span className="font-medium">
        {e.name} v{e.version}
      </span>
      <Badge tone={tone}>{text}</Badge>
      {(e.outcome === "primary" || e.outcome === "stacked") && (
        <span className="tabular-nums">{formatFen(e.amountFen, locale)}</span>
      )}
    </li>
  );
}
