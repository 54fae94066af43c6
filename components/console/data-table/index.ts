/**
 * The console's one server-paged list: filters (search, selects, date ranges) with removable
 * chips, server-side sort, page size, total and pages, state in the URL, row click to detail,
 * loading / empty / error states, CSV / XLSX export of the same filters, and row selection for
 * bulk actions.
 *
 * Adding a list (the orders list is the worked example):
 *
 * 1. Server: a service `list<Thing>(tx, input) → { total, items }` (offset page, count of the
 *    whole filtered list) and `<thing>Chunk(tx, filter, cursor, limit) → { rows, next }`
 *    (keyset, same ORDER BY) built on server/orders/console-query.ts, with one zod schema for
 *    filters + sort + page (server/orders/console-schemas.ts). Add indexes for its filters.
 * 2. tRPC: a `list` procedure with that input, a declared `.output()`, its permission, and a
 *    cross-brand case in server/api/isolation.test.ts.
 * 3. Export: an entry in server/export/lists.ts (permission, the filter schema, columns in the
 *    reader's language, the chunk reader). The route app/console/export/[list]/route.ts, its
 *    authentication and streaming need no change.
 * 4. Spec (shared by page and browser, no "use client"): `defineListSpec({ filters, sorts,
 *    defaultSort, ranges })` whose filter keys are the procedure's input fields
 *    (components/settlement/orders-spec.ts).
 * 5. Page (server component): `parseTableState(spec, await searchParams)`, prefetch the query
 *    with `listInput(spec, state)`, render the table inside <HydrateClient>; the table parses the
 *    same search params, so its first query is the prefetched one
 *    (app/console/settlement/orders/page.tsx).
 * 6. Table (client): columns with `dataTableColumns<Row>()` (ids of sortable columns = the
 *    spec's sort ids; `meta.align: "right"` for numbers), filter controls with labels, then
 *
 *      const table = useDataTableState(SPEC);
 *      const query = useQuery(trpc.<thing>.list.queryOptions(listInput(SPEC, table.state),
 *        { placeholderData: keepPreviousData }));
 *      <DataTable table={table} query={query} columns={…} filters={…} getRowId={…}
 *        rowHref={…} exportPath="/console/export/<thing>" caption={…} testId="…" empty={…} />
 *
 *    (components/settlement/orders-table.tsx).
 * 7. Bulk actions (optional): pass `selection={{ state, onChange, rowLabel, canSelect? }}` for a
 *    checkbox column and render the action bar as children; the table empties the selection when
 *    the view changes (components/network/distributors-table.tsx).
 */
export { DataTable, type DataTableProps } from "./data-table";
export {
  dataTableColumns,
  dataTableFeatures,
  type DataTableColumn,
  type DataTableColumnMeta,
} from "./features";
export { FilterBar, FilterChips, type FilterControl } from "./filter-bar";
export { useDataTableState, type DataTableController } from "./use-table-state";
export {
  activeFilterCount,
  dateParam,
  defineListSpec,
  exportSearchParams,
  listInput,
  oneOf,
  PAGE_SIZES,
  parseTableState,
  tableSearchParams,
  textParam,
  uuidParam,
  type ListSpec,
  type PageSize,
  type TableState,
} from "./url-state";
