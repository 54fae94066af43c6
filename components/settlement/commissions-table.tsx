"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useTRPC } from "@/components/trpc/client";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { COMMISSION_STATUSES, COMMISSION_TIERS } from "@/server/orders/console-schemas";
import { COMMISSIONS_SPEC } from "./commissions-spec";
import { CommissionStatusBadge, useSettlementLabels } from "./labels";
import { orderHref } from "./orders-table";
import { RuleName } from "./rule-name";
import type { CommissionRow } from "./types";

const column = dataTableColumns<CommissionRow>();

function useCommissionColumns(canSeeRules: boolean) {
  const t = useTranslations("settlement.commissions.columns");
  const labels = useSettlementLabels();
  const format = useFormatter();
  return useMemo(() => {
    const when = (d: Date | null) =>
      d ? (
        <span className="whitespace-nowrap text-slate-600">
          {format.dateTime(d, { dateStyle: "short", timeStyle: "short" })}
        </span>
      ) : (
        <span className="text-slate-400">—</span>
      );
    return column.columns([
      column.accessor("tier", {
        header: () => t("tier"),
        cell: ({ getValue }) => (
          <span className="whitespace-nowrap">{labels.tier(getValue())}</span>
        ),
      }),
      column.accessor("distributor", {
        header: () => t("distributor"),
        cell: ({ getValue }) => {
          const d = getValue();
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
      column.accessor("order", {
        header: () => t("order"),
        cell: ({ getValue }) => {
          const o = getValue();
          return (
            <div className="min-w-0">
              <Link
                href={orderHref(o.id)}
                className="font-mono text-xs font-medium text-slate-900 hover:text-brand-700 hover:underline"
              >
                {o.externalId}
              </Link>
              <div className="text-xs text-slate-500">{labels.label("channel", o.channel)}</div>
            </div>
          );
        },
      }),
      column.accessor("sku", {
        header: () => t("sku"),
        // A SKU broken at its hyphens reads as three codes.
        cell: ({ getValue }) => (
          <span className="font-mono text-xs whitespace-nowrap">{getValue()}</span>
        ),
      }),
      column.accessor("amountFen", {
        id: "amount",
        header: () => t("amount"),
        meta: { align: "right" },
        cell: ({ getValue }) => <span className="font-medium">{labels.money(getValue())}</span>,
      }),
      column.accessor("status", {
        header: () => t("status"),
        cell: ({ getValue }) => <CommissionStatusBadge status={getValue()} />,
      }),
      column.accessor("rule", {
        header: () => t("rule"),
        cell: ({ getValue }) => <RuleName rule={getValue()} linked={canSeeRules} />,
      }),
      column.accessor("createdAt", {
        header: () => t("createdAt"),
        cell: ({ getValue }) => when(getValue()),
      }),
      column.accessor("settledAt", {
        header: () => t("settledAt"),
        cell: ({ getValue }) => when(getValue()),
      }),
    ]);
  }, [t, labels, format, canSeeRules]);
}

function useCommissionFilters(): FilterControl[] {
  const t = useTranslations("settlement.commissions.filters");
  const labels = useSettlementLabels();
  const trpc = useTRPC();
  const rules = useQuery(trpc.commissions.ruleOptions.queryOptions());
  return useMemo(
    () => [
      {
        kind: "search",
        key: "distributor",
        label: t("distributor"),
        placeholder: t("distributorPlaceholder"),
        maxLength: 60,
      },
      {
        kind: "select",
        key: "status",
        label: t("status"),
        options: COMMISSION_STATUSES.map((v) => ({
          value: v,
          label: labels.label("commissionStatus", v),
        })),
      },
      {
        kind: "select",
        key: "tier",
        label: t("tier"),
        options: COMMISSION_TIERS.map((v) => ({ value: v, label: labels.tier(Number(v)) })),
      },
      {
        kind: "select",
        key: "ruleId",
        label: t("rule"),
        options: (rules.data ?? []).map((r) => ({
          value: r.id,
          label: r.enabled ? r.name : t("ruleDisabled", { name: r.name }),
        })),
      },
      { kind: "dateRange", from: "createdFrom", to: "createdTo", label: t("createdAt") },
    ],
    [t, labels, rules.data],
  );
}

export function CommissionsTable({
  canSeeRules,
}: {
  /** Rules link to their page only for roles that may open it (rules.manage). */
  canSeeRules: boolean;
}) {
  const t = useTranslations("settlement.commissions");
  const trpc = useTRPC();
  const table = useDataTableState(COMMISSIONS_SPEC);
  const query = useQuery(
    trpc.commissions.list.queryOptions(listInput(COMMISSIONS_SPEC, table.state), {
      placeholderData: keepPreviousData,
    }),
  );
  return (
    <DataTable
      table={table}
      query={query}
      columns={useCommissionColumns(canSeeRules)}
      filters={useCommissionFilters()}
      getRowId={(row) => row.id}
      rowHref={(row) => orderHref(row.order.id)}
      rowTestId={(row) => `commission-row-${row.id}`}
      exportPath="/console/export/commissions"
      caption={t("caption")}
      testId="commissions"
      empty={
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            <div className="flex flex-wrap justify-center gap-2">
              {canSeeRules && (
                <Link href="/console/rules" className={buttonClasses("primary")}>
                  {t("emptyRules")}
                </Link>
              )}
              <Link href="/console/settlement/orders" className={buttonClasses("secondary")}>
                {t("emptyOrders")}
              </Link>
            </div>
          }
        />
      }
    />
  );
}
