/**
 * Marketplace order-file import, the pure parsing layer: export files (CSV in UTF-8 / GBK /
 * UTF-16, XLSX, the WeChat Channels ZIP) → public-API order and refund records with a per-row
 * report. No database here: the caller posts `orders[].order` and `refunds[].event` through
 * the same order services as /api/v1.
 */
export { parseOrderFile, type ParseOptions } from "./parse";
export { decodeText, detectEncoding } from "./decode";
export { parseFen } from "./money";
export { parseOrderId } from "./order-id";
export { parseWallClock } from "./times";
export { DEFAULT_REFERRAL_PATTERN } from "./identity";
export { issueMessage } from "./issues";
export { lineRefundId } from "./refund-id";
export {
  LAYOUTS,
  FIELD_NAMES,
  layoutById,
  type FieldName,
  type Layout,
  type LayoutId,
} from "./layouts";
export type { AfterSalesMeaning, StatusMeaning } from "./statuses";
export { layoutFromMapping, type ColumnMapping } from "./mapping";
export { recogniseHeader } from "./recognise";
export * from "./types";
