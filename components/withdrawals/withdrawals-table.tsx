"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Checkbox } from "@/components/ui/input";
import type { ConsoleWithdrawalRow } from "@/server/payouts/withdrawals/queries";
import { WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES } from "@/server/payouts/withdrawals/schemas";
import { useWithdrawalLabels, WithdrawalStatusBadge } from "./labels";
import { WITHDRAWALS_SPEC } from "./withdrawals-spec";

type Row = Omit<ConsoleWithdrawalRow, "requestedAt" | "paidAt"> & { requestedAt: Date; paidAt: Date | null };
const column = dataTableColumns<Row>();
export const withdrawalHref = (id: string) => `/console/withdrawals/${id}`;

function useColumns(selected: Set<string>, toggle: (id: string) => void) {
  const t = useTranslations("withdrawals.list");
  const labels = useWithdrawalLabels();
  const format = useFormatter();
  return useMemo(
    () =>
      column.columns([
        column.display({
          id: "select",
          header: () => <span className="sr-only">{t("columns.select")}</span>,
          cell: ({ row }) =>
            row.original.status === "reviewing" ? (
              <Checkbox
                aria-label={`${t("columns.select")} ${row.original.outBillNo}`}
                checked={selected.has(row.original.id)}
                onChange={() => toggle(row.original.id)}
                data-testid={`select-${row.original.outBillNo}`}
              />
            ) : null,
        }),
        column.accessor("outBillNo", {
          header: () => t("columns.outBillNo"),
          cell: ({ row }) => (
            <div className="min-w-0">
              <Link href={withdrawalHref(row.original.id)} className="font-mono text-xs font-medium text-slate-900 hover:text-brand-700 hover:underline">
                {row.original.outBillNo}
              </Link>
              <div className="text-xs text-slate-500">{labels.label("channel", row.original.channel)}</div>
            </div>
          ),
        }),
        column.accessor("distributor", {
          header: () => t("columns.distributor"),
          cell: ({ getValue }) => (
            <div className="min-w-0">
              <div className="whitespace-nowrap text-slate-900">{getValue().name}</div>
              <div className="font-mono text-xs text-slate-500">{getValue().code}</div>
            </div>
          ),
        }),
        column.accessor("requestedAt", {
          header: () => t("columns.requestedAt"),
          cell: ({ getValue }) => <span className="whitespace-nowrap text-slate-600">{format.dateTime(getValue(), { dateStyle: "short", timeStyle: "short" })}</span>,
        }),
        column.accessor("amountFen", { id: "amount", header: () => t("columns.amount"), meta: { align: "right" }, cell: ({ getValue }) => <span className="font-medium">{labels.money(getValue())}</span> }),
        column.accessor("feeFen", { header: () => t("columns.fee"), meta: { align: "right" }, cell: ({ getValue }) => labels.money(getValue()) }),
        column.accessor("taxFen", { header: () => t("columns.tax"), meta: { align: "right" }, cell: ({ getValue }) => labels.money(getValue()) }),
        column.accessor("netFen", { header: () => t("columns.net"), meta: { align: "right" }, cell: ({ getValue }) => labels.money(getValue()) }),
        column.accessor("status", {
          header: () => t("columns.status"),
          cell: ({ row }) => (
            <div className="space-y-1">
              <WithdrawalStatusBadge status={row.original.status} />
              {row.original.awaitingSecondApproval && <div className="text-xs text-amber-700">{t("awaitingSecond")}</div>}
            </div>
          ),
        }),
      ]),
    [t, labels, format, selected, toggle],
  );
}

function useFilters(): FilterControl[] {
  const t = useTranslations("withdrawals.list.filters");
  const { label } = useWithdrawalLabels();
  return useMemo(
    () => [
      { kind: "search", key: "distributor", label: t("distributor"), placeholder: t("distributorPlaceholder"), maxLength: 60 },
      { kind: "select", key: "status", label: t("status"), options: WITHDRAWAL_STATUSES.map((v) => ({ value: v, label: label("status", v) })) },
      { kind: "select", key: "channel", label: t("channel"), options: WITHDRAWAL_CHANNELS.map((v) => ({ value: v, label: label("channel", v) })) },
      { kind: "search", key: "minYuan", label: t("minYuan"), placeholder: t("amountPlaceholder"), maxLength: 12 },
      { kind: "search", key: "maxYuan", label: t("maxYuan"), placeholder: t("amountPlaceholder"), maxLength: 12 },
      { kind: "dateRange", from: "requestedFrom", to: "requestedTo", label: t("requestedAt") },
    ],
    [t, label],
  );
}

/** The review queue: filters, paging, export, and bulk approval of the selected rows. */
export function WithdrawalsTable() {
  const t = useTranslations("withdrawals.list");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const table = useDataTableState(WITHDRAWALS_SPEC);
  const query = useQuery(trpc.withdrawals.list.queryOptions(listInput(WITHDRAWALS_SPEC, table.state), { placeholderData: keepPreviousData }));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<string | null>(null);
  const toggle = useMemo(
    () => (id: string) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    [],
  );
  const bulk = useMutation(
    trpc.withdrawals.bulkApprove.mutationOptions({
      onSuccess: async (r) => {
        const approved = r.counts.approved ?? 0;
        const first = r.counts.first_approval ?? 0;
        setResult(t("bulkResult", { approved, first, skipped: r.results.length - approved - first }));
        setSelected(new Set());
        await qc.invalidateQueries({ queryKey: trpc.withdrawals.list.queryKey() });
      },
    }),
  );
  const labels = useWithdrawalLabels();
  const summary = query.data?.reviewing;
  return (
    <DataTable
      table={table}
      query={query}
      columns={useColumns(selected, toggle)}
      filters={useFilters()}
      getRowId={(row) => row.id}
      rowHref={(row) => withdrawalHref(row.id)}
      rowTestId={(row) => `withdrawal-row-${row.outBillNo}`}
      exportPath="/console/export/withdrawals"
      caption={t("caption")}
      testId="withdrawals"
      empty={<EmptyState title={t("emptyTitle")} description={t("emptyBody")} />}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        {summary && <p className="text-sm text-slate-600">{t("reviewingSummary", { count: summary.count, amount: labels.money(summary.amountFen) })}</p>}
        {selected.size > 0 && (
          <div className="flex items-center gap-2">
            <span className="text-sm text-slate-700">{t("selected", { count: selected.size })}</span>
            <Button size="sm" loading={bulk.isPending} onClick={() => bulk.mutate({ ids: [...selected] })} data-testid="bulk-approve">
              {t("bulkApprove")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              {t("clearSelection")}
            </Button>
          </div>
        )}
      </div>
      {result && <Alert tone="success" className="mt-3">{result}</Alert>}
      {bulk.error && <Alert tone="danger" className="mt-3">{bulk.error.message}</Alert>}
    </DataTable>
  );
}
