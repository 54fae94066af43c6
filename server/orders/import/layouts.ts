/**
 * One declarative description per marketplace export layout: how to recognise it, which
 * header (of several spellings) feeds which field, what its statuses mean. Headers and status
 * labels are written here as the platforms print them; matching goes through labelKey(), so
 * half-/full-width commas and brackets and stray spaces do not matter.
 *
 * Sources: /work/shared/PLATFORMS.md §1. Layouts or values marked [U] there (current JD
 * layout, Douyin statuses beyond 已完成/已关闭, WeChat Channels, both refund exports) follow
 * the public importers cited there and common seller-tool exports; a brand whose file differs
 * saves a column mapping instead (mapping.ts).
 */
import {
  type AfterSalesMeaning,
  type StatusMeaning,
  DOUYIN_AFTER_SALES,
  DOUYIN_STATUSES,
  JD_STATUSES,
  PDD_AFTER_SALES,
  PDD_STATUSES,
  TAOBAO_REFUND,
  TAOBAO_STATUSES,
  WECHAT_REFUND,
  WECHAT_STATUSES,
} from "./statuses";
import type { Channel, IdentityKind } from "./types";

export const FIELD_NAMES = [
  "orderId",
  "lineId",
  "status",
  "afterSalesStatus",
  "buyerAccount",
  "phone",
  "merchantSku",
  "skuId",
  "itemId",
  "title",
  "quantity",
  "lineAmount",
  // What the whole order costs, by its name (Douyin's 订单应付金额), though no export documents it:
  // rows without an amount of their own are valued from it (assemble.ts, fromOrderAmount).
  "orderAmount",
  "unitPrice",
  "postage",
  "refundAmount",
  "refundId",
  "paidAt",
  "completedAt",
  "refundAt",
  "remark",
  "buyerMessage",
  "referralCode",
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export type { AfterSalesMeaning, StatusMeaning } from "./statuses";

export type LayoutId =
  | "taobao-orders-legacy"
  | "taobao-orders"
  | "taobao-items"
  | "taobao-items-legacy"
  | "taobao-refunds"
  | "pdd-orders"
  | "pdd-refunds"
  | "jd-orders"
  | "douyin-orders"
  | "wechat-channels-orders";

export interface Layout {
  id: LayoutId | "mapping";
  /** "orders": rows make orders (and refunds from their refund columns); "refunds": rows are refunds. */
  kind: "orders" | "refunds";
  channel: Channel;
  /** One row per order (the order becomes one line) or one row per line of an order. */
  grain: "order" | "line";
  /** Headers that tell this layout apart from the others (recognition score). */
  identify: readonly string[];
  /** Field → accepted headers, preferred first; a row uses the first one that is not blank. */
  columns: Partial<Record<FieldName, readonly string[]>>;
  /** Fields the layout cannot do without; an inner list means "one of these". */
  required: readonly (FieldName | readonly FieldName[])[];
  statuses: Readonly<Record<string, StatusMeaning>>;
  afterSales: Readonly<Record<string, AfterSalesMeaning>>;
  /** The identity kind of the buyerAccount column. */
  accountKind?: IdentityKind;
  /**
   * "order": lineAmount is the whole order's, repeated on every line row (JD 应付金额); it is
   * split over the lines in proportion to unitPrice × quantity, exactly.
   */
  amountScope: "line" | "order";
  /**
   * The lineAmount columns are a line's own only on exports that carry a line id (Douyin's
   * 子订单编号); without one they repeat the order's total, and unitPrice × quantity is used.
   */
  lineAmountNeedsLineId?: boolean;
  /** Its headers exist only in the join of two reports (legacy-pair.ts): no single file fits it. */
  joined?: boolean;
}

/**
 * The columns the legacy pair's join (legacy-pair.ts) appends to each 宝贝报表 row: field → the
 * appended header. Their values are the order's, read from its 订单报表 row through the
 * taobao-orders-legacy layout's columns for the same field.
 */
export const ORDER_REPORT_COLUMNS = {
  status: "订单报表·订单状态",
  buyerAccount: "订单报表·买家会员名",
  phone: "订单报表·联系手机",
  lineAmount: "订单报表·买家实际支付金额",
  postage: "订单报表·买家应付邮费",
  paidAt: "订单报表·订单付款时间",
  completedAt: "订单报表·确认收货时间",
  remark: "订单报表·订单备注",
  buyerMessage: "订单报表·买家留言",
} as const satisfies Partial<Record<FieldName, string>>;

const FROM_ORDERS = ORDER_REPORT_COLUMNS;

const TAOBAO_BUYER_TEXT = { remark: ["订单备注", "商家备注"], buyerMessage: ["买家留言"] } as const;

export const LAYOUTS: readonly Layout[] = [
  {
    id: "taobao-orders-legacy",
    kind: "orders",
    channel: "taobao",
    grain: "order",
    identify: [
      "买家会员名",
      "买家实际支付金额",
      "宝贝标题",
      "宝贝总数量",
      "买家应付货款",
      "买家支付宝账号",
      "联系手机",
    ],
    columns: {
      orderId: ["订单编号"],
      status: ["订单状态"],
      buyerAccount: ["买家会员名"],
      phone: ["联系手机"],
      merchantSku: ["商家编码"],
      title: ["宝贝标题"],
      quantity: ["宝贝总数量"],
      lineAmount: ["买家实际支付金额"],
      postage: ["买家应付邮费"],
      refundAmount: ["退款金额"],
      paidAt: ["订单付款时间"],
      completedAt: ["确认收货时间"],
      ...TAOBAO_BUYER_TEXT,
    },
    required: ["orderId", "status", "lineAmount", "paidAt"],
    statuses: TAOBAO_STATUSES,
    afterSales: {},
    accountKind: "tmall_buyer",
    amountScope: "line",
  },
  {
    id: "taobao-orders",
    kind: "orders",
    channel: "taobao",
    grain: "order",
    identify: ["买家实付金额", "商品标题", "商品属性SKU", "订单编号", "订单付款时间", "宝贝总数量"],
    columns: {
      orderId: ["订单编号"],
      status: ["订单状态"],
      buyerAccount: ["买家会员名"],
      phone: ["联系手机", "手机号", "收货人手机号"],
      merchantSku: ["商家编码"],
      title: ["商品标题", "宝贝标题"],
      quantity: ["宝贝总数量", "商品数量"],
      lineAmount: ["买家实付金额"],
      postage: ["买家应付邮费", "邮费"],
      refundAmount: ["退款金额"],
      paidAt: ["订单付款时间", "付款时间"],
      completedAt: ["确认收货时间"],
      ...TAOBAO_BUYER_TEXT,
    },
    required: ["orderId", "status", "lineAmount", "paidAt"],
    statuses: TAOBAO_STATUSES,
    afterSales: {},
    accountKind: "tmall_buyer",
    amountScope: "line",
  },
  {
    id: "taobao-items",
    kind: "orders",
    channel: "taobao",
    grain: "line",
    identify: [
      "子订单编号",
      "主订单编号",
      "购买数量",
      "退款状态",
      "外部系统编号",
      "套餐信息",
      "商品属性",
    ],
    columns: {
      orderId: ["主订单编号", "订单编号"],
      lineId: ["子订单编号"],
      status: ["订单状态"],
      afterSalesStatus: ["退款状态"],
      buyerAccount: ["买家会员名"],
      merchantSku: ["商家编码", "外部系统编号"],
      itemId: ["商品ID", "宝贝ID"],
      title: ["标题", "宝贝标题", "商品标题"],
      quantity: ["购买数量"],
      lineAmount: ["买家实付金额"],
      unitPrice: ["价格", "商品价格"],
      refundAmount: ["退款金额"],
      paidAt: ["订单付款时间", "付款时间"],
      completedAt: ["确认收货时间"],
      remark: ["备注", "订单备注", "商家备注"],
      buyerMessage: ["买家留言"],
    },
    required: [
      "orderId",
      "status",
      "quantity",
      ["lineAmount", "unitPrice"],
      "paidAt",
      ["merchantSku", "itemId"],
    ],
    statuses: TAOBAO_STATUSES,
    afterSales: TAOBAO_REFUND,
    accountKind: "tmall_buyer",
    amountScope: "line",
  },
  {
    // The legacy 宝贝报表 (PLATFORMS.md §1: 订单编号, 标题, 价格, 购买数量, 外部系统编号, 商品属性,
    // 套餐信息, 备注, 订单状态, 商家编码) has the lines but no payment time, buyer or paid amount:
    // it is imported joined with its 订单报表 (both in one upload), which fills FROM_ORDERS in.
    id: "taobao-items-legacy",
    kind: "orders",
    channel: "taobao",
    grain: "line",
    identify: ["标题", "价格", "购买数量", "外部系统编号", "套餐信息", "商品属性"],
    columns: {
      orderId: ["订单编号"],
      // The 订单报表's status, not the 宝贝报表's own 订单状态: should the two disagree (one file
      // exported later than the other), the order's status is what the order report says, as
      // the order report alone would import it, and every line of the order shares it.
      status: [FROM_ORDERS.status],
      buyerAccount: [FROM_ORDERS.buyerAccount],
      phone: [FROM_ORDERS.phone],
      merchantSku: ["商家编码", "外部系统编号"],
      title: ["标题"],
      quantity: ["购买数量"],
      unitPrice: ["价格"],
      // What the buyer paid for the whole order (postage included): split over the lines by
      // 价格 × 购买数量, postage taken out first (amountScope "order", as for JD).
      lineAmount: [FROM_ORDERS.lineAmount],
      postage: [FROM_ORDERS.postage],
      paidAt: [FROM_ORDERS.paidAt],
      completedAt: [FROM_ORDERS.completedAt],
      remark: [FROM_ORDERS.remark, "备注"],
      buyerMessage: [FROM_ORDERS.buyerMessage],
    },
    required: ["orderId", "status", "quantity", "unitPrice", "lineAmount", "paidAt", "merchantSku"],
    statuses: TAOBAO_STATUSES,
    afterSales: {},
    accountKind: "tmall_buyer",
    amountScope: "order",
    joined: true,
  },
  {
    // [U] 千牛 退款管理 export.
    id: "taobao-refunds",
    kind: "refunds",
    channel: "taobao",
    grain: "line",
    identify: [
      "退款编号",
      "买家退款金额",
      "退款的申请时间",
      "退款完结时间",
      "是否需要退货",
      "货物状态",
    ],
    columns: {
      refundId: ["退款编号"],
      orderId: ["订单编号"],
      lineId: ["子订单编号"],
      afterSalesStatus: ["退款状态"],
      merchantSku: ["商家编码"],
      itemId: ["宝贝ID", "商品ID"],
      title: ["宝贝标题"],
      refundAmount: ["买家退款金额", "买家实际退款金额", "退款金额"],
      refundAt: ["退款完结时间", "退款的申请时间"],
    },
    required: ["refundId", "orderId", "afterSalesStatus", "refundAmount"],
    statuses: {},
    afterSales: TAOBAO_REFUND,
    amountScope: "line",
  },
  {
    id: "pdd-orders",
    kind: "orders",
    channel: "pdd",
    // One goods per PDD order: each row is the order's only line.
    grain: "line",
    identify: [
      "商家编码-规格维度",
      "商家编码-商品维度",
      "商品数量(件)",
      "商家实收金额(元)",
      "用户实付金额(元)",
      "售后状态",
      "订单成交时间",
      "样式ID",
    ],
    columns: {
      orderId: ["订单号"],
      status: ["订单状态"],
      afterSalesStatus: ["售后状态"],
      phone: ["手机", "收货人手机号", "手机号"],
      merchantSku: ["商家编码-规格维度", "商家编码-商品维度"],
      skuId: ["样式ID"],
      itemId: ["商品id"],
      title: ["商品"],
      quantity: ["商品数量(件)"],
      // What the brand receives (platform subsidies included) is the commission base PLATFORMS.md recommends.
      lineAmount: ["商家实收金额(元)", "用户实付金额(元)"],
      refundAmount: ["退款金额(元)", "退款金额"],
      // 订单成交时间 (the group formed) stands in for a missing 支付时间.
      paidAt: ["支付时间", "订单成交时间"],
      completedAt: ["确认收货时间"],
      remark: ["商家备注", "备注"],
      buyerMessage: ["买家留言"],
    },
    required: [
      "orderId",
      "status",
      "quantity",
      "lineAmount",
      "paidAt",
      ["merchantSku", "skuId", "itemId"],
    ],
    statuses: PDD_STATUSES,
    afterSales: PDD_AFTER_SALES,
    amountScope: "line",
  },
  {
    // [U] PDD 售后 export.
    id: "pdd-refunds",
    kind: "refunds",
    channel: "pdd",
    grain: "line",
    identify: ["售后编号", "售后类型", "售后原因", "申请时间", "退款成功时间"],
    columns: {
      refundId: ["售后编号", "售后单号"],
      orderId: ["订单号", "订单编号"],
      afterSalesStatus: ["售后状态"],
      merchantSku: ["商家编码-规格维度", "商家编码-商品维度", "商家编码"],
      skuId: ["样式ID"],
      itemId: ["商品id"],
      title: ["商品名称", "商品"],
      refundAmount: ["退款金额(元)", "退款金额", "申请退款金额(元)"],
      refundAt: ["退款成功时间", "退款时间", "申请时间"],
    },
    required: ["refundId", "orderId", "afterSalesStatus", "refundAmount"],
    statuses: {},
    afterSales: PDD_AFTER_SALES,
    amountScope: "line",
  },
  {
    id: "jd-orders",
    kind: "orders",
    channel: "jd",
    grain: "line",
    identify: [
      "订购数量",
      "付款确认时间",
      "京东价",
      "下单帐号",
      "结算金额",
      "应付金额",
      "订单金额",
      "余额支付",
    ],
    columns: {
      orderId: ["订单号", "订单编号"],
      status: ["订单状态"],
      buyerAccount: ["下单帐号", "下单账号"],
      phone: ["联系电话"],
      merchantSku: ["货号"],
      itemId: ["商品ID", "商品编号"],
      title: ["商品名称"],
      quantity: ["订购数量"],
      lineAmount: ["应付金额", "结算金额"],
      unitPrice: ["京东价"],
      postage: ["运费金额"],
      paidAt: ["付款确认时间", "付款时间"],
      completedAt: ["订单完成时间"],
      remark: ["商家备注"],
      buyerMessage: ["订单备注"],
    },
    required: ["orderId", "status", "quantity", "lineAmount", "paidAt", ["merchantSku", "itemId"]],
    statuses: JD_STATUSES,
    afterSales: {},
    accountKind: "jd_pin",
    // 订单金额 / 应付金额 are the order's, repeated on each SKU row (PLATFORMS.md's JD source splits the discount by 京东价 × 数量).
    amountScope: "order",
  },
  {
    id: "douyin-orders",
    kind: "orders",
    channel: "douyin",
    grain: "line",
    identify: [
      "主订单编号",
      "选购商品",
      "商品金额",
      "支付完成时间",
      "订单提交时间",
      "取消原因",
      "订单应付金额",
    ],
    columns: {
      orderId: ["主订单编号"],
      lineId: ["子订单编号"],
      status: ["订单状态"],
      afterSalesStatus: ["售后状态"],
      phone: ["收件人手机号", "收件人电话"],
      merchantSku: ["商家编码", "货号"],
      skuId: ["SKU ID"],
      itemId: ["商品ID"],
      title: ["选购商品", "商品名称"],
      quantity: ["商品数量"],
      // A sub-order's own paid amount, after discounts: used when the row has a 子订单编号.
      lineAmount: ["子订单实付金额", "实付金额"],
      // The order's payable amount, repeated on each of its rows (or, possibly, each row's own).
      orderAmount: ["订单应付金额"],
      // 商品金额 is the UNIT price (PLATFORMS.md).
      unitPrice: ["商品金额", "商品单价"],
      paidAt: ["支付完成时间"],
      completedAt: ["订单完成时间"],
      remark: ["商家备注"],
      buyerMessage: ["买家留言"],
    },
    required: [
      "orderId",
      "status",
      "quantity",
      ["lineAmount", "unitPrice", "orderAmount"],
      "paidAt",
      ["merchantSku", "skuId", "itemId"],
    ],
    statuses: DOUYIN_STATUSES,
    afterSales: DOUYIN_AFTER_SALES,
    amountScope: "line",
    lineAmountNeedsLineId: true,
  },
  {
    // [U] columns seen in one public fixture; the download is a ZIP around this xlsx.
    id: "wechat-channels-orders",
    kind: "orders",
    channel: "wechat_channels",
    grain: "line",
    identify: ["商品实付金额", "SKU ID", "实付金额", "退款状态", "付款时间", "下单时间", "数量"],
    columns: {
      orderId: ["订单号"],
      status: ["订单状态"],
      afterSalesStatus: ["退款状态"],
      phone: ["收货人手机号", "收件人手机号"],
      skuId: ["SKU ID", "SKU编码"],
      merchantSku: ["商家编码", "SKU编码(自定义)"],
      itemId: ["商品ID"],
      title: ["商品名称"],
      quantity: ["数量", "商品数量"],
      // 实付金额 is the order's total, repeated; only the line's own 商品实付金额 is a line amount.
      lineAmount: ["商品实付金额"],
      refundAmount: ["退款金额"],
      paidAt: ["付款时间", "支付时间"],
      completedAt: ["完成时间", "确认收货时间"],
      remark: ["商家备注", "备注"],
      buyerMessage: ["买家留言", "买家备注"],
    },
    required: [
      "orderId",
      "status",
      "quantity",
      "lineAmount",
      "paidAt",
      ["merchantSku", "skuId", "itemId"],
    ],
    statuses: WECHAT_STATUSES,
    afterSales: WECHAT_REFUND,
    amountScope: "line",
  },
];

export function layoutById(id: string): Layout | undefined {
  return LAYOUTS.find((l) => l.id === id);
}
