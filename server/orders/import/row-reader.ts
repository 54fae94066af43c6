/**
 * Reading one row's fields: each field reads the first of its columns that is not blank, and
 * every problem becomes an issue on the row (errors mean the row is not imported).
 */
import { cellText, isBlank, labelKey, toHalfWidth, type RawCell } from "./cell-text";
import { cellAccount, cellPhone, cellReferral, referralFromText } from "./identity";
import { makeIssue } from "./issues";
import type { AfterSalesMeaning, FieldName, Layout, StatusMeaning } from "./layouts";
import { cellFen } from "./money";
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

export interface Referral {
  code: string;
  source: "referral_column" | "referral_remark";
}

export class RowReader {
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

  referral(): Referral | null {
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
