/**
 * The TanStack Table (v9) features every console list uses: sorting, done by the server
 * (manualSorting), row selection (for lists with bulk actions; off unless the list asks for it),
 * and a typed column `meta` for alignment. Lists declare their columns with
 * `dataTableColumns<Row>()`, so their definitions and the table agree on the feature set.
 */
import {
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from "@tanstack/react-table";

export interface DataTableColumnMeta {
  /** Numbers (money, counts) line up on the right. */
  align?: "right";
}

// A phantom value: only its type reaches the table (columnDef.meta).
const columnMeta: DataTableColumnMeta = {};

export const dataTableFeatures = tableFeatures({ rowSortingFeature, rowSelectionFeature, columnMeta });
export type DataTableFeatures = typeof dataTableFeatures;

export type DataTableColumn<TRow extends RowData> = ColumnDef<DataTableFeatures, TRow>;

export function dataTableColumns<TRow extends RowData>() {
  return createColumnHelper<DataTableFeatures, TRow>();
}
