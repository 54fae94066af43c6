"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatFen } from "@/components/ui/money";
import type { KpiTaskRow } from "@/server/incentives/kpi/tasks";
import { emptyKpiForm } from "./kpi-form-values";
import { KpiEditDialog } from "./kpi-edit-dialog";
import { KpiTaskForm } from "./kpi-task-form";
import { KPI_TASKS_SPEC } from "./kpi-tasks-spec";

const column = dataTableColumns<KpiTaskRow>();
type Metric = KpiTaskRow["metric"];

function useColumns(canManage: boolean, onCancel: (id: string) => void, onEdit: (task: KpiTaskRow) => void) {
  const t = useTranslations("incentives.console.kpi");
  const tm = useTranslations("incentives.portal.metric");
  const locale = useLocale();
  return useMemo(() => {
    const target = (m: Metric, v: number) => (m === "gmv" ? formatFen(v, locale) : new Intl.NumberFormat(locale).format(v));
    return column.columns([
      column.accessor("name", { header: () => t("columns.name"), cell: ({ getValue }) => <span className="font-medium text-slate-900">{getValue()}</span> }),
      column.accessor("month", { id: "month", header: () => t("columns.month") }),
      column.accessor("target", {
        header: () => t("columns.metric"),
        cell: ({ row }) => <span data-testid={`target-${row.original.id}`}>{`${tm(row.original.metric)} ≥ ${target(row.original.metric, row.original.target)}`}</span>,
      }),
      column.accessor("rewardFen", { header: () => t("columns.reward"), meta: { align: "right" }, cell: ({ getValue }) => formatFen(getValue(), locale) }),
      column.accessor("role", { header: () => t("columns.scope"), cell: ({ row }) => [row.original.role ? t(`roles.${row.original.role}`) : t("allRoles"), row.original.levelName].filter(Boolean).join(" · ") }),
      column.accessor("eligible", { header: () => t("columns.eligible"), meta: { align: "right" } }),
      column.accessor("reached", { header: () => t("columns.reached"), meta: { align: "right" } }),
      column.accessor("rewarded", { header: () => t("columns.rewarded"), meta: { align: "right" }, cell: ({ row }) => `${row.original.rewarded} · ${formatFen(row.original.rewardedFen, locale)}` }),
      column.accessor("completionBp", {
        header: () => t("columns.completion"),
        meta: { align: "right" },
        cell: ({ getValue, row }) => <span data-testid={`completion-${row.original.id}`}>{new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(getValue() / 10_000)}</span>,
      }),
      column.accessor("status", {
        header: () => t("columns.status"),
        cell: ({ getValue }) => <Badge tone={getValue() === "active" ? "success" : "neutral"}>{t(`status.${getValue()}`)}</Badge>,
      }),
      column.display({
        id: "actions",
        header: () => <span className="sr-only">{t("columns.actions")}</span>,
        cell: ({ row }) =>
          canManage && row.original.status === "active" ? (
            <div className="flex justify-end gap-1">
              {row.original.rewarded > 0 ? (
                // Paid rewards fix the terms (the server refuses with CONFLICT): say why up front.
                <span title={t("editLocked")} data-testid={`edit-locked-${row.original.id}`}>
                  <Button variant="ghost" size="sm" disabled>
                    {t("edit")}
                    <span className="sr-only">{t("editLocked")}</span>
                  </Button>
                </span>
              ) : (
                <Button variant="ghost" size="sm" onClick={() => onEdit(row.original)} data-testid={`edit-${row.original.id}`}>
                  {t("edit")}
                </Button>
              )}
              <Button variant="ghost" size="sm" onClick={() => onCancel(row.original.id)} data-testid={`cancel-${row.original.id}`}>
                {t("cancelTask")}
              </Button>
            </div>
          ) : null,
      }),
    ]);
  }, [t, tm, locale, canManage, onCancel, onEdit]);
}

/** KPI tasks: create, edit, cancel, and each task's completion rate. */
export function KpiTasksTable({ canManage }: { canManage: boolean }) {
  const t = useTranslations("incentives.console.kpi");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const table = useDataTableState(KPI_TASKS_SPEC);
  const query = useQuery(trpc.kpiTasks.list.queryOptions(listInput(KPI_TASKS_SPEC, table.state), { placeholderData: keepPreviousData }));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.kpiTasks.list.queryKey() });
  const cancel = useMutation(trpc.kpiTasks.cancel.mutationOptions({ onSuccess: refresh }));
  const onCancel = useMemo(() => (id: string) => {
    if (window.confirm(t("cancelConfirm"))) cancel.mutate({ id });
  }, [cancel, t]);
  const [editing, setEditing] = useState<KpiTaskRow | null>(null);
  const [initial] = useState(() => emptyKpiForm());
  const filters: FilterControl[] = useMemo(
    () => [
      { kind: "search", key: "month", label: t("filters.month"), placeholder: "2026-03", maxLength: 7 },
      { kind: "select", key: "status", label: t("filters.status"), options: (["active", "cancelled"] as const).map((v) => ({ value: v, label: t(`status.${v}`) })) },
    ],
    [t],
  );
  return (
    <div className="space-y-4">
      {canManage && <KpiTaskForm mode="create" initial={initial} onSaved={refresh} />}
      {editing && <KpiEditDialog task={editing} onClose={() => setEditing(null)} onSaved={refresh} />}
      <DataTable
        table={table}
        query={query}
        columns={useColumns(canManage, onCancel, setEditing)}
        filters={filters}
        getRowId={(row) => row.id}
        rowTestId={(row) => `kpi-row-${row.id}`}
        caption={t("caption")}
        testId="kpi-tasks"
        empty={<EmptyState title={t("emptyTitle")} description={t("emptyBody")} />}
      />
    </div>
  );
}
