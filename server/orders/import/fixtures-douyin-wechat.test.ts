/**
 * Every sample export parses to exactly the records its rows describe (make-fixtures.ts says
 * what each row is meant to exercise). Expected values are written out by hand from the rows.
 */
import { describe, expect, it } from "vitest";
import { brief, fixture, parseAll, sh } from "./fixtures/parse-all";
import { lineRefundId } from "./refund-id";

describe("Douyin orders (quoted CSV with tabs)", () => {
  it("uses each sub-order's own 订单应付金额, strips the tab padding and keeps doubled quotes", async () => {
    const p = await parseAll(fixture("douyin-orders.csv"));
    expect(p.file).toMatchObject({ format: "csv", encoding: "utf-8-bom", layout: "douyin-orders" });
    const none = { identities: [] };
    expect(p.orders).toEqual([
      {
        order: {
          channel: "douyin",
          externalId: "6923456789012345678",
          status: "completed",
          buyer: none,
          items: [
            { sku: "SLP-PNK-38", quantity: 2, amountFen: 4980 },
            { sku: "TWL-WHT", quantity: 1, amountFen: 3590 },
          ],
          paidAt: sh("2025-11-11 20:00:15"),
          completedAt: sh("2025-11-18 20:00:00"),
        },
        rows: [2, 3],
        attribution: "none",
        lines: [
          { sku: "SLP-PNK-38", source: "merchant_code", rows: [2] },
          { sku: "TWL-WHT", source: "merchant_code", rows: [3] },
        ],
      },
      {
        order: {
          channel: "douyin",
          externalId: "6923456789012345683",
          status: "cancelled",
          buyer: none,
          items: [{ sku: "TWL-GRY", quantity: 1, amountFen: 3990 }],
          paidAt: sh("2025-11-11 22:00:09"),
        },
        rows: [5],
        attribution: "none",
        lines: [{ sku: "TWL-GRY", source: "merchant_code", rows: [5] }],
      },
      {
        order: {
          channel: "douyin",
          externalId: "6923456789012345685",
          status: "paid",
          buyer: { identities: [{ kind: "phone", value: "13512345678" }] },
          items: [{ sku: "PJ-CRL-M", quantity: 1, amountFen: 7900 }],
          paidAt: sh("2025-11-12 09:00:20"),
        },
        rows: [6],
        attribution: "buyer_identity",
        lines: [{ sku: "PJ-CRL-M", source: "merchant_code", rows: [6] }],
      },
      {
        order: {
          channel: "douyin",
          externalId: "6923456789012345687",
          status: "paid",
          buyer: none,
          referralCode: "XYZ789",
          items: [{ sku: "3601234567892", quantity: 1, amountFen: 8900 }],
          paidAt: sh("2025-11-12 10:00:20"),
        },
        rows: [7],
        attribution: "referral_remark",
        lines: [{ sku: "3601234567892", source: "item_id", rows: [7] }],
      },
      {
        order: {
          channel: "douyin",
          externalId: "6923456789012345691",
          status: "paid",
          buyer: none,
          items: [
            { sku: "GIFT-RED", quantity: 1, amountFen: 17900 },
            { sku: "CARD", quantity: 2, amountFen: 1000 },
            { sku: "BAG", quantity: 1, amountFen: 0 },
          ],
          paidAt: sh("2025-11-12 12:00:30"),
        },
        rows: [9, 10, 11],
        attribution: "none",
        lines: [
          { sku: "GIFT-RED", source: "merchant_code", rows: [9] },
          { sku: "CARD", source: "merchant_code", rows: [10] },
          { sku: "BAG", source: "merchant_code", rows: [11] },
        ],
      },
    ]);
    expect(p.refunds).toEqual([
      {
        channel: "douyin",
        externalId: "6923456789012345678",
        event: {
          type: "refund",
          refundId: lineRefundId("douyin", "6923456789012345678", "TWL-WHT"),
          items: [{ sku: "TWL-WHT", amountFen: 3590 }],
          at: sh("2025-11-18 20:00:00"),
        },
        basis: "line_total",
        atSource: "order_time",
        rows: [3],
      },
    ]);
    expect(p.afterSalesOpen).toEqual([
      {
        channel: "douyin",
        externalId: "6923456789012345685",
        sku: "PJ-CRL-M",
        status: "售后中",
        row: 6,
      },
    ]);
    expect(brief(p.issues)).toEqual([
      [3, "note", "refund.amountAssumed", { value: "35.90" }],
      [4, "note", "status.closedUnpaid", { value: "已关闭" }],
      [8, "note", "status.unpaid", { value: "待支付" }],
      [12, "error", "amount.invalid", { column: "订单应付金额", value: "abc" }],
    ]);
  });
});

describe("WeChat Channels orders (XLSX, and the ZIP it downloads as)", () => {
  const expected = {
    orders: [
      {
        order: {
          channel: "wechat_channels",
          externalId: "3729174649870123456",
          status: "completed",
          buyer: { identities: [] },
          items: [
            { sku: "2101", quantity: 1, amountFen: 12000 },
            { sku: "2102", quantity: 2, amountFen: 12000 },
          ],
          paidAt: sh("2025-11-11 10:01:00"),
          completedAt: sh("2025-11-20 10:00:00"),
        },
        rows: [2, 3],
        attribution: "none",
        lines: [
          { sku: "2101", source: "sku_id", rows: [2] },
          { sku: "2102", source: "sku_id", rows: [3] },
        ],
      },
      {
        order: {
          channel: "wechat_channels",
          externalId: "3729174649870123457",
          status: "paid",
          buyer: { identities: [{ kind: "phone", value: "13512345678" }] },
          referralCode: "XYZ789",
          items: [{ sku: "2102", quantity: 1, amountFen: 8800 }],
          paidAt: sh("2025-11-11 11:00:30"),
        },
        rows: [4],
        attribution: "referral_remark",
        lines: [{ sku: "2102", source: "sku_id", rows: [4] }],
      },
      {
        order: {
          channel: "wechat_channels",
          externalId: "3729174649870123458",
          status: "cancelled",
          buyer: { identities: [] },
          items: [{ sku: "2101", quantity: 1, amountFen: 12000 }],
          paidAt: sh("2025-11-11 12:00:30"),
        },
        rows: [5],
        attribution: "none",
        lines: [{ sku: "2101", source: "sku_id", rows: [5] }],
      },
      {
        order: {
          channel: "wechat_channels",
          externalId: "3729174649870123460",
          status: "paid",
          buyer: { identities: [] },
          referralCode: "K7M9PQ",
          items: [{ sku: "2103", quantity: 1, amountFen: 12000 }],
          paidAt: sh("2025-11-12 09:00:30"),
        },
        rows: [7],
        attribution: "referral_remark",
        lines: [{ sku: "2103", source: "sku_id", rows: [7] }],
      },
      {
        // A number cell (88.8) and date cells.
        order: {
          channel: "wechat_channels",
          externalId: "3729174649870123461",
          status: "completed",
          buyer: { identities: [] },
          items: [{ sku: "2104", quantity: 1, amountFen: 8880 }],
          paidAt: sh("2025-11-12 10:00:30"),
          completedAt: sh("2025-11-19 10:00:00"),
        },
        rows: [8],
        attribution: "none",
        lines: [{ sku: "2104", source: "sku_id", rows: [8] }],
      },
      {
        order: {
          channel: "wechat_channels",
          externalId: "3729174649870123462",
          status: "completed",
          buyer: { identities: [] },
          items: [{ sku: "2105", quantity: 1, amountFen: 6600 }],
          paidAt: sh("2025-11-12 11:00:30"),
          completedAt: sh("2025-11-19 11:00:00"),
        },
        rows: [9],
        attribution: "none",
        lines: [{ sku: "2105", source: "sku_id", rows: [9] }],
      },
      {
        order: {
          channel: "wechat_channels",
          externalId: "3729174649870123463",
          status: "completed",
          buyer: { identities: [] },
          items: [{ sku: "2106", quantity: 1, amountFen: 129900 }],
          paidAt: sh("2025-11-13 09:00:20"),
          completedAt: sh("2025-11-20 09:00:00"),
        },
        rows: [10],
        attribution: "none",
        lines: [{ sku: "2106", source: "sku_id", rows: [10] }],
      },
    ],
    refunds: [
      {
        channel: "wechat_channels",
        externalId: "3729174649870123456",
        event: {
          type: "refund",
          refundId: lineRefundId("wechat_channels", "3729174649870123456", "2101"),
          items: [{ sku: "2101", amountFen: 2000 }],
          at: sh("2025-11-20 10:00:00"),
        },
        basis: "line_total",
        atSource: "order_time",
        rows: [2],
      },
      {
        channel: "wechat_channels",
        externalId: "3729174649870123462",
        event: {
          type: "refund",
          refundId: lineRefundId("wechat_channels", "3729174649870123462", "2105"),
          items: [{ sku: "2105", amountFen: 6600 }],
          at: sh("2025-11-19 11:00:00"),
        },
        basis: "line_total",
        atSource: "order_time",
        rows: [9],
      },
    ],
    afterSalesOpen: [
      {
        channel: "wechat_channels",
        externalId: "3729174649870123460",
        sku: "2103",
        status: "退款中",
        row: 7,
      },
    ],
    issues: [
      [6, "note", "status.unpaid", { value: "待付款" }],
      [9, "note", "refund.amountAssumed", { value: "66.00" }],
      [11, "error", "orderId.scientific", { value: "3.72917E+18" }],
    ],
  };

  it.each([
    ["wechat-channels-orders.xlsx", undefined],
    ["wechat-channels-orders.zip", "zip"],
  ])("%s", async (name, container) => {
    const p = await parseAll(fixture(name));
    expect(p.file).toMatchObject({ format: "xlsx", layout: "wechat-channels-orders" });
    expect(p.file.container).toBe(container);
    expect(p.orders).toEqual(expected.orders);
    expect(p.refunds).toEqual(expected.refunds);
    expect(p.afterSalesOpen).toEqual(expected.afterSalesOpen);
    expect(brief(p.issues)).toEqual(expected.issues);
  });
});

describe("a file missing required headers", () => {
  it("names the missing headers of the layout it resembles, and imports nothing", async () => {
    const p = await parseAll(fixture("broken-missing-header.csv"));
    expect(p.file.layout).toBeNull();
    expect(p.orders).toEqual([]);
    expect(p.issues).toEqual([
      {
        row: 0,
        field: "header",
        key: "header.missing",
        params: { layout: "pdd-orders", headers: "订单状态, 商家实收金额(元)" },
        severity: "error",
        message:
          "The file looks like the Pinduoduo order export but lacks the column(s): 订单状态, 商家实收金额(元). Export the report with these columns, or save a column mapping.",
      },
    ]);
    expect(p.chunks).toHaveLength(1);
    expect(p.chunks[0]?.done).toBe(true);
  });
});

describe("Douyin 订单应付金额 on an order of several sub-orders", () => {
  const header =
    "主订单编号,子订单编号,选购商品,商品数量,商品ID,商家编码,商品金额,订单应付金额,支付完成时间,订单状态,售后状态";
  const row = (sub: string, sku: string, qty: number, unit: string, payable: string) =>
    `6900000000000000001,${sub},茶,${qty},3600000000001,${sku},${unit},"${payable}",2025-11-11 20:00:15,待发货,无售后`;
  const csv = (...rows: string[]) => new TextEncoder().encode([header, ...rows].join("\n"));
  const items = async (bytes: Uint8Array) => (await parseAll(bytes)).orders.map((o) => o.order.items);

  it("one total repeated on each row, above every row's list value, is split over the rows by list value", async () => {
    // ¥644.25 × 2 + ¥200.00 × 2 = ¥1,688.50: paid once for the order, not once per row.
    expect(await items(csv(row("S1", "TEA", 2, "¥644.25", "1,688.50"), row("S2", "CUP", 2, "200.00", "1,688.50")))).toEqual([
      [
        { sku: "TEA", quantity: 2, amountFen: 128850 },
        { sku: "CUP", quantity: 2, amountFen: 40000 },
      ],
    ]);
    // A discounted total is split the same way, exactly to the fen.
    const split = await items(csv(row("S1", "TEA", 1, "100.00", "150.00"), row("S2", "CUP", 1, "100.00", "150.00")));
    expect(split.map((lines) => lines.map((l) => l.amountFen))).toEqual([[7500, 7500]]);
  });

  it("values that differ, or that a row's list value reaches, are each row's own", async () => {
    expect(await items(csv(row("S1", "TEA", 2, "29.90", "49.80"), row("S2", "CUP", 1, "39.90", "35.90")))).toEqual([
      [
        { sku: "TEA", quantity: 2, amountFen: 4980 },
        { sku: "CUP", quantity: 1, amountFen: 3590 },
      ],
    ]);
    expect(await items(csv(row("S1", "TEA", 1, "39.90", "35.90"), row("S2", "CUP", 1, "39.90", "35.90")))).toEqual([
      [
        { sku: "TEA", quantity: 1, amountFen: 3590 },
        { sku: "CUP", quantity: 1, amountFen: 3590 },
      ],
    ]);
  });
});
