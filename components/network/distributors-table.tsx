"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { RowSelectionState } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState, type ReactNode } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { DISTRIBUTOR_ROLES, DISTRIBUTOR_STATUSES } from "@/server/network/schemas";
import { DISTRIBUTORS_SPEC } from "./distributors-spec";
import { StatusBadge, useNetworkLabels } from "./labels";
import type { DistributorRow, Level } from "./types";
import { useInvalidateNetwork } from "./use-invalidate-network";
import { useNetworkErrors } from "./use-network-errors";

const column = dataTableColumns<DistributorRow>();
/** The bulk bar's choice that clears the level (the procedure's null). */
const NO_LEVEL = "none";

export const distributorHref = (id: string) => `/console/distributors/${id}`;

function useDistributorColumns() {
  const t = useTranslations("network.list");
  const labels = useNetworkLabels();
  const format = useFormatter();
  return useMemo(
    () =>
      column.columns([
        column.accessor("name", {
          header: () => t("name"),
          cell: ({ row }) => (
            <div className="min-w-0">
              <Link
                href={distributorHref(row.original.id)}
                className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
              >
                {row.original.name}
              </Link>
              <div className="font-mono text-xs text-slate-500">{row.original.code}</div>
            </div>
          ),
        }),
        column.accessor("phoneMasked", {
          header: () => t("phone"),
          cell: ({ getValue }) => <span className="whitespace-nowrap text-slate-600">{getValue() ?? "—"}</span>,
        }),
        column.accessor("status", {
          header: () => t("status"),
          cell: ({ getValue }) => <StatusBadge status={getValue()} />,
        }),
        column.accessor("role", {
          header: () => t("role"),
          cell: ({ getValue }) => <span className="whitespace-nowrap">{labels.role(getValue())}</span>,
        }),
        column.accessor("levelName", {
          header: () => t("level"),
          cell: ({ getValue }) => getValue() ?? <span className="text-slate-400">—</span>,
        }),
        column.accessor("region", {
          header: () => t("region"),
          cell: ({ getValue }) => (
            <span className="whitespace-nowrap">{getValue() ?? <span className="text-slate-400">—</span>}</span>
          ),
        }),
        column.accessor("directCustomerCount", {
          header: () => t("customers"),
          meta: { align: "right" },
        }),
        column.accessor("appliedAt", {
          id: "appliedAt",
          header: () => t("joinedAt"),
          cell: ({ getValue }) => (
            <span className="whitespace-nowrap text-slate-600">{format.dateTime(getValue(), { dateStyle: "medium" })}</span>
          ),
        }),
      ]),
    [t, labels, format],
  );
}

function useDistributorFilters(levels: readonly Level[] | undefined): FilterControl[] {
  const t = useTranslations("network.list");
  const labels = useNetworkLabels();
  return useMemo(
    () => [
      { kind: "search", key: "q", label: t("search"), placeholder: t("searchPlaceholder"), maxLength: 60 },
      {
        kind: "select",
        key: "status",
        label: t("status"),
        allLabel: t("allStatuses"),
        options: DISTRIBUTOR_STATUSES.map((s) => ({ value: s, label: labels.status(s) })),
      },
      {
        kind: "select",
        key: "role",
        label: t("role"),
        allLabel: t("allRoles"),
        options: DISTRIBUTOR_ROLES.map((r) => ({ value: r, label: labels.role(r) })),
      },
      // Without levels there is nothing to filter by (and nothing for a chip to name).
      ...(levels?.length
        ? [
            {
              kind: "select" as const,
              key: "levelId",
              label: t("level"),
              allLabel: t("allLevels"),
              options: levels.map((l) => ({ value: l.id, label: l.name })),
            },
          ]
        : []),
    ],
    [t, labels, levels],
  );
}

type BulkOutcome = { changed: number; unchanged: number; notFound: number } | { error: string };

/** Selected distributors to one level (or none), through distributors.bulkSetLevel. */
function BulkLevelBar({
  selected,
  levels,
  onDone,
}: {
  selected: DistributorRow[];
  levels: readonly Level[];
  onDone: () => void;
}) {
  const t = useTranslations("network.bulkLevel");
  const trpc = useTRPC();
  const errors = useNetworkErrors();
  const invalidate = useInvalidateNetwork();
  const [level, setLevel] = useState("");
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const mutation = useMutation(trpc.distributors.bulkSetLevel.mutationOptions());
  const apply = async () => {
    setOutcome(null);
    try {
      const r = await mutation.mutateAsync({
        ids: selected.map((d) => d.id),
        levelId: level === NO_LEVEL ? null : level,
      });
      setOutcome({ changed: r.changed, unchanged: r.unchanged, notFound: r.notFound.length });
      setLevel("");
      onDone();
      await invalidate();
    } catch (e) {
      setOutcome({ error: errors.describe(e) });
    }
  };
  return (
    <div className="space-y-3">
      <div
        className="flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 px-4 py-2.5 text-sm"
        data-testid="distributors-bulk-bar"
      >
        <span className="text-slate-700" aria-live="polite">
          {selected.length ? t("selected", { count: selected.length }) : t("hint")}
        </span>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-2">
            <span className="whitespace-nowrap text-slate-700">{t("setLevel")}</span>
            <Select
              value={level}
              onChange={(e) => setLevel(e.target.value)}
              disabled={!selected.length}
              className="h-8 w-40"
              data-testid="distributors-bulk-level"
            >
              <option value="">{t("choose")}</option>
              {levels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
              <option value={NO_LEVEL}>{t("noLevel")}</option>
            </Select>
          </label>
          <Button
            size="sm"
            disabled={!selected.length || !level}
            loading={mutation.isPending}
            onClick={() => void apply()}
            data-testid="distributors-bulk-apply"
          >
            {t("apply", { count: selected.length })}
          </Button>
        </div>
      </div>
      {outcome && (
        <Alert
          tone={"error" in outcome ? "danger" : outcome.notFound ? "warning" : outcome.changed ? "success" : "info"}
          title={"error" in outcome ? t("failed") : t("done", { changed: outcome.changed })}
          data-testid="distributors-bulk-result"
        >
          {"error" in outcome ? (
            <p>{outcome.error}</p>
          ) : outcome.unchanged || outcome.notFound ? (
            <p>
              {[
                outcome.unchanged ? t("unchanged", { count: outcome.unchanged }) : null,
                outcome.notFound ? t("notFound", { count: outcome.notFound }) : null,
              ]
                .filter(Boolean)
                .join(" ")}
            </p>
          ) : null}
        </Alert>
      )}
    </div>
  );
}

/**
 * Everyone in the program on the console's shared table: filters in the URL, sort by join date,
 * CSV / XLSX export of the same filters, and (for managers) selection with a bulk level change.
 */
export function DistributorsTable({ canManage, empty }: { canManage: boolean; empty: ReactNode }) {
  const t = useTranslations("network.list");
  const trpc = useTRPC();
  const table = useDataTableState(DISTRIBUTORS_SPEC);
  const query = useQuery(
    trpc.distributors.list.queryOptions(listInput(DISTRIBUTORS_SPEC, table.state), {
      placeholderData: keepPreviousData,
    }),
  );
  const levels = useQuery(trpc.distributors.levels.queryOptions());
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const selection = useMemo(
    () => ({
      state: rowSelection,
      onChange: setRowSelection,
      rowLabel: (row: DistributorRow) => t("selectOne", { name: row.name }),
    }),
    [rowSelection, t],
  );
  const selected = (query.data?.items ?? []).filter((r) => rowSelection[r.id]);
  // Levels are what the bulk action sets: without any, there is nothing to select for.
  const bulk = canManage && !!levels.data?.length;
  return (
    <DataTable
      table={table}
      query={query}
      columns={useDistributorColumns()}
      filters={useDistributorFilters(levels.data)}
      getRowId={(row) => row.id}
      rowHref={(row) => distributorHref(row.id)}
      rowTestId={(row) => `distributor-row-${row.code}`}
      exportPath="/console/export/distributors"
      caption={t("caption")}
      testId="distributors"
      empty={empty}
      selection={bulk ? selection : undefined}
    >
      {bulk && (query.data?.items.length ?? 0) > 0 && (
        <BulkLevelBar selected={selected} levels={levels.data ?? []} onDone={() => setRowSelection({})} />
      )}
    </DataTable>
  );
}
