"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { BINDING_SOURCES } from "@/server/network/schemas";
import { EndedReason } from "./binding-lookup";
import { BINDINGS_SPEC } from "./bindings-spec";
import { distributorHref } from "./distributors-table";
import { useNetworkLabels } from "./labels";
import type { BindingListRow } from "./types";

const column = dataTableColumns<BindingListRow>();

function useBindingColumns() {
  const t = useTranslations("network.bindingList.columns");
  const labels = useNetworkLabels();
  const format = useFormatter();
  return useMemo(() => {
    const when = (d: Date | null) =>
      d ? (
        <span className="whitespace-nowrap text-slate-600">{format.dateTime(d, { dateStyle: "medium", timeStyle: "short" })}</span>
      ) : (
        <span className="text-slate-400">—</span>
      );
    return column.columns([
      column.accessor("buyer", {
        header: () => t("buyer"),
        cell: ({ getValue }) => <span className="whitespace-nowrap font-mono text-xs">{getValue() ?? "—"}</span>,
      }),
      column.accessor("distributor", {
        header: () => t("distributor"),
        cell: ({ getValue }) => (
          <div className="min-w-0">
            <Link href={distributorHref(getValue().id)} className="whitespace-nowrap text-slate-900 hover:text-brand-700 hover:underline">
              {getValue().name}
            </Link>
            <div className="font-mono text-xs text-slate-500">{getValue().code}</div>
          </div>
        ),
      }),
      column.accessor("source", {
        header: () => t("source"),
        cell: ({ getValue }) => <span className="whitespace-nowrap">{labels.source(getValue())}</span>,
      }),
      column.accessor("boundAt", { id: "boundAt", header: () => t("boundAt"), cell: ({ getValue }) => when(getValue()) }),
      column.accessor("protectedUntil", { header: () => t("protectedUntil"), cell: ({ getValue }) => when(getValue()) }),
      column.accessor("endedAt", {
        header: () => t("state"),
        cell: ({ row }) =>
          row.original.endedAt ? (
            <div className="text-xs text-slate-600">
              <div className="whitespace-nowrap">{t("endedOn", { date: format.dateTime(row.original.endedAt, { dateStyle: "medium" }) })}</div>
              {row.original.endedReason && <EndedReason reason={row.original.endedReason} />}
            </div>
          ) : (
            <Badge tone="success">{t("current")}</Badge>
          ),
      }),
    ]);
  }, [t, labels, format]);
}

function useBindingFilters(): FilterControl[] {
  const t = useTranslations("network.bindingList.filters");
  const labels = useNetworkLabels();
  return useMemo(
    () => [
      { kind: "search", key: "distributor", label: t("distributor"), placeholder: t("distributorPlaceholder"), maxLength: 60 },
      { kind: "select", key: "source", label: t("source"), options: BINDING_SOURCES.map((s) => ({ value: s, label: labels.source(s) })) },
      { kind: "dateRange", from: "boundFrom", to: "boundTo", label: t("boundAt") },
      // The list shows current bindings unless asked for the history too: "All" would mislead.
      { kind: "select", key: "state", label: t("state"), allLabel: t("currentOnly"), options: [{ value: "all", label: t("withEnded") }] },
    ],
    [t, labels],
  );
}

/** Every binding of the brand on the console's shared table, with CSV / XLSX export of the same filters. */
export function BindingsTable() {
  const t = useTranslations("network.bindingList");
  const trpc = useTRPC();
  const table = useDataTableState(BINDINGS_SPEC);
  const query = useQuery(
    trpc.bindings.list.queryOptions(listInput(BINDINGS_SPEC, table.state), { placeholderData: keepPreviousData }),
  );
  return (
    <DataTable
      table={table}
      query={query}
      columns={useBindingColumns()}
      filters={useBindingFilters()}
      getRowId={(row) => row.id}
      rowHref={(row) => distributorHref(row.distributor.id)}
      rowTestId={(row) => `binding-row-${row.id}`}
      exportPath="/console/export/bindings"
      caption={t("caption")}
      testId="bindings"
      empty={<EmptyState title={t("emptyTitle")} description={t("emptyBody")} />}
    />
  );
}
