/**
 * One data row → the typed values of the fields its layout maps, with the row's issues. A row
 * with an error yields no values; notes and warnings ride along with the values.
 */
import type { RawCell } from "./cell-text";
import type { AfterSalesMeaning, StatusMeaning } from "./layouts";
import { multiplyFen } from "./money";
import { parseCode } from "./order-id";
import { RowReader, type Referral, type RowContext } from "./row-reader";
import type { IdentityKind, ImportIssue, SkuSource } from "./types";

/** A row of an order or line export, ready to be grouped into its order. */
export interface LineValues {
  row: number;
  orderId: string;
  status: Exclude<StatusMeaning, "unpaid">;
  paidAt: string;
  completedAt?: string;
  sku: string;
  skuSource: SkuSource;
  quantity: number;
  /** The line's amount; for amountScope "order" the ORDER's amount, to be split by listFen. */
  amountFen: number;
  /** The row's list value (unit price × quantity) in fen, when it has a unit price. */
  listFen: number | null;
  /** Shipping on this row (order-level layouts): not part of the commission base. */
  postageFen: number;
  /**
   * The orderAmount column's value, when the row has no line amount of its own: the assembler
   * values the row from it (amountFen is then unit price × quantity, or this value).
   */
  orderAmountFen: number | null;
  refundFen: number | null;
  afterSales: AfterSalesMeaning | null;
  afterSalesText: string;
  identities: { kind: IdentityKind; value: string }[];
  referral: Referral | null;
  /** A refund time column, when a mapping has one (the built-in order exports do not). */
  refundAt: string | null;
}

/** A row of a refund / after-sales export. */
export interface RefundValues {
  row: number;
  refundId: string;
  orderId: string;
  sku: string;
  skuSource: SkuSource;
  amountFen: number;
  meaning: AfterSalesMeaning;
  statusText: string;
  at: string | null;
}

/**
 * `key` groups rows: the order number (order exports) or the refund number (refund exports);
 * null when the row's own key could not be read.
 */
export type RowOutcome<T> =
  | { kind: "values"; key: string; values: T; issues: ImportIssue[] }
  /** Skipped by design (unpaid), with a note. */
  | { kind: "skipped"; key: string; issues: ImportIssue[] }
  /** Not imported; its group (when the key is known) is held back too. */
  | { kind: "error"; key: string | null; issues: ImportIssue[] };

/** The line amount (or the order's, for amountScope "order") and the row's list value. */
function amounts(
  r: RowReader,
  quantity: number,
): { amountFen: number; listFen: number | null; postageFen: number; orderAmountFen: number | null } | null {
  const { layout } = r;
  const unit = r.has("unitPrice") ? r.fen("unitPrice", false) : null;
  const useLine =
    r.has("lineAmount") && (!layout.lineAmountNeedsLineId || r.cell("lineId") !== null);
  let amountFen = useLine ? r.fen("lineAmount", unit === null && !r.has("orderAmount")) : null;
  const orderAmountFen = amountFen === null && r.has("orderAmount") ? r.fen("orderAmount", unit === null) : null;
  if (amountFen === null && unit === null) amountFen = orderAmountFen;
  if (amountFen === null && !r.failed && unit !== null) {
    amountFen = multiplyFen(unit, quantity);
    if (amountFen === null)
      r.issue("amount", "amount.tooLarge", {
        column: r.layout.columns.unitPrice?.[0] ?? "",
        value: `${unit} × ${quantity}`,
      });
  }
  if (amountFen === null) {
    if (!r.failed)
      r.issue("amount", "amount.missing", {
        column: r.layout.columns.lineAmount?.[0] ?? r.layout.columns.unitPrice?.[0] ?? "",
      });
    return null;
  }
  const postageFen = r.has("postage") ? (r.fen("postage", false) ?? 0) : 0;
  const listFen = unit !== null ? multiplyFen(unit, quantity) : null;
  return { amountFen, listFen, postageFen, orderAmountFen };
}

export function readLineRow(
  ctx: RowContext,
  cells: readonly RawCell[],
  row: number,
): RowOutcome<LineValues> {
  const r = new RowReader(ctx, cells, row);
  const orderId = r.orderId();
  const status = r.status();
  if (orderId === null || status === null) return { kind: "error", key: orderId, issues: r.issues };
  const statusText = r.text("status");
  if (status === "unpaid") {
    r.issue("status", "status.unpaid", { value: statusText }, "note");
    return { kind: "skipped", key: orderId, issues: r.issues };
  }
  const paidAt = r.time("paidAt");
  if (paidAt === null && !r.failed) {
    if (status === "cancelled") {
      r.issue("status", "status.closedUnpaid", { value: statusText }, "note");
      return { kind: "skipped", key: orderId, issues: r.issues };
    }
    r.issue("paidAt", "paidAt.missing");
  }
  let finalStatus = status;
  let completedAt = r.time("completedAt", "warning") ?? undefined;
  if (status === "completed" && !completedAt) {
    r.issue("completedAt", "completedAt.missing", {}, "warning");
    finalStatus = "paid";
  }
  if (status !== "completed") completedAt = undefined;
  const quantity = r.quantity();
  const sku = r.sku();
  const money = quantity === null ? null : amounts(r, quantity);
  const refundFen = r.has("refundAmount") ? r.fen("refundAmount", false) : null;
  const after = r.afterSales("afterSalesStatus");
  const identities = r.identities();
  const referral = r.referral();
  const refundAt = r.time("refundAt", "warning");
  if (r.failed || paidAt === null || quantity === null || sku === null || money === null) {
    return { kind: "error", key: orderId, issues: r.issues };
  }
  return {
    kind: "values",
    key: orderId,
    issues: r.issues,
    values: {
      row,
      orderId,
      status: finalStatus,
      paidAt,
      completedAt,
      sku: sku.sku,
      skuSource: sku.source,
      quantity,
      ...money,
      refundFen,
      afterSales: after.meaning,
      afterSalesText: after.text,
      identities,
      referral,
      refundAt,
    },
  };
}

export function readRefundRow(
  ctx: RowContext,
  cells: readonly RawCell[],
  row: number,
): RowOutcome<RefundValues> {
  const r = new RowReader(ctx, cells, row);
  const refundCell = r.cell("refundId");
  const refundId = refundCell ? parseCode(refundCell.cell) : null;
  if (!refundId?.ok) r.issue("refundId", "refund.idMissing");
  const orderId = r.orderId();
  const after = r.afterSales("afterSalesStatus");
  const sku = r.sku();
  const amountFen = r.fen("refundAmount", true);
  const at = r.time("refundAt");
  const key = refundId?.ok ? refundId.value : null;
  if (r.failed || key === null || orderId === null || sku === null || amountFen === null) {
    return { kind: "error", key, issues: r.issues };
  }
  return {
    kind: "values",
    key,
    issues: r.issues,
    values: {
      row,
      refundId: key,
      orderId,
      sku: sku.sku,
      skuSource: sku.source,
      amountFen,
      meaning: after.meaning ?? "none",
      statusText: after.text,
      at,
    },
  };
}
