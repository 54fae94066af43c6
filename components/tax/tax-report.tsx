"use client";

/**
 * The monthly tax report in the console: totals by method, then one row per distributor
 * (masked ID number, income, tax, method, why not withheld), 50 at a time by keyset, and the
 * full month as CSV or Excel through the export route (streamed, any size).
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { ExportProgress, useExportDownload } from "@/components/console/data-table/export-download";
import { PROGRESS_THRESHOLD_ROWS } from "@/components/console/data-table/export-progress";
import { useTRPC } from "@/components/trpc/client";
import { buttonClasses } from "@/components/ui/button";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { formatFen } from "@/components/ui/money";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

const PAGE = 50;

export function TaxReport({ month, maxMonth }: { month: string; maxMonth: string }) {
  const t = useTranslations("tax");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const first = useQuery(trpc.tax.report.queryOptions({ month, limit: PAGE }));
  const queryClient = useQueryClient();
  // Further pages, after the first, for this month (reset when the month changes).
  const [more, setMore] = useState<{ month: string; pages: NonNullable<typeof first.data>[] }>({ month, pages: [] });
  const [loadingMore, setLoadingMore] = useState(false);
  const extra = more.month === month ? more.pages : [];
  const rows = [...(first.data?.rows ?? []), ...extra.flatMap((p) => p.rows)];
  const next = extra.length ? (extra.at(-1)!.next ?? null) : (first.data?.next ?? null);
  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await queryClient.fetchQuery(trpc.tax.report.queryOptions({ month, after: next, limit: PAGE }));
      setMore({ month, pages: [...extra, page] });
    } finally {
      setLoadingMore(false);
    }
  };
  const summary = first.data?.summary;
  const label = (group: "method" | "note", key: string) => (t.has(`${group}.${key}`) ? t(`${group}.${key}` as "method.labour") : key);
  const exportRows = summary?.distributors ?? 0;
  const exporter = useExportDownload(exportRows);
  const exportHref = (format: "csv" | "xlsx") => `/console/export/tax-report?month=${month}&format=${format}`;

  return (
    <div className="space-y-6" data-testid="tax-report">
      <Card>
        <CardBody className="flex flex-wrap items-end gap-4">
          <label className="space-y-1 text-sm">
            <span className="block font-medium text-slate-700">{t("report.month")}</span>
            <Input
              type="month"
              value={month}
              max={maxMonth}
              onChange={(e) => e.target.value && router.replace(`${pathname}?month=${e.target.value}`)}
              data-testid="tax-month"
            />
          </label>
          <div className="ml-auto flex gap-2">
            {(["csv", "xlsx"] as const).map((format) => (
              <a
                key={format}
                className={buttonClasses("secondary", "sm")}
                href={exportHref(format)}
                // A month with many payees downloads with a progress bar (one row per payee).
                onClick={
                  exportRows > PROGRESS_THRESHOLD_ROWS
                    ? (e) => {
                        e.preventDefault();
                        if (exporter.progress.state !== "running") void exporter.start(exportHref(format), format);
                      }
                    : undefined
                }
                data-testid={`tax-export-${format}`}
              >
                {format === "csv" ? t("report.exportCsv") : t("report.exportXlsx")}
              </a>
            ))}
          </div>
          <ExportProgress progress={exporter.progress} total={exportRows} onCancel={exporter.cancel} testId="tax" />
        </CardBody>
      </Card>

      {summary && (
        <div className="grid gap-4 sm:grid-cols-4">
          {[
            [t("report.distributors"), String(summary.distributors)],
            [t("report.payouts"), String(summary.payouts)],
            [t("report.income"), formatFen(summary.incomeFen, locale)],
            [t("report.tax"), formatFen(summary.taxFen, locale)],
          ].map(([k, v]) => (
            <Card key={k}>
              <CardBody>
                <p className="text-sm text-slate-500">{k}</p>
                <p className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{v}</p>
              </CardBody>
            </Card>
          ))}
        </div>
      )}

      {summary && summary.byMethod.length > 0 && (
        <Card>
          <CardHeader title={t("report.byMethod")} />
          <CardBody className="overflow-x-auto">
            <Table>
              <TBody>
                {summary.byMethod.map((m) => (
                  <Tr key={m.method}>
                    <Td>{label("method", m.method)}</Td>
                    <Td className="text-right tabular-nums">{m.distributors}</Td>
                    <Td className="text-right tabular-nums">{formatFen(m.incomeFen, locale)}</Td>
                    <Td className="text-right tabular-nums">{formatFen(m.taxFen, locale)}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </CardBody>
        </Card>
      )}

      <Card>
        <CardBody className="overflow-x-auto">
          {first.data && rows.length === 0 ? (
            <EmptyState title={t("report.empty")} />
          ) : (
            <Table>
              <THead>
                <Tr>
                  <Th>{t("report.columns.name")}</Th>
                  <Th>{t("report.columns.code")}</Th>
                  <Th>{t("report.columns.idNumber")}</Th>
                  <Th className="text-right">{t("report.columns.income")}</Th>
                  <Th className="text-right">{t("report.columns.tax")}</Th>
                  <Th>{t("report.columns.method")}</Th>
                  <Th>{t("report.columns.note")}</Th>
                </Tr>
              </THead>
              <TBody>
                {rows.map((r) => (
                  <Tr key={r.distributorId} data-testid="tax-row">
                    <Td>{r.name}</Td>
                    <Td className="font-mono text-xs">{r.code}</Td>
                    <Td className="font-mono text-xs">{r.idNumberMasked ?? "—"}</Td>
                    <Td className="text-right tabular-nums">{formatFen(r.incomeFen, locale)}</Td>
                    <Td className="text-right tabular-nums">{formatFen(r.taxFen, locale)}</Td>
                    <Td>{r.methods.map((m) => label("method", m)).join("; ")}</Td>
                    <Td className="text-slate-600">{r.notes.map((n) => label("note", n)).join("; ")}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
          {next && (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" size="sm" loading={loadingMore} onClick={() => void loadMore()}>
                {t("report.more")}
              </Button>
            </div>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
