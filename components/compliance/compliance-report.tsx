"use client";

/**
 * The compliance report in the console: a period (a month, or a range of days), the report's
 * key figures and findings as a preview, its fingerprint, and the PDF and CSV downloads (the
 * download route generates, audits and sends the file).
 */
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { formatFen } from "@/components/ui/money";
import type { PeriodInput } from "@/server/compliance/period";

function query(period: PeriodInput) {
  return new URLSearchParams("month" in period ? { month: period.month } : { from: period.from, to: period.to }).toString();
}

export function ComplianceReportView({ period, maxMonth }: { period: PeriodInput; maxMonth: string }) {
  const t = useTranslations("compliance");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const report = useQuery(trpc.compliance.preview.queryOptions(period));
  const [kind, setKind] = useState<"month" | "range">("month" in period ? "month" : "range");
  const [from, setFrom] = useState("from" in period ? period.from : "");
  const [to, setTo] = useState("to" in period ? period.to : "");
  const go = (p: PeriodInput) => router.replace(`${pathname}?${query(p)}`);
  const href = (format: "pdf" | "csv") => `/console/compliance/download?format=${format}&${query(period)}`;
  const f = report.data?.figures;
  const integrityOk = f ? f.integrity.withoutOrderLine === 0 && f.integrity.expenseJournalsWithoutOrder === 0 : true;
  const allClear = f ? f.tiers.withinCap && integrityOk && !f.enrolment.spendThresholdRisk : true;

  return (
    <div className="space-y-6" data-testid="compliance-report">
      <Card>
        <CardBody className="flex flex-wrap items-end gap-4">
          <div className="flex gap-1" role="group" aria-label={t("period.kind")}>
            {(["month", "range"] as const).map((k) => (
              <Button key={k} size="sm" variant={kind === k ? "primary" : "secondary"} onClick={() => setKind(k)} data-testid={`compliance-kind-${k}`}>
                {t(`period.${k}`)}
              </Button>
            ))}
          </div>
          {kind === "month" ? (
            <label className="space-y-1 text-sm">
              <span className="block font-medium text-slate-700">{t("period.monthLabel")}</span>
              <Input
                type="month"
                value={"month" in period ? period.month : ""}
                max={maxMonth}
                onChange={(e) => e.target.value && go({ month: e.target.value })}
                data-testid="compliance-month"
              />
            </label>
          ) : (
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (from && to) go({ from, to });
              }}
            >
              <label className="space-y-1 text-sm">
                <span className="block font-medium text-slate-700">{t("period.from")}</span>
                <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="compliance-from" />
              </label>
              <label className="space-y-1 text-sm">
                <span className="block font-medium text-slate-700">{t("period.to")}</span>
                <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="compliance-to" />
              </label>
              <Button type="submit" size="sm" variant="secondary" data-testid="compliance-apply">
                {t("preview.title")}
              </Button>
            </form>
          )}
          <div className="ml-auto flex gap-2">
            <a className={buttonClasses("primary", "sm")} href={href("pdf")} download data-testid="compliance-download-pdf">
              {t("actions.pdf")}
            </a>
            <a className={buttonClasses("secondary", "sm")} href={href("csv")} download data-testid="compliance-download-csv">
              {t("actions.csv")}
            </a>
          </div>
        </CardBody>
      </Card>

      {report.isPending && <Loading />}
      {report.isError && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
      {f && report.data && (
        <>
          <Alert tone={allClear ? "success" : "danger"} data-testid="compliance-verdict">
            {t(allClear ? "preview.allClear" : "preview.issues")}
          </Alert>
          {f.enrolment.spendThresholdRisk && (
            <Alert tone="danger" data-testid="compliance-spend-threshold-risk">
              {t("doc.enrolment.risk")}
            </Alert>
          )}
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="compliance-figures">
            {(
              [
                [t("doc.levels.atEnd"), String(f.levels.atEnd)],
                [t("doc.tiers.deepestEver"), String(f.tiers.deepestEver)],
                [t("doc.integrity.commissions"), String(f.integrity.commissions)],
                [t("doc.integrity.withoutOrderLine"), String(f.integrity.withoutOrderLine)],
                [t("doc.integrity.expenseJournalsWithoutOrder"), String(f.integrity.expenseJournalsWithoutOrder)],
                [t("doc.integrity.expense"), formatFen(f.integrity.expenseFen, locale)],
                [t("doc.reparents.count"), String(f.reparents.count)],
                [t("doc.overrides.count"), String(f.bindingOverrides.count)],
                [t("doc.risk.count"), String(f.riskDecisions.count)],
                [t("doc.payouts.payouts"), String(f.payouts.payouts)],
                [t("doc.payouts.gross"), formatFen(f.payouts.grossFen, locale)],
                [t("doc.payouts.tax"), formatFen(f.payouts.taxFen, locale)],
              ] as const
            ).map(([label, value]) => (
              <Card key={label}>
                <CardBody>
                  <p className="text-sm text-slate-500">{label}</p>
                  <p className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{value}</p>
                </CardBody>
              </Card>
            ))}
          </div>
          <Card>
            <CardHeader title={t("preview.fingerprint")} />
            <CardBody>
              <code className="break-all text-xs text-slate-700" data-testid="compliance-fingerprint">
                {report.data.fingerprint}
              </code>
            </CardBody>
          </Card>
        </>
      )}
    </div>
  );
}
