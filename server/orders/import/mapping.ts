/**
 * A brand's saved column mapping: for a file no built-in layout fits (a platform changed its
 * export, a custom ERP report), the brand names the header for each field once, and the
 * mapping replaces recognition. Status labels default to every label the built-in layouts
 * know (they never disagree; a test checks), and the brand's own labels override them.
 */
import {
  LAYOUTS,
  layoutById,
  type AfterSalesMeaning,
  type FieldName,
  type Layout,
  type LayoutId,
  type StatusMeaning,
} from "./layouts";
import type { Channel, IdentityKind } from "./types";

export interface ColumnMapping {
  channel: Channel;
  /** Field → the header in the brand's file. */
  columns: Partial<Record<FieldName, string>>;
  /** Status label as the file spells it → meaning; merged over the built-in labels. */
  statuses?: Record<string, StatusMeaning>;
  afterSales?: Record<string, AfterSalesMeaning>;
  /** Defaults to "orders". */
  kind?: "orders" | "refunds";
  /** Defaults to "line": rows of one order are its lines. */
  grain?: "order" | "line";
  amountScope?: "line" | "order";
  /** Kind of identity in the buyerAccount column (tmall_buyer, jd_pin …). */
  accountKind?: IdentityKind;
  /** Start from a built-in layout's status tables (e.g. a reshuffled JD export). */
  basedOn?: LayoutId;
}

function union<T>(tables: readonly Readonly<Record<string, T>>[]): Record<string, T> {
  return Object.assign({}, ...tables) as Record<string, T>;
}

export const ALL_STATUSES = union(LAYOUTS.map((l) => l.statuses));
export const ALL_AFTER_SALES = union(LAYOUTS.map((l) => l.afterSales));

const SKU_FIELDS: readonly FieldName[] = ["merchantSku", "skuId", "itemId", "title"];

export function layoutFromMapping(m: ColumnMapping): Layout {
  const base = m.basedOn ? layoutById(m.basedOn) : undefined;
  const kind = m.kind ?? "orders";
  const columns: Layout["columns"] = {};
  for (const [field, header] of Object.entries(m.columns) as [FieldName, string | undefined][]) {
    if (header) columns[field] = [header];
  }
  return {
    id: "mapping",
    kind,
    channel: m.channel,
    grain: m.grain ?? "line",
    identify: [],
    columns,
    required:
      kind === "refunds"
        ? ["refundId", "orderId", "afterSalesStatus", "refundAmount"]
        : ["orderId", "status", "paidAt", ["lineAmount", "unitPrice"], SKU_FIELDS],
    statuses: { ...(base?.statuses ?? ALL_STATUSES), ...m.statuses },
    afterSales: { ...(base?.afterSales ?? ALL_AFTER_SALES), ...m.afterSales },
    accountKind: m.accountKind ?? base?.accountKind,
    amountScope: m.amountScope ?? "line",
  };
}
