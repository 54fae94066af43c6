"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RowSelectionState } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { listInput } from "@/components/console/data-table/url-state";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { QUEUE_STATES, QUEUE_VERDICTS } from "@/server/risk/queue-schemas";
import { DecisionDialog } from "./decision-dialog";
import { RuleChips, StateBadge, useDecisionError, useRiskLabels } from "./labels";
import { QUEUE_SPEC } from "./queue-spec";

interface Row {
  id: string;
  channel: string;
  externalId: string;
  paidAt: Date;
  amountFen: number;
  verdict: "review" | "block";
  rules: { code: string; action: string }[];
  heldFen: number;
  state: string;
  distributor: { id: string; name: string; code: string } | null;
}
const column = dataTableColumns<Row>();
export const reviewHref = (id: string) => `/console/risk/queue/${id}`;
const RULES = ["self_purchase", "self_purchase_link", "device_cluster", "ip_cluster", "address_cluster", "phone_cluster", "brushing_burst", "near_threshold", "ring", "blacklist", "shared_blacklist"];

function useColumns() {
  const t = useTranslations("riskCenter.queue");
  const labels = useRiskLabels();
  const format = useFormatter();
  return useMemo(
    () =>
      column.columns([
        column.accessor("externalId", {
          header: () => t("columns.order"),
          cell: ({ row }) => (
            <Link href={reviewHref(row.original.id)} className="font-mono text-xs font-medium text-slate-900 hover:text-brand-700 hover:underline">
              {row.original.externalId}
            </Link>
          ),
        }),
        column.accessor("distributor", {
          header: () => t("columns.distributor"),
          cell: ({ getValue }) => {
            const d = getValue();
            return d ? (
              <Link href={`/console/risk/distributors/${d.id}`} className="min-w-0 hover:underline">
                <div className="whitespace-nowrap text-slate-900">{d.name}</div>
                <div className="font-mono text-xs text-slate-500">{d.code}</div>
              </Link>
            ) : (
              "—"
            );
          },
        }),
        column.accessor("paidAt", {
          header: () => t("columns.paidAt"),
          cell: ({ getValue }) => <span className="whitespace-nowrap text-slate-600">{format.dateTime(getValue(), { dateStyle: "short", timeStyle: "short" })}</span>,
        }),
        column.accessor("amountFen", { id: "amount", header: () => t("columns.amount"), meta: { align: "right" }, cell: ({ getValue }) => labels.money(getValue()) }),
        column.accessor("heldFen", { header: () => t("columns.held"), meta: { align: "right" }, cell: ({ getValue }) => <span className="font-medium">{labels.money(getValue())}</span> }),
        column.accessor("rules", { header: () => t("columns.rules"), cell: ({ getValue }) => <RuleChips codes={getValue().map((r) => r.code)} /> }),
        column.accessor("state", { header: () => t("columns.state"), cell: ({ getValue }) => <StateBadge state={getValue()} /> }),
      ]),
    [t, labels, format],
  );
}

function useFilters(): FilterControl[] {
  const t = useTranslations("riskCenter.queue.filters");
  const { label } = useRiskLabels();
  return useMemo(
    () => [
      { kind: "select", key: "state", label: t("state"), options: [...QUEUE_STATES, "all"].map((v) => ({ value: v, label: label("state", v) })) },
      { kind: "select", key: "verdict", label: t("verdict"), options: QUEUE_VERDICTS.map((v) => ({ value: v, label: label("verdict", v) })) },
      { kind: "select", key: "rule", label: t("rule"), options: RULES.map((v) => ({ value: v, label: label("rule", v) })) },
      { kind: "search", key: "distributor", label: t("distributor"), placeholder: t("distributorPlaceholder"), maxLength: 60 },
      { kind: "search", key: "minYuan", label: t("minYuan"), placeholder: t("amountPlaceholder"), maxLength: 12 },
      { kind: "search", key: "maxYuan", label: t("maxYuan"), placeholder: t("amountPlaceholder"), maxLength: 12 },
      { kind: "dateRange", from: "paidFrom", to: "paidTo", label: t("paidAt") },
    ],
    [t, label],
  );
}

/** The review queue: filters, paging, export, and bulk approve / reject of the selected orders with one reason. */
export function QueueTable() {
  const t = useTranslations("riskCenter.queue");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const labels = useRiskLabels();
  const decisionError = useDecisionError();
  const table = useDataTableState(QUEUE_SPEC);
  const query = useQuery(trpc.riskCenter.queue.queryOptions(listInput(QUEUE_SPEC, table.state), { placeholderData: keepPreviousData }));
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [deciding, setDeciding] = useState<"approve" | "reject" | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const selection = useMemo(
    () => ({
      state: rowSelection,
      onChange: setRowSelection,
      canSelect: (row: Row) => row.state === "open",
      rowLabel: (row: Row) => t("selectOne", { order: row.externalId }),
    }),
    [rowSelection, t],
  );
  const selected = (query.data?.items ?? []).filter((r) => rowSelection[r.id]).map((r) => r.id);
  const bulk = useMutation(
    trpc.riskCenter.bulkDecide.mutationOptions({
      onSuccess: async (r) => {
        const decided = r.counts.decided ?? 0;
        setResult(t("bulkResult", { decided, skipped: r.results.length - decided }));
        setDeciding(null);
        setRowSelection({});
        await qc.invalidateQueries({ queryKey: trpc.riskCenter.queue.queryKey() });
      },
    }),
  );
  const open = query.data?.open;
  return (
    <DataTable
      table={table}
      query={query}
      columns={useColumns()}
      filters={useFilters()}
      getRowId={(row) => row.id}
      rowHref={(row) => reviewHref(row.id)}
      rowTestId={(row) => `risk-row-${row.externalId}`}
      exportPath="/console/export/risk-queue"
      caption={t("caption")}
      testId="risk-queue"
      empty={<EmptyState title={t("emptyTitle")} description={t("emptyBody")} />}
      selection={selection}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        {open && <p className="text-sm text-slate-600">{t("openSummary", { count: open.count, amount: labels.money(open.heldFen) })}</p>}
        {selected.length > 0 && (
          <div className="flex items-center gap-2">
            <span className="text-sm text-slate-700">{t("selected", { count: selected.length })}</span>
            <Button size="sm" onClick={() => setDeciding("approve")} data-testid="bulk-approve">
              {t("bulkApprove")}
            </Button>
            <Button size="sm" variant="danger" onClick={() => setDeciding("reject")} data-testid="bulk-reject">
              {t("bulkReject")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setRowSelection({})}>
              {t("clearSelection")}
            </Button>
          </div>
        )}
      </div>
      {result && <Alert tone="info" className="mt-3">{result}</Alert>}
      <DecisionDialog
        decision={deciding}
        busy={bulk.isPending}
        error={decisionError(bulk.error)}
        onCancel={() => setDeciding(null)}
        onConfirm={(reason) => deciding && bulk.mutate({ orderIds: selected, decision: deciding, reason })}
      />
    </DataTable>
  );
}
