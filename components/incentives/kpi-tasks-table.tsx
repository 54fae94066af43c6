"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, type FormEvent } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { formatFen } from "@/components/ui/money";
import type { KpiTaskRow } from "@/server/incentives/kpi/tasks";
import { KPI_TASKS_SPEC } from "./kpi-tasks-spec";

const column = dataTableColumns<KpiTaskRow>();
const ROLES = ["distributor", "team_lead", "city_partner", "employee"] as const;
type Metric = KpiTaskRow["metric"];

/** "1999.99" → 199999 exactly; null when it is not an amount. */
function yuanToFen(s: string): number | null {
  const v = s.trim();
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(v)) return null;
  const [whole, frac = ""] = v.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

function useColumns(canManage: boolean, onCancel: (id: string) => void) {
  const t = useTranslations("incentives.console.kpi");
  const tm = useTranslations("incentives.portal.metric");
  const locale = useLocale();
  return useMemo(() => {
    const target = (m: Metric, v: number) => (m === "gmv" ? formatFen(v, locale) : new Intl.NumberFormat(locale).format(v));
    return column.columns([
      column.accessor("name", { header: () => t("columns.name"), cell: ({ getValue }) => <span className="font-medium text-slate-900">{getValue()}</span> }),
      column.accessor("month", { id: "month", header: () => t("columns.month") }),
      column.accessor("target", { header: () => t("columns.metric"), cell: ({ row }) => `${tm(row.original.metric)} ≥ ${target(row.original.metric, row.original.target)}` }),
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
            <Button variant="ghost" size="sm" onClick={() => onCancel(row.original.id)} data-testid={`cancel-${row.original.id}`}>
              {t("cancelTask")}
            </Button>
          ) : null,
      }),
    ]);
  }, [t, tm, locale, canManage, onCancel]);
}

function CreateForm({ onDone }: { onDone: () => Promise<void> }) {
  const t = useTranslations("incentives.console.kpi");
  const tm = useTranslations("incentives.portal.metric");
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [month, setMonth] = useState(() => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7));
  const [metric, setMetric] = useState<Metric>("gmv");
  const [target, setTarget] = useState("");
  const [reward, setReward] = useState("");
  const [role, setRole] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.kpiTasks.create.mutationOptions());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const rewardFen = yuanToFen(reward);
    const targetValue = metric === "gmv" ? yuanToFen(target) : /^\d{1,9}$/.test(target.trim()) ? Number(target) : null;
    if (!name.trim() || rewardFen === null || rewardFen <= 0 || targetValue === null || targetValue <= 0) return setError(t("errors.generic"));
    try {
      await create.mutateAsync({ name, month, metric, target: targetValue, rewardFen, role: role ? (role as (typeof ROLES)[number]) : null });
      setName("");
      setTarget("");
      setReward("");
      await onDone();
    } catch {
      setError(t("errors.generic"));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3" data-testid="kpi-create-form">
      <p className="text-sm text-slate-600 sm:col-span-3">{t("salesOnly")}</p>
      <Field id="kpi-name" label={t("name")} required>
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} data-testid="kpi-name" />
      </Field>
      <Field id="kpi-month" label={t("month")} required>
        <Input type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="kpi-month" />
      </Field>
      <Field id="kpi-metric" label={t("metric")} required>
        <Select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} data-testid="kpi-metric">
          {(["gmv", "orders", "new_customers"] as const).map((m) => <option key={m} value={m}>{tm(m)}</option>)}
        </Select>
      </Field>
      <Field id="kpi-target" label={t("target")} hint={metric === "gmv" ? t("targetHintGmv") : t("targetHintCount")} required>
        <Input inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} data-testid="kpi-target" />
      </Field>
      <Field id="kpi-reward" label={t("reward")} required>
        <Input inputMode="decimal" value={reward} onChange={(e) => setReward(e.target.value)} data-testid="kpi-reward" />
      </Field>
      <Field id="kpi-role" label={t("role")}>
        <Select value={role} onChange={(e) => setRole(e.target.value)} data-testid="kpi-role">
          <option value="">{t("allRoles")}</option>
          {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
        </Select>
      </Field>
      {error && <Alert tone="danger" className="sm:col-span-3">{error}</Alert>}
      <div className="sm:col-span-3">
        <Button type="submit" loading={create.isPending} data-testid="kpi-save">{t("save")}</Button>
      </div>
    </form>
  );
}

/** KPI tasks: create, cancel, and each task's completion rate. */
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
  const filters: FilterControl[] = useMemo(
    () => [
      { kind: "search", key: "month", label: t("filters.month"), placeholder: "2026-03", maxLength: 7 },
      { kind: "select", key: "status", label: t("filters.status"), options: (["active", "cancelled"] as const).map((v) => ({ value: v, label: t(`status.${v}`) })) },
    ],
    [t],
  );
  return (
    <div className="space-y-4">
      {canManage && <CreateForm onDone={refresh} />}
      <DataTable
        table={table}
        query={query}
        columns={useColumns(canManage, onCancel)}
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
