/**
 * What each platform's order and after-sales status labels mean, as the exports print them
 * (matching goes through labelKey(), so half-/full-width commas and spaces do not matter).
 * Labels marked [U] are inferred from public importers, not from the platform's documentation.
 */

/** "unpaid" rows are skipped with a note: nothing was bought, nothing earns commission. */
export type StatusMeaning = "unpaid" | "paid" | "completed" | "cancelled";
/** "open": a case is running, settlement waits; "refunded": money went back to the buyer. */
export type AfterSalesMeaning = "none" | "open" | "refunded";

export const TAOBAO_STATUSES: Record<string, StatusMeaning> = {
  等待买家付款: "unpaid",
  "买家已付款,等待卖家发货": "paid",
  "等待卖家发货,即:买家已付款": "paid",
  卖家部分发货: "paid",
  "卖家已发货,等待买家确认": "paid",
  买家已签收: "paid",
  交易成功: "completed",
  交易关闭: "cancelled",
};

export const TAOBAO_REFUND: Record<string, AfterSalesMeaning> = {
  "": "none",
  没有申请退款: "none",
  无退款: "none",
  退款关闭: "none",
  "买家已经申请退款,等待卖家同意": "open",
  "卖家已经同意退款,等待买家退货": "open",
  "买家已经退货,等待卖家确认收货": "open",
  卖家拒绝退款: "open",
  退款中: "open",
  退款成功: "refunded",
};

export const PDD_STATUSES: Record<string, StatusMeaning> = {
  待支付: "unpaid",
  待付款: "unpaid",
  待成团: "paid",
  待发货: "paid",
  已发货: "paid",
  "已发货,待签收": "paid",
  "已发货,待收货": "paid",
  // [U] 已签收 is the courier's delivery; PDD then confirms receipt itself (已收货).
  已签收: "paid",
  已收货: "completed",
  已确认收货: "completed",
  交易成功: "completed",
  // PLATFORMS.md lists it as one word; some exports put a comma in it.
  未发货退款成功: "cancelled",
  "未发货,退款成功": "cancelled",
  已发货退款成功: "cancelled",
  "已发货,退款成功": "cancelled",
  已取消: "cancelled",
  交易关闭: "cancelled",
};

export const PDD_AFTER_SALES: Record<string, AfterSalesMeaning> = {
  "": "none",
  无售后或售后取消: "none",
  无售后: "none",
  售后取消: "none",
  退款关闭: "none",
  买家撤销: "none",
  驳回退款: "none",
  "平台拒绝退款,退款关闭": "none",
  售后处理中: "open",
  退款中: "open",
  "买家申请退款,待商家处理": "open",
  "退货退款,待商家处理": "open",
  "商家同意退款,退款中": "open",
  "平台同意退款,退款中": "open",
  "已同意退货退款,待用户发货": "open",
  平台处理中: "open",
  退款成功: "refunded",
};

// [U] beyond the 2015 layout's values; "(删除)…" is handled by prefix (row-values.ts).
export const JD_STATUSES: Record<string, StatusMeaning> = {
  等待付款: "unpaid",
  等待出库: "paid",
  等待打印: "paid",
  等待发货: "paid",
  等待确认收货: "paid",
  暂停: "paid",
  锁定: "paid",
  完成: "completed",
  已完成: "completed",
  已取消: "cancelled",
  取消: "cancelled",
};

// [U] except 已完成 / 已关闭.
export const DOUYIN_STATUSES: Record<string, StatusMeaning> = {
  待支付: "unpaid",
  待付款: "unpaid",
  已支付: "paid",
  备货中: "paid",
  待发货: "paid",
  部分发货: "paid",
  已发货: "paid",
  待收货: "paid",
  已完成: "completed",
  已关闭: "cancelled",
  已取消: "cancelled",
};

// [U] 售后状态 values; an unknown one is reported and the order imported without it.
export const DOUYIN_AFTER_SALES: Record<string, AfterSalesMeaning> = {
  "": "none",
  无: "none",
  无售后: "none",
  售后关闭: "none",
  售后取消: "none",
  拒绝退款: "none",
  售后中: "open",
  售后处理中: "open",
  待商家处理: "open",
  待买家退货: "open",
  待商家收货: "open",
  退款中: "open",
  退款成功: "refunded",
  已退款: "refunded",
};

// [U] WeChat Channels labels throughout.
export const WECHAT_STATUSES: Record<string, StatusMeaning> = {
  待付款: "unpaid",
  待发货: "paid",
  部分发货: "paid",
  待收货: "paid",
  已发货: "paid",
  已完成: "completed",
  已取消: "cancelled",
  已关闭: "cancelled",
};

export const WECHAT_REFUND: Record<string, AfterSalesMeaning> = {
  "": "none",
  无: "none",
  未退款: "none",
  退款关闭: "none",
  退款失败: "none",
  已拒绝: "none",
  退款中: "open",
  售后中: "open",
  待商家处理: "open",
  待买家退货: "open",
  退款成功: "refunded",
  已退款: "refunded",
  退款完成: "refunded",
};
