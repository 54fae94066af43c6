/**
 * Contiguous grouping of rows (by order number, or by refund number), and the memory model of
 * the import: exports list an order's rows together (one row per sub-order or SKU,
 * consecutively), so only the group being read is held; it is finished when a row of another
 * group arrives. Across the file only the keys already finished are kept (a Set of short
 * strings), to catch a group whose rows are NOT together: that row is reported ("sort the
 * file by order number") rather than making a second, partial record. Everything else is
 * bounded by the chunk.
 *
 * A group is imported whole or not at all: if one of its rows has an error, its other rows
 * are reported too. Importing the rest would create the order without that line, and a
 * corrected re-import could not add it (the API keeps an existing order unchanged).
 */
import { makeIssue } from "./issues";
import type { RowOutcome } from "./row-values";
import type { AfterSalesCase, ImportedOrder, ImportedRefund, ImportIssue } from "./types";

export interface Output {
  orders: ImportedOrder[];
  refunds: ImportedRefund[];
  afterSalesOpen: AfterSalesCase[];
  afterSalesClosed: AfterSalesCase[];
  issues: ImportIssue[];
}

export function emptyOutput(): Output {
  return { orders: [], refunds: [], afterSalesOpen: [], afterSalesClosed: [], issues: [] };
}

export interface OpenGroup<T> {
  id: string;
  values: T[];
  errorRows: number[];
}

/** Contiguous grouping shared by the order and refund assemblers. */
export abstract class Grouper<T extends { row: number }> {
  protected out: Output = emptyOutput();
  private current: OpenGroup<T> | null = null;
  private readonly finished = new Set<string>();

  constructor(protected readonly oneRowPerGroup: boolean) {}

  protected abstract close(group: OpenGroup<T>): void;
  protected abstract notContiguous(row: number, id: string): ImportIssue;

  push(outcome: RowOutcome<T>, row: number): void {
    const id = outcome.key;
    // Finish the previous group first, so its issues come before this row's.
    if (id !== null && this.current && this.current.id !== id) this.finish();
    this.out.issues.push(...outcome.issues);
    if (id === null) return;
    if (!this.current) {
      if (this.finished.has(id)) {
        if (outcome.kind !== "error") this.out.issues.push(this.notContiguous(row, id));
        return;
      }
      this.current = { id, values: [], errorRows: [] };
    }
    if (outcome.kind === "values") this.current.values.push(outcome.values);
    if (outcome.kind === "error") this.current.errorRows.push(row);
    if (this.oneRowPerGroup) this.finish();
  }

  /** Finishes the open group (at the end of the file). */
  finish(): void {
    const g = this.current;
    this.current = null;
    if (!g) return;
    this.finished.add(g.id);
    if (g.errorRows.length) {
      const rows = g.errorRows.join(", ");
      for (const v of g.values)
        this.out.issues.push(makeIssue(v.row, "row", "order.incomplete", { rows }));
      return;
    }
    if (g.values.length) this.close(g);
  }

  /** Drops the open group unfinished (the file broke off: its remaining rows are unknown). */
  abandon(): void {
    this.current = null;
  }

  /** Hands over what has been produced since the last drain. */
  drain(): Output {
    const out = this.out;
    this.out = emptyOutput();
    return out;
  }
}
