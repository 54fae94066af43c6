"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import {
  useTable,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import {
  useEffect,
  useMemo,
  type Dispatch,
  type MouseEvent,
  type ReactNode,
  type SetStateAction,
} from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Checkbox, Select } from "@/components/ui/input";
import { Pagination, pageRange } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { ExportProgress, useExportDownload } from "./export-download";
import { PROGRESS_THRESHOLD_ROWS } from "./export-progress";
import { dataTableFeatures, type DataTableColumn } from "./features";
import { FilterBar, FilterChips, type FilterControl } from "./filter-bar";
import type { DataTableController } from "./use-table-state";
import { activeFilterCount, exportSearchParams, PAGE_SIZES, type PageSize } from "./url-state";

type Parsers = Record<string, (raw: string) => string | undefined>;

export interface DataTableProps<TRow extends RowData, F extends Parsers, S extends string> {
  /** From useDataTableState(spec, initial): the state the query was built from. */
  table: DataTableController<F, S>;
  /** The list procedure's query, with placeholderData: keepPreviousData. */
  query: UseQueryResult<{ total: number; items: TRow[] }, unknown>;
  columns: DataTableColumn<TRow>[];
  filters: readonly FilterControl[];
  getRowId: (row: TRow) => string;
  /** Where a click on the row goes (its first cell should hold a real link for keyboards). */
  rowHref?: (row: TRow) => string;
  rowTestId?: (row: TRow) => string;
  /** The export route for this list (/console/export/<list>); filters and sort are appended. */
  exportPath?: string;
  caption: string;
  testId: string;
  /** What to show when the list is empty without filters: what it is for and what to do next. */
  empty: ReactNode;
  /** Content between the filters and the table (e.g. a summary, a bulk-action bar). */
  children?: ReactNode;
  /**
   * Row selection for bulk actions: a checkbox column first. The caller owns the state (its bulk
   * bar reads it); the table empties it whenever filters, sort or page change, so an action
   * never reaches rows that are no longer on screen.
   */
  selection?: {
    state: RowSelectionState;
    /** A state setter: ticks are applied to the latest selection, never to a render's copy. */
    onChange: Dispatch<SetStateAction<RowSelectionState>>;
    /** Rows that may not be selected get a disabled box (all may, without it). */
    canSelect?: (row: TRow) => boolean;
    /** The accessible name of a row's box ("Select 张三"). */
    rowLabel: (row: TRow) => string;
  };
}

/** Clicks on links, buttons and form controls inside a row are theirs, not the row's. */
function fromControl(e: MouseEvent) {
  return (e.target as HTMLElement).closest("a, button, input, select, textarea, label") !== null;
}

export function DataTable<TRow extends RowData, F extends Parsers, S extends string>({
  table: controller,
  query,
  columns,
  filters,
  getRowId,
  rowHref,
  rowTestId,
  exportPath,
  caption,
  testId,
  empty,
  children,
  selection,
}: DataTableProps<TRow, F, S>) {
  const t = useTranslations("dataTable");
  const router = useRouter();
  const { spec, state } = controller;
  // The controls speak in plain strings; the spec re-validates every value set through them.
  const values = state.filters as Partial<Record<string, string>>;
  const setFilters = controller.setFilters as (
    patch: Partial<Record<string, string | undefined>>,
  ) => void;
  const rows = useMemo(() => query.data?.items ?? [], [query.data]);
  const total = query.data?.total ?? 0;

  // Only the sorts the server offers are sortable; the rest of the columns are plain.
  const withSelect = useMemo(
    () => (selection ? [selectColumn<TRow>(t("selectAll"), selection.rowLabel, testId), ...columns] : columns),
    [columns, selection, t, testId],
  );
  const sortable = useMemo(
    () =>
      withSelect.map((c) => ({
        ...c,
        enableSorting: (spec.sorts as readonly string[]).includes(c.id ?? ""),
      })),
    [withSelect, spec.sorts],
  );
  const rowSelection = selection?.state ?? NO_SELECTION;
  const onSelectionChange = selection?.onChange;
  // Another page, filter or order: what was ticked is no longer what is shown.
  const viewKey = JSON.stringify([state.filters, state.sort, state.page, state.pageSize]);
  useEffect(() => {
    onSelectionChange?.({});
  }, [viewKey, onSelectionChange]);
  const sorting: SortingState = [{ id: state.sort.id, desc: state.sort.desc }];
  const table = useTable({
    features: dataTableFeatures,
    columns: sortable,
    data: rows,
    getRowId,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: true,
    state: { sorting, rowSelection },
    enableRowSelection: selection
      ? (row) => selection.canSelect?.(row.original) ?? true
      : false,
    onRowSelectionChange: (updater: Updater<RowSelectionState>) =>
      onSelectionChange?.((current) => (typeof updater === "function" ? updater(current) : updater)),
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = (typeof updater === "function" ? updater(sorting) : updater)[0];
      if (next && (spec.sorts as readonly string[]).includes(next.id))
        controller.setSort({ id: next.id as S, desc: next.desc } as Parameters<
          typeof controller.setSort
        >[0]);
    },
  });

  const filtered = activeFilterCount(state.filters) > 0;
  const lastPage = Math.max(0, Math.ceil(total / state.pageSize) - 1);
  // A shrinking list (or a hand-edited URL) left us past the end: go to the last page there is.
  const pastEnd = query.isSuccess && !query.isPlaceholderData && state.page > lastPage;
  const { setPage } = controller;
  useEffect(() => {
    if (pastEnd) setPage(lastPage);
  }, [pastEnd, lastPage, setPage]);
  const { from, to } = pageRange(state.page, state.pageSize, total);
  const exporter = useExportDownload(total);
  const exportHref = exportPath
    ? `${exportPath}?${exportSearchParams(spec, state).toString()}`
    : null;

  return (
    <div className="space-y-4" data-testid={testId}>
      <FilterBar controls={filters} values={values} onChange={setFilters} testId={testId} />
      <div className="flex min-h-8 flex-wrap items-center justify-between gap-3">
        <FilterChips
          controls={filters}
          values={values}
          onChange={setFilters}
          onClear={controller.clearFilters}
          testId={testId}
        />
        {exportHref && (
          <div className="ml-auto flex gap-2">
            {(["csv", "xlsx"] as const).map((format) => {
              const href = format === "csv" ? exportHref : `${exportHref}&format=xlsx`;
              const running = exporter.progress.state === "running";
              return (
                <a
                  key={format}
                  href={href}
                  download
                  // A large list downloads with a progress bar; a small one is a plain link.
                  onClick={
                    total > PROGRESS_THRESHOLD_ROWS
                      ? (e) => {
                          e.preventDefault();
                          if (!running) void exporter.start(href, format);
                        }
                      : undefined
                  }
                  className={cn(buttonClasses("secondary", "sm"), (total === 0 || running) && "pointer-events-none opacity-50")}
                  aria-disabled={total === 0 || running || undefined}
                  title={t("exportHint", { total })}
                  data-testid={format === "csv" ? `${testId}-export` : `${testId}-export-xlsx`}
                >
                  <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.6">
                    <path d="M10 3v10m0 0l-4-4m4 4l4-4M4 15v2h12v-2" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  {format === "csv" ? t("export") : t("exportXlsx")}
                </a>
              );
            })}
          </div>
        )}
        {exportHref && <ExportProgress progress={exporter.progress} total={total} onCancel={exporter.cancel} testId={testId} />}
      </div>
      {children}

      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 && !query.isPlaceholderData ? (
        filtered ? (
          <EmptyState
            data-testid={`${testId}-empty`}
            title={t("emptyFilteredTitle")}
            description={t("emptyFilteredBody")}
            action={
              <Button variant="secondary" onClick={controller.clearFilters}>
                {t("clearAll")}
              </Button>
            }
          />
        ) : (
          <div data-testid={`${testId}-empty`}>{empty}</div>
        )
      ) : (
        <Card>
          <Table
            data-testid={`${testId}-table`}
            aria-busy={query.isFetching || undefined}
            className={query.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}
          >
            <caption className="sr-only">{caption}</caption>
            <THead>
              {table.getHeaderGroups().map((group) => (
                <Tr key={group.id}>
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    const right = header.column.columnDef.meta?.align === "right";
                    return (
                      <Th
                        key={header.id}
                        className={right ? "text-right" : undefined}
                        aria-sort={
                          sorted ? (sorted === "desc" ? "descending" : "ascending") : undefined
                        }
                      >
                        {header.isPlaceholder ? null : header.column.getCanSort() ? (
                          <button
                            type="button"
                            onClick={header.column.getToggleSortingHandler()}
                            className={cn(
                              "inline-flex items-center gap-1 rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600",
                              sorted && "text-slate-900",
                            )}
                            data-testid={`${testId}-sort-${header.column.id}`}
                          >
                            <table.FlexRender header={header} />
                            <SortIcon direction={sorted} />
                            <span className="sr-only">
                              {sorted ? (sorted === "desc" ? t("sortedDesc") : t("sortedAsc")) : ""}
                            </span>
                          </button>
                        ) : (
                          <table.FlexRender header={header} />
                        )}
                      </Th>
                    );
                  })}
                </Tr>
              ))}
            </THead>
            <TBody>
              {table.getRowModel().rows.map((row) => {
                const href = rowHref?.(row.original);
                return (
                  <Tr
                    key={row.id}
                    data-testid={rowTestId?.(row.original)}
                    className={cn(
                      href && "cursor-pointer hover:bg-slate-50",
                      row.getIsSelected() && "bg-brand-50/40",
                    )}
                    onClick={href ? (e) => !fromControl(e) && router.push(href) : undefined}
                  >
                    {row.getAllCells().map((cell) => (
                      <Td
                        key={cell.id}
                        className={
                          cell.column.columnDef.meta?.align === "right"
                            ? "text-right tabular-nums"
                            : undefined
                        }
                      >
                        <table.FlexRender cell={cell} />
                      </Td>
                    ))}
                  </Tr>
                );
              })}
            </TBody>
          </Table>
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pl-4">
            <label className="flex items-center gap-2 text-sm whitespace-nowrap text-slate-600">
              <span>{t("pageSize")}</span>
              <Select
                value={state.pageSize}
                onChange={(e) => controller.setPageSize(Number(e.target.value) as PageSize)}
                className="h-8 w-32"
                data-testid={`${testId}-page-size`}
              >
                {PAGE_SIZES.map((size) => (
                  <option key={size} value={size}>
                    {t("pageSizeOption", { size })}
                  </option>
                ))}
              </Select>
            </label>
            <Pagination
              className="flex-1"
              page={state.page}
              pageSize={state.pageSize}
              total={total}
              busy={query.isFetching}
              onPageChange={controller.setPage}
              summary={
                <>
                  {t("range", { from, to, total })}
                  <span className="sr-only">
                    {" "}
                    · {t("pageOf", { page: state.page + 1, pages: lastPage + 1 })}
                  </span>
                </>
              }
              previousLabel={t("previous")}
              nextLabel={t("next")}
              data-testid={`${testId}-pagination`}
            />
          </div>
        </Card>
      )}
    </div>
  );
}

const NO_SELECTION: RowSelectionState = {};

/** The checkbox column of a list with selection: this page's rows, all or one by one. */
function selectColumn<TRow extends RowData>(
  allLabel: string,
  rowLabel: (row: TRow) => string,
  testId: string,
): DataTableColumn<TRow> {
  return {
    id: "select",
    header: ({ table }) => (
      <Checkbox
        aria-label={allLabel}
        checked={table.getIsAllPageRowsSelected()}
        ref={(el) => {
          if (el)
            el.indeterminate =
              table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected();
        }}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
        data-testid={`${testId}-select-all`}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={rowLabel(row.original)}
        checked={row.getIsSelected()}
        disabled={!row.getCanSelect()}
        onChange={row.getToggleSelectedHandler()}
        data-testid={`${testId}-select-${row.id}`}
      />
    ),
  };
}

function SortIcon({ direction }: { direction: false | "asc" | "desc" }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 12 12"
      className={cn("size-3", direction ? "text-brand-600" : "text-slate-300")}
      fill="currentColor"
    >
      {direction !== "desc" && <path d="M6 2l3 3.5H3z" />}
      {direction !== "asc" && <path d="M6 10L3 6.5h6z" />}
    </svg>
  );
}
