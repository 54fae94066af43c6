"use client";

/**
 * All-staff marketing in the console: import staff from CSV as employees with departments, and
 * their settled sales by department and by person (server-paged).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { formatFen } from "@/components/ui/money";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";
import { PERFORMANCE_SPEC } from "./statements-spec";

type PerformanceRow = inferRouterOutputs<AppRouter>["teamBonus"]["employeePerformance"]["items"][number];

export function EmployeeImport() {
  const t = useTranslations("teamBonus.employees.import");
  const errors = useErrorMessages();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [csv, setCsv] = useState<string | null>(null);
  const run = useMutation(trpc.teamBonus.importEmployees.mutationOptions({ onSuccess: () => qc.invalidateQueries(trpc.teamBonus.pathFilter()) }));
  return (
    <Card data-testid="employee-import">
      <CardHeader title={t("title")} />
      <CardBody className="space-y-3">
        <p className="text-sm text-slate-600">{t("body")}</p>
        <div className="flex flex-wrap items-end gap-3">
          <label className="space-y-1 text-sm">
            <span className="block font-medium text-slate-700">{t("file")}</span>
            <Input type="file" accept=".csv,text/csv" data-testid="employee-import-file" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
          </label>
          <Button disabled={!csv} loading={run.isPending} onClick={() => csv && run.mutate({ csv })} data-testid="employee-import-run">
            {t("button")}
          </Button>
        </div>
        <div aria-live="polite">
          {run.data && (
            <Alert tone={run.data.created === run.data.total ? "success" : "warning"} data-testid="employee-import-result">
              <p>{t("result", { created: run.data.created, total: run.data.total })}</p>
              <ul className="mt-1 list-disc pl-5">
                {run.data.results
                  .filter((r) => !r.ok)
                  .map((r) => (
                    <li key={r.line}>
                      {t("line", { line: r.line })}: {r.error}
                    </li>
                  ))}
              </ul>
            </Alert>
          )}
          {run.isError && <Alert tone="danger">{errors.describe(run.error)}</Alert>}
        </div>
      </CardBody>
    </Card>
  );
}

const column = dataTableColumns<PerformanceRow>();

export function EmployeePerformance() {
  const t = useTranslations("teamBonus.employees");
  const locale = useLocale();
  const trpc = useTRPC();
  const table = useDataTableState(PERFORMANCE_SPEC);
  const query = useQuery(trpc.teamBonus.employeePerformance.queryOptions(listInput(PERFORMANCE_SPEC, table.state), { placeholderData: keepPreviousData }));
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("name", {
          header: () => t("columns.name"),
          cell: ({ row }) => (
            <div>
              <div className="text-slate-900">{row.original.name}</div>
              <div className="font-mono text-xs text-slate-500">{row.original.code}</div>
            </div>
          ),
        }),
        column.accessor("department", { header: () => t("columns.department"), cell: ({ getValue }) => getValue() || t("noDepartment") }),
        column.accessor("gmvFen", { id: "gmv", header: () => t("columns.gmv"), meta: { align: "right" }, cell: ({ getValue }) => formatFen(getValue(), locale) }),
        column.accessor("orders", { header: () => t("columns.orders"), meta: { align: "right" } }),
      ]),
    [t, locale],
  );
  const filters: FilterControl[] = useMemo(
    () => [
      { kind: "search", key: "department", label: t("filters.department"), maxLength: 60 },
      { kind: "dateRange", from: "from", to: "to", label: t("filters.from") },
    ],
    [t],
  );
  const departments = query.data?.departments ?? [];
  return (
    <DataTable
      table={table}
      query={query}
      columns={columns}
      filters={filters}
      getRowId={(row) => row.distributorId}
      rowTestId={(row) => `employee-${row.code}`}
      caption={t("caption")}
      testId="employee-performance"
      empty={<EmptyState title={t("emptyTitle")} description={t("emptyBody")} />}
    >
      {departments.length > 0 && (
        <div className="grid gap-3 sm:grid-cols-3" data-testid="department-totals">
          {departments.map((d) => (
            <Card key={d.department}>
              <CardBody>
                <p className="text-sm text-slate-500">
                  {d.department || t("noDepartment")} · {t("people", { count: d.people })}
                </p>
                <p className="mt-1 text-lg font-semibold tabular-nums text-slate-900">{formatFen(d.gmvFen, locale)}</p>
              </CardBody>
            </Card>
          ))}
        </div>
      )}
    </DataTable>
  );
}
