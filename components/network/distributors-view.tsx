"use client";

import { useQuery } from "@tanstack/react-query";
import { createColumnHelper, rowSelectionFeature, tableFeatures, useTable, type RowSelectionState } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Checkbox, Input, Select } from "@/components/ui/input";
import { Pagination, pageRange } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { Tabs } from "@/components/ui/tabs";
import { DISTRIBUTOR_ROLES } from "@/server/network/schemas";
import { AddDistributorDialog } from "./add-distributor-dialog";
import { DistributorsTable } from "./distributors-table";
import { useNetworkLabels } from "./labels";
import { LIST_PAGE_SIZE, listInput, listSearchParams, REVIEW_COUNT_INPUT, type ListState } from "./list-state";
import { RejectDialog, ReviewResults, useReview, type ReviewOutcome } from "./review";
import type { DistributorRow } from "./types";

const features = tableFeatures({ rowSelectionFeature });
const column = createColumnHelper<typeof features, DistributorRow>();
const NO_ROWS: DistributorRow[] = [];

/** The procedure input inside a tRPC query key ([path, { input, type }]). */
function inputOf(key: readonly unknown[] | undefined) {
  return (key?.[1] as { input?: { status?: string } } | undefined)?.input;
}

/**
 * The distributors page: everyone on the console's shared table ("All"), and the review queue of
 * applications with its own approve / reject actions. Each tab keeps its own state in the URL.
 */
export function DistributorsView({
  initialTab,
  reviewInitial,
  canManage,
  portalUrl,
}: {
  initialTab: ListState["tab"];
  /** The review queue's filters as the page read them (its default when opening on "All"). */
  reviewInitial: ListState;
  canManage: boolean;
  portalUrl: string;
}) {
  const t = useTranslations("network.list");
  const trpc = useTRPC();
  const [tab, setTab] = useState(initialTab);
  const reviewCount = useQuery(trpc.distributors.list.queryOptions(REVIEW_COUNT_INPUT));
  return (
    <div className="space-y-4">
      <Tabs
        label={t("tabsLabel")}
        idPrefix="distributors"
        value={tab}
        onChange={setTab}
        items={[
          { id: "all", label: t("tabAll"), testId: "all-tab" },
          {
            id: "review",
            label: t("tabReview", { count: reviewCount.data?.total ?? 0 }),
            testId: "review-tab",
          },
        ]}
      />
      <div id="distributors-panel" role="tabpanel" aria-labelledby={`distributors-tab-${tab}`} className="pt-1">
        {tab === "all" ? (
          <DistributorsTable
            canManage={canManage}
            empty={<ListEmpty isReview={false} filtered={false} canManage={canManage} portalUrl={portalUrl} onClear={() => undefined} />}
          />
        ) : (
          <ReviewQueue
            initial={initialTab === "review" ? reviewInitial : { tab: "review", q: "", page: 0 }}
            canManage={canManage}
            portalUrl={portalUrl}
          />
        )}
      </div>
    </div>
  );
}

/** Applications waiting for review, oldest first: approve or reject one by one or in bulk. */
function ReviewQueue({
  initial,
  canManage,
  portalUrl,
}: {
  initial: ListState;
  canManage: boolean;
  portalUrl: string;
}) {
  const t = useTranslations("network.list");
  const labels = useNetworkLabels();
  const trpc = useTRPC();
  const [state, setState] = useState<ListState>(initial);
  const [search, setSearch] = useState(initial.q);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [rejecting, setRejecting] = useState<DistributorRow[] | null>(null);
  const [outcome, setOutcome] = useState<ReviewOutcome | null>(null);
  const review = useReview();

  const update = useCallback((patch: Partial<ListState>) => {
    setState((s) => ({ ...s, page: 0, ...patch }));
    setRowSelection({});
  }, []);

  // Keep the URL in step (without a server round trip), so Back from a detail page restores the view.
  useEffect(() => {
    const qs = listSearchParams(state).toString();
    window.history.replaceState(window.history.state, "", qs ? `?${qs}` : window.location.pathname);
  }, [state]);

  // Search as you type, a moment after the last keystroke.
  useEffect(() => {
    if (search.trim() === state.q.trim()) return;
    const timer = setTimeout(() => update({ q: search }), 300);
    return () => clearTimeout(timer);
  }, [search, state.q, update]);

  const input = listInput(state);
  const list = useQuery(
    trpc.distributors.list.queryOptions(input, {
      // Keep the old page on screen while paging or filtering, but only a page of applications:
      // the queue's action buttons must only ever sit on applications.
      placeholderData: (prev, prevQuery) => (inputOf(prevQuery?.queryKey)?.status === input.status ? prev : undefined),
    }),
  );
  const levels = useQuery(trpc.distributors.levels.queryOptions());
  const settings = useQuery(trpc.settings.get.queryOptions());
  const fieldLabels = useMemo(
    () => new Map(settings.data?.applicationFields.map((f) => [f.key, f.label]) ?? []),
    [settings.data],
  );

  const rows = list.data?.items ?? NO_ROWS;
  // Approving the last applications on a later page empties it: step back to the last page.
  const lastPage = Math.max(0, Math.ceil((list.data?.total ?? 0) / LIST_PAGE_SIZE) - 1);
  if (list.isSuccess && !list.isPlaceholderData && state.page > lastPage) setState((s) => ({ ...s, page: lastPage }));
  const clearFilters = () => {
    setSearch("");
    update({ q: "", role: undefined, levelId: undefined });
  };

  const approve = useCallback(
    async (targets: DistributorRow[]) => {
      setOutcome(await review.run(targets, "approve"));
      setRowSelection({});
    },
    [review],
  );

  const columns = useReviewColumns({
    canManage,
    fieldLabels,
    pendingIds: review.pendingIds,
    onApprove: approve,
    onReject: setRejecting,
  });

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    state: { rowSelection },
    onRowSelectionChange: setRowSelection,
    enableRowSelection: (row) => canManage && row.original.status === "applied",
  });
  const selected = rows.filter((r) => rowSelection[r.id]);
  const filtered = !!(state.q.trim() || state.role || state.levelId);
  const { from, to } = pageRange(state.page, LIST_PAGE_SIZE, list.data?.total ?? 0);

  return (
    <div className="space-y-4">
      <div className="space-y-4">
        <form
          role="search"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: search });
          }}
        >
          <label className="min-w-56 flex-1 space-y-1.5">
            <span className="block text-sm font-medium text-slate-800">{t("search")}</span>
            <Input
              type="search"
              value={search}
              maxLength={60}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t("searchPlaceholder")}
              data-testid="review-search"
            />
          </label>
          <label className="space-y-1.5">
            <span className="block text-sm font-medium text-slate-800">{t("role")}</span>
            <FilterSelect
              value={state.role ?? ""}
              onChange={(v) => update({ role: (v || undefined) as ListState["role"] })}
              all={t("allRoles")}
              options={DISTRIBUTOR_ROLES.map((r) => ({ value: r, label: labels.role(r) }))}
              testId="filter-role"
            />
          </label>
          {!!levels.data?.length && (
            <label className="space-y-1.5">
              <span className="block text-sm font-medium text-slate-800">{t("level")}</span>
              <FilterSelect
                value={state.levelId ?? ""}
                onChange={(v) => update({ levelId: v || undefined })}
                all={t("allLevels")}
                options={levels.data.map((l) => ({ value: l.id, label: l.name }))}
                testId="filter-level"
              />
            </label>
          )}
          {filtered && (
            <Button variant="ghost" onClick={clearFilters}>
              {t("clearFilters")}
            </Button>
          )}
        </form>

        {outcome && <ReviewResults outcome={outcome} onDismiss={() => setOutcome(null)} />}

        {canManage && rows.length > 0 && (
          <div
            className="flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 px-4 py-2.5 text-sm"
            data-testid="review-bulk-bar"
          >
            <span className="text-slate-700" aria-live="polite">
              {selected.length ? t("selected", { count: selected.length }) : t("selectHint")}
            </span>
            <div className="ml-auto flex gap-2">
              <Button
                size="sm"
                disabled={!selected.length}
                loading={review.bulkPending === "approve"}
                onClick={() => void approve(selected)}
                data-testid="review-bulk-approve"
              >
                {t("approveSelected")}
              </Button>
              <Button
                size="sm"
                variant="secondary"
                disabled={!selected.length || !!review.bulkPending}
                onClick={() => setRejecting(selected)}
                data-testid="review-bulk-reject"
              >
                {t("rejectSelected")}
              </Button>
            </div>
          </div>
        )}

        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <ListEmpty
            isReview
            filtered={filtered}
            canManage={canManage}
            portalUrl={portalUrl}
            onClear={clearFilters}
          />
        ) : (
          <Card>
            <Table
              data-testid="review-table"
              aria-busy={list.isFetching || undefined}
              className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}
            >
              <caption className="sr-only">{t("reviewCaption")}</caption>
              <THead>
                {table.getHeaderGroups().map((group) => (
                  <Tr key={group.id}>
                    {group.headers.map((header) => (
                      <Th key={header.id} className={header.column.id === "actions" ? "text-right" : undefined}>
                        {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                      </Th>
                    ))}
                  </Tr>
                ))}
              </THead>
              <TBody>
                {table.getRowModel().rows.map((row) => (
                  <Tr
                    key={row.id}
                    data-testid={`distributor-row-${row.original.code}`}
                    className={row.getIsSelected() ? "bg-brand-50/40" : undefined}
                  >
                    {row.getAllCells().map((cell) => (
                      <Td key={cell.id} className={cell.column.id === "actions" ? "text-right" : undefined}>
                        <table.FlexRender cell={cell} />
                      </Td>
                    ))}
                  </Tr>
                ))}
              </TBody>
            </Table>
            <Pagination
              className="border-t border-slate-100"
              page={state.page}
              pageSize={LIST_PAGE_SIZE}
              total={list.data.total}
              busy={list.isFetching}
              onPageChange={(page) => {
                setState((s) => ({ ...s, page }));
                setRowSelection({});
              }}
              summary={t("range", { from, to, total: list.data.total })}
              previousLabel={t("previous")}
              nextLabel={t("next")}
              data-testid="review-pagination"
            />
          </Card>
        )}
      </div>

      {rejecting && (
        <RejectDialog
          targets={rejecting}
          onClose={() => setRejecting(null)}
          onDone={(o) => {
            setOutcome(o);
            setRejecting(null);
            setRowSelection({});
          }}
        />
      )}
    </div>
  );
}

function FilterSelect({
  value,
  onChange,
  all,
  options,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  all: string;
  options: { value: string; label: string }[];
  testId: string;
}) {
  return (
    <Select value={value} onChange={(e) => onChange(e.target.value)} className="w-40" data-testid={testId}>
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}

function useReviewColumns({
  canManage,
  fieldLabels,
  pendingIds,
  onApprove,
  onReject,
}: {
  canManage: boolean;
  fieldLabels: Map<string, string>;
  pendingIds: ReadonlySet<string>;
  onApprove: (rows: DistributorRow[]) => Promise<void>;
  onReject: (rows: DistributorRow[]) => void;
}) {
  const t = useTranslations("network.list");
  const format = useFormatter();
  return useMemo(() => {
    const name = column.accessor("name", {
      header: () => t("name"),
      cell: ({ row }) => (
        <div className="min-w-0">
          <Link
            href={`/console/distributors/${row.original.id}`}
            className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
          >
            {row.original.name}
          </Link>
          <div className="font-mono text-xs text-slate-500">{row.original.code}</div>
        </div>
      ),
    });
    const phone = column.accessor("phoneMasked", {
      header: () => t("phone"),
      cell: ({ getValue }) => <span className="whitespace-nowrap text-slate-600">{getValue() ?? "—"}</span>,
    });
    const region = column.accessor("region", {
      header: () => t("region"),
      cell: ({ getValue }) => <span className="whitespace-nowrap">{getValue() ?? <span className="text-slate-400">—</span>}</span>,
    });
    const applied = column.accessor("appliedAt", {
      header: () => t("appliedAt"),
      cell: ({ getValue }) => (
        <span className="whitespace-nowrap text-slate-600">{format.dateTime(getValue(), { dateStyle: "medium" })}</span>
      ),
    });

    return column.columns([
      ...(canManage
        ? [
            column.display({
              id: "select",
              header: ({ table }) => (
                <Checkbox
                  aria-label={t("selectAll")}
                  checked={table.getIsAllPageRowsSelected()}
                  ref={(el) => {
                    if (el) el.indeterminate = table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected();
                  }}
                  onChange={table.getToggleAllPageRowsSelectedHandler()}
                  data-testid="review-select-all"
                />
              ),
              cell: ({ row }) => (
                <Checkbox
                  aria-label={t("selectOne", { name: row.original.name })}
                  checked={row.getIsSelected()}
                  disabled={!row.getCanSelect()}
                  onChange={row.getToggleSelectedHandler()}
                  data-testid={`review-select-${row.original.code}`}
                />
              ),
            }),
          ]
        : []),
      name,
      phone,
      region,
      column.display({
        id: "application",
        header: () => t("application"),
        cell: ({ row }) => <ApplicationSummary row={row.original} fieldLabels={fieldLabels} />,
      }),
      applied,
      ...(canManage
        ? [
            column.display({
              id: "actions",
              header: () => <span className="sr-only">{t("actions")}</span>,
              cell: ({ row }) => {
                if (row.original.status !== "applied") return null;
                const busy = pendingIds.has(row.original.id);
                return (
                  <div className="flex justify-end gap-2">
                    <Button
                      size="sm"
                      loading={busy}
                      onClick={() => void onApprove([row.original])}
                      data-testid={`review-approve-${row.original.code}`}
                    >
                      {t("approve")}
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={busy}
                      onClick={() => onReject([row.original])}
                      data-testid={`review-reject-${row.original.code}`}
                    >
                      {t("reject")}
                    </Button>
                  </div>
                );
              },
            }),
          ]
        : []),
    ]);
  }, [canManage, fieldLabels, pendingIds, onApprove, onReject, t, format]);
}

/** The applicant's note and answers to the brand's custom questions. */
function ApplicationSummary({ row, fieldLabels }: { row: DistributorRow; fieldLabels: Map<string, string> }) {
  const t = useTranslations("network.list");
  const answers = Object.entries(row.applicationData).filter(([, v]) => v);
  if (!row.applicationNote && !answers.length) return <span className="text-slate-400">{t("noApplicationDetails")}</span>;
  return (
    <div className="max-w-sm space-y-1 text-xs text-slate-700" data-testid={`application-${row.code}`}>
      {row.applicationNote && <p className="whitespace-pre-wrap">{row.applicationNote}</p>}
      {answers.length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5">
          {answers.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500">{fieldLabels.get(k) ?? k}</dt>
              <dd className="break-words">{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function ListEmpty({
  isReview,
  filtered,
  canManage,
  portalUrl,
  onClear,
}: {
  isReview: boolean;
  filtered: boolean;
  canManage: boolean;
  portalUrl: string;
  onClear: () => void;
}) {
  const t = useTranslations("network.list");
  if (filtered) {
    return (
      <EmptyState
        data-testid="distributors-empty"
        title={t("emptyFilteredTitle")}
        description={t("emptyFilteredBody")}
        action={
          <Button variant="secondary" onClick={onClear}>
            {t("clearFilters")}
          </Button>
        }
      />
    );
  }
  if (isReview) {
    return (
      <EmptyState
        data-testid="review-empty"
        title={t("emptyReviewTitle")}
        description={t("emptyReviewBody")}
        action={
          <Link href="/console/settings/enrolment" className={buttonClasses("secondary")}>
            {t("enrolmentSettings")}
          </Link>
        }
      />
    );
  }
  return (
    <EmptyState
      data-testid="distributors-empty"
      icon={
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-10" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6M19 8v6M22 11h-6" strokeLinecap="round" />
        </svg>
      }
      title={t("emptyTitle")}
      description={
        <div className="space-y-3">
          <p>{canManage ? t("emptyBody") : t("emptyBodyReadOnly")}</p>
          <div className="flex items-center justify-center gap-2">
            <code className="rounded border border-slate-200 bg-slate-50 px-2 py-1 font-mono text-xs break-all">{portalUrl}</code>
            <CopyButton value={portalUrl} label={t("copyPortalLink")} />
          </div>
        </div>
      }
      action={
        canManage && (
          <div className="flex flex-wrap justify-center gap-2">
            <AddDistributorDialog />
            <Link href="/console/distributors/import" className={buttonClasses("secondary")}>
              {t("importCsv")}
            </Link>
          </div>
        )
      }
    />
  );
}
