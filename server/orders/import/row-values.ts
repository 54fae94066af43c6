/**
 * One data row → the typed values of the fields its layout maps, with the row's issues. Each
 * field reads the first of its columns that is not blank. A row with an error yields no
 * values; notes and warnings ride along with the values.
 */
import { cellText, isBlank, labelKey, toHalfWidth, type RawCell } from "./cell-text";
import { cellAccount, cellPhone, cellReferral, referralFromText } from "./identity";
import { makeIssue } from "./issues";
import type { AfterSalesMeaning, FieldName, Layout, StatusMeaning } from "./layouts";
import { cellFen, multiplyFen } from "./money";
import { parseCode, parseOrderId } from "./order-id";
import type { ResolvedLayout } from "./recognise";
import { cellTime } from "./times";
import type { IdentityKind, ImportIssue, SkuSource } from "./types";

export interface RowContext {
  resolved: ResolvedLayout;
  statuses: Map<string, StatusMeaning>;
  afterSales: Map<string, AfterSalesMeaning>;
  referralPattern?: RegExp;
  /** Times after this (plus a few minutes of clock skew) are flagged: likely a misread date. */
  now: number;
}

export function rowContext(
  resolved: ResolvedLayout,
  now: number,
  referralPattern?: RegExp,
): RowContext {
  const keyed = <T>(table: Readonly<Record<string, T>>) =>
    new Map(Object.entries(table).map(([k, v]) => [labelKey(k), v]));
  return {
    resolved,
    statuses: keyed(resolved.layout.statuses),
    afterSales: keyed(resolved.layout.afterSales),
    referralPattern,
    now,
  };
}

const CLOCK_SKEW_MS = 10 * 60 * 1000;

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
  /** The line's amount; for amountScope "order" the ORDER's amount, to be split (weight says how). */
  amountFen: number;
  weight: number;
  /** Shipping on this row (order-level layouts): not part of the commission base. */
  postageFen: number;
  refundFen: number | null;
  afterSales: AfterSalesMeaning | null;
  afterSalesText: string;
  identities: { kind: IdentityKind; value: string }[];
  referral: { code: string; source: "referral_column" | "referral_remark" } | null;
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

class RowReader {
  readonly issues: ImportIssue[] = [];
  constructor(
    private readonly ctx: RowContext,
    private readonly cells: readonly RawCell[],
    readonly row: number,
  ) {}

  get layout(): Layout {
    return this.ctx.resolved.layout;
  }

  has(field: FieldName): boolean {
    return Boolean(this.ctx.resolved.columns[field]);
  }

  /** The first non-blank cell of the field's columns, with its header; null when all are blank. */
  cell(field: FieldName): { cell: RawCell; column: string } | null {
    for (const at of this.ctx.resolved.columns[field] ?? []) {
      const cell = this.cells[at] ?? null;
      if (!isBlank(cellText(cell)))
        return { cell, column: this.ctx.resolved.headers[field] ?? field };
    }
    return null;
  }

  text(field: FieldName): string {
    const c = this.cell(field);
    return c ? cellText(c.cell) : "";
  }

  issue(
    field: string,
    key: string,
    params: Record<string, string> = {},
    severity: ImportIssue["severity"] = "error",
  ) {
    this.issues.push(makeIssue(this.row, field, key, params, severity));
  }

  get failed(): boolean {
    return this.issues.some((i) => i.severity === "error");
  }

  orderId(): string | null {
    const c = this.cell("orderId");
    const r = parseOrderId(c?.cell ?? null);
    if (r.ok) return r.value;
    this.issue("orderId", `orderId.${r.key}`, r.value ? { value: r.value } : {});
    return null;
  }

  /** Amount of a field in fen; null (with an error) when it is there but unreadable. */
  fen(field: FieldName, required: boolean): number | null {
    const c = this.cell(field);
    const r = c ? cellFen(c.cell) : null;
    const column = c?.column ?? this.ctx.resolved.headers[field] ?? field;
    if (!r) {
      if (required) this.issue("amount", "amount.missing", { column });
      return null;
    }
    if (r.ok) return r.fen;
    this.issue(field === "refundAmount" ? "refundAmount" : "amount", r.key, {
      column,
      value: cellText(c?.cell ?? null),
    });
    return null;
  }

  time(
    field: "paidAt" | "completedAt" | "refundAt",
    severity: ImportIssue["severity"] = "error",
  ): string | null {
    const c = this.cell(field);
    const r = c ? cellTime(c.cell) : null;
    if (!r) return null;
    if (r.ok) {
      if (new Date(r.iso).getTime() > this.ctx.now + CLOCK_SKEW_MS) {
        this.issue(
          field,
          "time.future",
          { column: c?.column ?? field, value: cellText(c?.cell ?? null) },
          "warning",
        );
      }
      return r.iso;
    }
    this.issue(
      field,
      "time.invalid",
      { column: c?.column ?? field, value: cellText(c?.cell ?? null) },
      severity,
    );
    return null;
  }

  quantity(): number | null {
    if (!this.has("quantity")) return 1;
    const c = this.cell("quantity");
    if (!c) {
      this.issue("quantity", "quantity.missing");
      return null;
    }
    const text = toHalfWidth(cellText(c.cell)).replace(/\.0+$/, "");
    const n = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
    if (n >= 1) return n;
    this.issue("quantity", "quantity.invalid", { value: cellText(c.cell) });
    return null;
  }

  /** merchant code → SKU id → item id → (order-level exports and mappings) title. */
  sku(): { sku: string; source: SkuSource } | null {
    const chain: [FieldName, SkuSource][] = [
      ["merchantSku", "merchant_code"],
      ["skuId", "sku_id"],
      ["itemId", "item_id"],
    ];
    for (const [field, source] of chain) {
      const c = this.cell(field);
      if (!c) continue;
      const r = parseCode(c.cell);
      if (r.ok) {
        if (
          this.layout.grain === "order" &&
          source === "merchant_code" &&
          /[,，;；]/.test(r.value)
        ) {
          this.issue("sku", "sku.several", { value: r.value }, "warning");
        }
        return { sku: r.value, source };
      }
      if (r.key !== "missing") this.issue("sku", "sku.scientific", { value: r.value }, "note");
    }
    const title = this.text("title");
    if (title && (this.layout.grain === "order" || this.layout.id === "mapping")) {
      this.issue("sku", "sku.fromTitle", { title }, "note");
      return { sku: title, source: "title" };
    }
    this.issue("sku", "sku.missing");
    return null;
  }

  status(): StatusMeaning | null {
    const text = this.text("status");
    if (!text) {
      this.issue("status", "status.missing");
      return null;
    }
    const key = labelKey(text);
    const meaning = this.ctx.statuses.get(key);
    if (meaning) return meaning;
    // JD prefixes "(删除)" to orders deleted on the platform (PLATFORMS.md's JD source skips them).
    if (key.startsWith("(删除)")) {
      this.issue("status", "status.deleted", { value: text }, "note");
      return "cancelled";
    }
    this.issue("status", "status.unknown", { value: text });
    return null;
  }

  afterSales(field: FieldName): { meaning: AfterSalesMeaning | null; text: string } {
    if (!this.has(field)) return { meaning: null, text: "" };
    const text = this.text(field);
    const meaning = this.ctx.afterSales.get(labelKey(text));
    if (meaning) return { meaning, text };
    if (!text) return { meaning: "none", text };
    this.issue("afterSalesStatus", "afterSales.unknown", { value: text }, "warning");
    return { meaning: "none", text };
  }

  identities(): { kind: IdentityKind; value: string }[] {
    const out: { kind: IdentityKind; value: string }[] = [];
    const account = this.cell("buyerAccount");
    const name = account && cellAccount(account.cell);
    if (name && this.layout.accountKind) out.push({ kind: this.layout.accountKind, value: name });
    const phone = this.cell("phone");
    const p = phone && cellPhone(phone.cell);
    if (p?.kind === "phone") out.push({ kind: "phone", value: p.value });
    if (p?.kind === "invalid") this.issue("phone", "phone.invalid", { value: p.value }, "note");
    return out;
  }

  referral(): LineValues["referral"] {
    const column = this.cell("referralCode");
    const code = column && cellReferral(column.cell);
    if (code) return { code, source: "referral_column" };
    for (const field of ["remark", "buyerMessage"] as const) {
      const found = referralFromText(this.text(field), this.ctx.referralPattern);
      if (found) return { code: found, source: "referral_remark" };
    }
    return null;
  }
}

/** The line amount (or the order's, for amountScope "order") and its split weight. */
function amounts(
  r: RowReader,
  quantity: number,
): { amountFen: number; weight: number; postageFen: number } | null {
  const { layout } = r;
  const unit = r.has("unitPrice") ? r.fen("unitPrice", false) : null;
  const useLine =
    r.has("lineAmount") && (!layout.lineAmountNeedsLineId || r.cell("lineId") !== null);
  let amountFen = useLine ? r.fen("lineAmount", unit === null) : null;
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
  const weight = unit !== null ? (multiplyFen(unit, quantity) ?? 0) : quantity;
  return { amountFen, weight, postageFen };
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
