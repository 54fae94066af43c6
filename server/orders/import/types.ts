/**
 * The records the marketplace-file import produces. `OrderInput` and `RefundEventInput` are the
 * public API v1 bodies (DESIGN.md "Public API v1") so the caller feeds them to the same order
 * services; everything around them (rows, how a SKU or buyer was found, basis of a refund) is
 * the import's own report.
 */

import { IDENTITY_KINDS, ORDER_CHANNELS, type IdentityKind, type OrderChannel } from "@/db/kinds";
import type { RawCell } from "./cell-text";

export const CHANNELS = ORDER_CHANNELS;
export type Channel = OrderChannel;
export { IDENTITY_KINDS, type IdentityKind };

export type OrderStatus = "paid" | "completed" | "cancelled";

/** `POST /api/v1/orders` body, as far as an export can fill it. */
export interface OrderInput {
  channel: Channel;
  externalId: string;
  status: OrderStatus;
  buyer: { identities: { kind: IdentityKind; value: string }[] };
  referralCode?: string;
  items: { sku: string; category?: string; quantity: number; amountFen: number }[];
  /** ISO 8601 with the Asia/Shanghai offset, e.g. 2025-11-11T00:03:12+08:00. */
  paidAt: string;
  completedAt?: string;
}

/** `POST /api/v1/orders/{channel}/{externalId}/events` body for a refund. */
export interface RefundEventInput {
  type: "refund";
  refundId: string;
  items: { sku: string; amountFen: number; quantity?: number }[];
  at: string;
}

/** Where a line's SKU came from, in the order the layouts try them. */
export type SkuSource = "merchant_code" | "sku_id" | "item_id" | "title";

/**
 * How the order can be attributed to a distributor: a referral code (from a column or a
 * remark), else a buyer identity the binding can resolve, else nothing — the export carried
 * no buyer identity (newer Taobao, PDD) and the caller decides (e.g. an order already known
 * through the API).
 */
export type AttributionSource = "referral_column" | "referral_remark" | "buyer_identity" | "none";

export interface ImportedOrder {
  order: OrderInput;
  /** File rows (1-based, header = its own row) the order was read from. */
  rows: number[];
  attribution: AttributionSource;
  /** Per item (same order as order.items): where the SKU came from and which rows made it. */
  lines: { sku: string; source: SkuSource; rows: number[] }[];
}

/**
 * A refund to post as an order event.
 * - `refund_record`: one refund from a refund / after-sales export; `refundId` is the
 *   platform's own 退款编号 / 售后编号, so any file naming that refund gives the same id.
 * - `line_total`: an order export's refund column, which is the line's refunded TOTAL so far.
 *   Its `refundId` is derived from (channel, order, SKU) only, so importing the same or a later
 *   export again never refunds twice; a total that later grows needs the difference posted
 *   under a new id (compare with the API's `refundedFen`).
 */
export interface ImportedRefund {
  channel: Channel;
  externalId: string;
  event: RefundEventInput;
  basis: "refund_record" | "line_total";
  /** `column`: the file's refund time; `order_time`: none in the file, the order's latest time. */
  atSource: "column" | "order_time";
  rows: number[];
}

/**
 * A line's after-sales case as the file states it: in `afterSalesOpen`, a case still open
 * (售后处理中 …: its commission must not settle); in `afterSalesClosed`, one that ended (refunded,
 * closed, rejected, or none asked for): settlement may go on.
 */
export interface AfterSalesCase {
  channel: Channel;
  externalId: string;
  sku: string;
  /** The status text as the file spells it. */
  status: string;
  row: number;
}

/**
 * - `error`: the row (or file) was not imported.
 * - `warning`: imported, but someone should look (e.g. completed without a completion time).
 * - `note`: skipped by design or informational (an unpaid order, a SKU taken from the title).
 */
export type IssueSeverity = "error" | "warning" | "note";

export interface ImportIssue {
  /** 1-based file row; 0 for the file as a whole. */
  row: number;
  /** The canonical field it concerns ("orderId", "amount" …), or "file" / "header" / "row". */
  field: string;
  /** Stable key under imports.issue, e.g. "amount.invalid". */
  key: string;
  /** The values the message names; locale-neutral (file text, numbers, layout ids). */
  params: Record<string, string>;
  severity: IssueSeverity;
  /** The message in English, for API users and logs; the console localises by key. */
  message: string;
}

export interface ParseProgress {
  /** Data rows read so far (blank rows included, the header not). */
  rowsDone: number;
  /** Known for XLSX (from the sheet's dimension); unknown for CSV. */
  rowsTotal?: number;
  bytesDone: number;
  bytesTotal: number;
}

export type FileFormat = "csv" | "xlsx";
export type TextEncoding = "utf-8" | "utf-8-bom" | "gb18030" | "utf-16le";

export interface FileSummary {
  format: FileFormat | null;
  /** Set when the file arrived inside a ZIP (WeChat Channels downloads). */
  container?: "zip";
  encoding?: TextEncoding;
  /** The recognised layout, "mapping" for a brand's saved mapping, null when none fits. */
  layout: string | null;
  /** File row holding the headers (exports sometimes put a title row above it). */
  headerRow: number;
  /** Canonical field → the header it was read from. */
  columns: Record<string, string>;
}

export interface ParseChunk {
  file: FileSummary;
  orders: ImportedOrder[];
  refunds: ImportedRefund[];
  afterSalesOpen: AfterSalesCase[];
  afterSalesClosed: AfterSalesCase[];
  issues: ImportIssue[];
  progress: ParseProgress;
  /** True on the last chunk. */
  done: boolean;
  /**
   * The rows this chunk's issues, orders and refunds come from, as read, with the header row's
   * text: the error report shows each refused row as the file had it.
   */
  sourceRows?: { header: string[]; rows: Record<number, readonly RawCell[]> };
}
