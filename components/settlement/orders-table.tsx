"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useNetworkLabels } from "@/components/network/labels";
import { useTRPC } from "@/components/trpc/client";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import {
  ATTRIBUTION_SOURCES,
  CHANNELS,
  ORDER_STATUSES,
  RISK_VERDICTS,
} from "@/server/orders/console-schemas";
import { OrderStatusBadge, RiskBadge, useSettlementLabels } from "./labels";
import { ORDERS_SPEC } from "./orders-spec";
import type { OrderRow } from "./types";

const column = dataTableColumns<OrderRow>();

export const orderHref = (id: string) => `/console/settlement/orders/${id}`;

function useOrderColumns() {
  const t = useTranslations("settlement.orders.columns");
  const labels = useSettlementLabels();
  const network = useNetworkLabels();
  const format = useFormatter();
  return useMemo(
    () =>
      column.columns([
        // The channel sits under the order number: an order number is only unique per channel.
        column.accessor("externalId", {
          header: () => `${t("externalId")} / ${t("channel")}`,
          cell: ({ row }) => (
            <div className="min-w-0">
              <Link
                href={orderHref(row.original.id)}
                className="font-mono text-xs font-medium break-all text-slate-900 hover:text-brand-700 hover:underline"
              >
                {row.original.externalId}
              </Link>
              <div className="text-xs whitespace-nowrap text-slate-500">
                {labels.label("channel", row.original.channel)}
              </div>
            </div>
          ),
        }),
        column.accessor("paidAt", {
          header: () => t("paidAt"),
          cell: ({ getValue }) => (
            <span className="whitespace-nowrap text-slate-600">
              {format.dateTime(getValue(), { dateStyle: "short", timeStyle: "short" })}
            </span>
          ),
        }),
        column.accessor("buyer", {
          header: () => t("buyer"),
          cell: ({ getValue }) => {
            const b = getValue();
            return b ? (
              <span
                className="whitespace-nowrap text-slate-600"
                title={network.identityKind(b.kind)}
              >
                {b.masked}
              </span>
            ) : (
              <span className="text-slate-400">—</span>
            );
          },
        }),
        column.accessor("amountFen", {
          id: "amount",
          header: () => t("amount"),
          meta: { align: "right" },
          cell: ({ getValue }) => labels.money(getValue()),
        }),
        column.accessor("refundedFen", {
          header: () => t("refunded"),
          meta: { align: "right" },
          cell: ({ getValue }) =>
            getValue() ? labels.money(getValue()) : <span className="text-slate-400">—</span>,
        }),
        column.accessor("status", {
          header: () => t("status"),
          cell: ({ getValue }) => <OrderStatusBadge status={getValue()} />,
        }),
        column.accessor("distributor", {
          header: () => t("distributor"),
          cell: ({ getValue }) => {
            const d = getValue();
            if (!d) return <span className="text-slate-400">—</span>;
            return (
              <div className="min-w-0">
                <Link
                  href={`/console/distributors/${d.id}`}
                  className="whitespace-nowrap text-slate-900 hover:text-brand-700 hover:underline"
                >
                  {d.name}
                </Link>
                <div className="font-mono text-xs text-slate-500">{d.code}</div>
              </div>
            );
          },
        }),
        column.accessor("attributionSource", {
          header: () => t("attribution"),
          cell: ({ getValue }) => (
            <span className="whitespace-nowrap">{labels.label("attribution", getValue())}</span>
          ),
        }),
        column.accessor("riskVerdict", {
          header: () => t("risk"),
          cell: ({ getValue }) => <RiskBadge verdict={getValue()} />,
        }),
        column.accessor("commissionFen", {
          header: () => t("commission"),
          meta: { align: "right" },
          cell: ({ getValue }) => <span className="font-medium">{labels.money(getValue())}</span>,
        }),
      ]),
    [t, labels, network, format],
  );
}

function useOrderFilters(): FilterControl[] {
  const t = useTranslations("settlement.orders.filters");
  const { label } = useSettlementLabels();
  return useMemo(
    () => [
      {
        kind: "search",
        key: "externalId",
        label: t("externalId"),
        placeholder: t("externalIdPlaceholder"),
        maxLength: 128,
      },
      {
        kind: "search",
        key: "distributor",
        label: t("distributor"),
        placeholder: t("distributorPlaceholder"),
        maxLength: 60,
      },
      {
        kind: "select",
        key: "channel",
        label: t("channel"),
        options: CHANNELS.map((v) => ({ value: v, label: label("channel", v) })),
      },
      {
        kind: "select",
        key: "status",
        label: t("status"),
        options: ORDER_STATUSES.map((v) => ({ value: v, label: label("orderStatus", v) })),
      },
      {
        kind: "select",
        key: "attribution",
        label: t("attribution"),
        options: ATTRIBUTION_SOURCES.map((v) => ({ value: v, label: label("attribution", v) })),
      },
      {
        kind: "select",
        key: "risk",
        label: t("risk"),
        options: RISK_VERDICTS.map((v) => ({ value: v, label: label("risk", v) })),
      },
      { kind: "dateRange", from: "paidFrom", to: "paidTo", label: t("paidAt") },
    ],
    [t, label],
  );
}

export function OrdersTable({ canManageKeys }: { canManageKeys: boolean }) {
  const t = useTranslations("settlement.orders");
  const trpc = useTRPC();
  const table = useDataTableState(ORDERS_SPEC);
  const query = useQuery(
    trpc.orders.list.queryOptions(listInput(ORDERS_SPEC, table.state), {
      placeholderData: keepPreviousData,
    }),
  );
  return (
    <DataTable
      table={table}
      query={query}
      columns={useOrderColumns()}
      filters={useOrderFilters()}
      getRowId={(row) => row.id}
      rowHref={(row) => orderHref(row.id)}
      rowTestId={(row) => `order-row-${row.externalId}`}
      exportPath="/console/export/orders"
      caption={t("caption")}
      testId="orders"
      empty={
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            <div className="flex flex-wrap justify-center gap-2">
              {canManageKeys && (
                <Link href="/console/settings/api-keys" className={buttonClasses("primary")}>
                  {t("emptyApiKey")}
                </Link>
              )}
              <Link href="/console/settlement/import" className={buttonClasses("secondary")}>
                {t("emptyImport")}
              </Link>
              <a href="/docs/api" className={buttonClasses("ghost")}>
                {t("emptyDocs")}
              </a>
            </div>
          }
        />
      }
    />
  );
}
