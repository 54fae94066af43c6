/**
 * Every sample export parses to exactly the records its rows describe (make-fixtures.ts says
 * what each row is meant to exercise). Expected values are written out by hand from the rows.
 */
import { describe, expect, it } from "vitest";
import { brief, fixture, parseAll, sh } from "./fixtures/parse-all";
import { lineRefundId } from "./refund-id";

describe("Taobao/Tmall order report, legacy (GBK CSV, trailing-space headers)", () => {
  it("gives one single-line order per paid row, with nick, unmasked phone and remark codes", async () => {
    const p = await parseAll(fixture("taobao-orders-legacy.gbk.csv"));
    expect(p.file).toMatchObject({
      format: "csv",
      encoding: "gb18030",
      layout: "taobao-orders-legacy",
      headerRow: 1,
    });
    expect(p.file.columns).toMatchObject({
      orderId: "订单编号",
      lineAmount: "买家实际支付金额",
      paidAt: "订单付款时间",
      title: "宝贝标题",
    });
    const title = (sku: string, rows: number[]) => [{ sku, source: "title", rows }];
    expect(p.orders).toEqual([
      {
        order: {
          channel: "taobao",
          externalId: "4061234567890123451",
          status: "completed",
          buyer: {
            identities: [
              { kind: "tmall_buyer", value: "tb_lucy2024" },
              { kind: "phone", value: "13812345678" },
            ],
          },
          referralCode: "K7M9PQ",
          items: [{ sku: "羊绒围巾 经典格纹", quantity: 1, amountFen: 25800 }],
          paidAt: sh("2025-11-11 00:03:12"),
          completedAt: sh("2025-11-16 10:20:00"),
        },
        rows: [2],
        attribution: "referral_remark",
        lines: title("羊绒围巾 经典格纹", [2]),
      },
      {
        // 1,244.50 paid including 10.00 postage; masked phone is no identity; code in 买家留言.
        order: {
          channel: "taobao",
          externalId: "4061234567890123452",
          status: "paid",
          buyer: { identities: [{ kind: "tmall_buyer", value: "小猫咪mimi" }] },
          referralCode: "ABC234",
          items: [{ sku: "真丝睡衣套装，羊绒围巾", quantity: 3, amountFen: 123450 }],
          paidAt: sh("2025-11-11 09:15:00"),
        },
        rows: [3],
        attribution: "referral_remark",
        lines: title("真丝睡衣套装，羊绒围巾", [3]),
      },
      {
        order: {
          channel: "taobao",
          externalId: "4061234567890123455",
          status: "cancelled",
          buyer: {
            identities: [
              { kind: "tmall_buyer", value: "tb_qian" },
              { kind: "phone", value: "13900001111" },
            ],
          },
          items: [{ sku: "真丝枕套", quantity: 1, amountFen: 19900 }],
          paidAt: sh("2025-11-11 10:00:00"),
        },
        rows: [6],
        attribution: "buyer_identity",
        lines: title("真丝枕套", [6]),
      },
      {
        order: {
          channel: "taobao",
          externalId: "4061234567890123456",
          status: "completed",
          buyer: { identities: [{ kind: "tmall_buyer", value: "tb_sun" }] },
          items: [{ sku: "羊毛被", quantity: 1, amountFen: 52000 }],
          paidAt: sh("2025-11-12 20:30:00"),
          completedAt: sh("2025-11-19 08:00:00"),
        },
        rows: [7],
        attribution: "buyer_identity",
        lines: title("羊毛被", [7]),
      },
      {
        // 交易成功 without 确认收货时间: imported as paid until the completion is known.
        order: {
          channel: "taobao",
          externalId: "4061234567890123457",
          status: "paid",
          buyer: { identities: [{ kind: "tmall_buyer", value: "tb_li" }] },
          items: [{ sku: "棉拖鞋", quantity: 1, amountFen: 4500 }],
          paidAt: sh("2025-11-13 08:00:00"),
        },
        rows: [9],
        attribution: "buyer_identity",
        lines: title("棉拖鞋", [9]),
      },
      {
        order: {
          channel: "taobao",
          externalId: "4061234567890123458",
          status: "paid",
          buyer: {
            identities: [
              { kind: "tmall_buyer", value: "tb_zhou" },
              { kind: "phone", value: "13900002222" },
            ],
          },
          items: [{ sku: "香薰蜡烛", quantity: 1, amountFen: 8880 }],
          paidAt: sh("2025-11-13 12:00:20"),
        },
        rows: [10],
        attribution: "buyer_identity",
        lines: title("香薰蜡烛", [10]),
      },
      {
        order: {
          channel: "taobao",
          externalId: "4061234567890123461",
          status: "paid",
          buyer: { identities: [{ kind: "tmall_buyer", value: "tb_feng" }] },
          items: [{ sku: "四件套，枕芯", quantity: 2, amountFen: 30000 }],
          paidAt: sh("2025-11-14 12:00:00"),
        },
        rows: [13],
        attribution: "buyer_identity",
        lines: title("四件套，枕芯", [13]),
      },
    ]);
    expect(p.refunds).toEqual([
      {
        channel: "taobao",
        externalId: "4061234567890123456",
        event: {
          type: "refund",
          refundId: "line-b1cd8b065d65503f6029e7df0a05f1bd",
          items: [{ sku: "羊毛被", amountFen: 12000 }],
          at: sh("2025-11-19 08:00:00"),
        },
        basis: "line_total",
        atSource: "order_time",
        rows: [7],
      },
    ]);
    expect(p.afterSalesOpen).toEqual([]);
    expect(brief(p.issues)).toEqual([
      [2, "note", "sku.fromTitle", { title: "羊绒围巾 经典格纹" }],
      [4, "note", "status.unpaid", { value: "等待买家付款" }],
      [5, "note", "status.closedUnpaid", { value: "交易关闭" }],
      [8, "error", "orderId.scientific", { value: "1.23457E+17" }],
      [9, "warning", "completedAt.missing", {}],
      [11, "error", "amount.tooPrecise", { column: "买家实际支付金额", value: "12.345" }],
      [12, "error", "status.unknown", { value: "已暂停" }],
      [13, "note", "phone.invalid", { value: "1381234567" }],
    ]);
  });
});

describe("Tmall order report, 2025 (XLSX)", () => {
  it("reads text, numeric and date cells, and takes the channel the brand names", async () => {
    const p = await parseAll(fixture("tmall-orders-2025.xlsx"), { channel: "tmall" });
    expect(p.file).toMatchObject({ format: "xlsx", layout: "taobao-orders", headerRow: 1 });
    const code = (sku: string, rows: number[]) => [{ sku, source: "merchant_code", rows }];
    const none = { identities: [] };
    expect(p.orders).toEqual([
      {
        order: {
          channel: "tmall",
          externalId: "4112233445566778801",
          status: "completed",
          buyer: none,
          items: [{ sku: "YRF-BLK-L", quantity: 1, amountFen: 39900 }],
          paidAt: sh("2025-11-11 00:00:05"),
          completedAt: sh("2025-11-18 09:00:00"),
        },
        rows: [2],
        attribution: "none",
        lines: code("YRF-BLK-L", [2]),
      },
      {
        order: {
          channel: "tmall",
          externalId: "4112233445566778802",
          status: "paid",
          buyer: none,
          referralCode: "XYZ789",
          items: [{ sku: "YRF-WHT-M", quantity: 2, amountFen: 109800 }],
          paidAt: sh("2025-11-11 00:10:00"),
        },
        rows: [3],
        attribution: "referral_remark",
        lines: code("YRF-WHT-M", [3]),
      },
      {
        order: {
          channel: "tmall",
          externalId: "4112233445566778804",
          status: "completed",
          buyer: none,
          items: [{ sku: "DRS-RED-S", quantity: 1, amountFen: 29900 }],
          paidAt: sh("2025-11-11 02:00:30"),
          completedAt: sh("2025-11-20 12:00:00"),
        },
        rows: [5],
        attribution: "none",
        lines: code("DRS-RED-S", [5]),
      },
      {
        order: {
          channel: "tmall",
          externalId: "4112233445566778807",
          status: "paid",
          buyer: { identities: [{ kind: "phone", value: "13698765432" }] },
          items: [{ sku: "YRF-BLK-L,DRS-RED-S", quantity: 2, amountFen: 69800 }],
          paidAt: sh("2025-11-11 05:01:00"),
        },
        rows: [8],
        attribution: "buyer_identity",
        lines: code("YRF-BLK-L,DRS-RED-S", [8]),
      },
      {
        order: {
          channel: "tmall",
          externalId: "4112233445566778808",
          status: "cancelled",
          buyer: none,
          items: [{ sku: "DRS-BLU-M", quantity: 1, amountFen: 19900 }],
          paidAt: sh("2025-11-12 08:00:10"),
        },
        rows: [9],
        attribution: "none",
        lines: code("DRS-BLU-M", [9]),
      },
      {
        // Title and remark are rich text in the sheet.
        order: {
          channel: "tmall",
          externalId: "4112233445566778809",
          status: "completed",
          buyer: none,
          referralCode: "K7M9PQ",
          items: [{ sku: "SHT-IVY-M", quantity: 1, amountFen: 15990 }],
          paidAt: sh("2025-11-12 09:00:10"),
          completedAt: sh("2025-11-19 09:00:00"),
        },
        rows: [10],
        attribution: "referral_remark",
        lines: code("SHT-IVY-M", [10]),
      },
      {
        order: {
          channel: "tmall",
          externalId: "4112233445566778810",
          status: "completed",
          buyer: none,
          items: [{ sku: "真丝衬衫", quantity: 1, amountFen: 25900 }],
          paidAt: sh("2025-11-12 10:00:10"),
          completedAt: sh("2025-11-19 10:00:00"),
        },
        rows: [11],
        attribution: "none",
        lines: [{ sku: "真丝衬衫", source: "title", rows: [11] }],
      },
    ]);
    expect(p.refunds).toEqual([
      {
        channel: "tmall",
        externalId: "4112233445566778804",
        event: {
          type: "refund",
          refundId: lineRefundId("tmall", "4112233445566778804", "DRS-RED-S"),
          items: [{ sku: "DRS-RED-S", amountFen: 5000 }],
          at: sh("2025-11-20 12:00:00"),
        },
        basis: "line_total",
        atSource: "order_time",
        rows: [5],
      },
    ]);
    expect(brief(p.issues)).toEqual([
      // The 19-digit number cell cannot hold the order number; the double it became is shown.
      [4, "error", "orderId.precisionLost", { value: "4112233445566778880" }],
      [6, "note", "status.closedUnpaid", { value: "交易关闭" }],
      [7, "note", "status.unpaid", { value: "等待买家付款" }],
      [8, "warning", "sku.several", { value: "YRF-BLK-L,DRS-RED-S" }],
      [11, "note", "sku.fromTitle", { title: "真丝衬衫" }],
    ]);
  });
});

describe("Taobao item report (per line)", () => {
  it("groups sub-orders into orders, refunds lines and marks open cases", async () => {
    const p = await parseAll(fixture("taobao-items.csv"));
    expect(p.file).toMatchObject({ format: "csv", encoding: "utf-8", layout: "taobao-items" });
    const none = { identities: [] };
    expect(p.orders).toEqual([
      {
        // The closed 羊绒帽 line stays on the order and is refunded in full, units included.
        order: {
          channel: "taobao",
          externalId: "4201111111111111111",
          status: "completed",
          buyer: none,
          referralCode: "ABC234",
          items: [
            { sku: "SCF-GRY", quantity: 1, amountFen: 26900 },
            { sku: "GLV-GRY", quantity: 2, amountFen: 17800 },
            { sku: "HAT-GRY", quantity: 1, amountFen: 11900 },
          ],
          paidAt: sh("2025-11-11 00:00:30"),
          completedAt: sh("2025-11-17 09:00:00"),
        },
        rows: [2, 3, 4],
        attribution: "referral_remark",
        lines: [
          { sku: "SCF-GRY", source: "merchant_code", rows: [2] },
          { sku: "GLV-GRY", source: "merchant_code", rows: [3] },
          { sku: "HAT-GRY", source: "merchant_code", rows: [4] },
        ],
      },
      {
        order: {
          channel: "taobao",
          externalId: "4202222222222222221",
          status: "paid",
          buyer: none,
          items: [{ sku: "SCF-GRY", quantity: 2, amountFen: 55800 }],
          paidAt: sh("2025-11-11 08:00:00"),
        },
        rows: [5, 6],
        attribution: "none",
        lines: [{ sku: "SCF-GRY", source: "merchant_code", rows: [5, 6] }],
      },
      {
        order: {
          channel: "taobao",
          externalId: "4203333333333333331",
          status: "paid",
          buyer: none,
          items: [{ sku: "PJ-001", quantity: 1, amountFen: 45900 }],
          paidAt: sh("2025-11-12 10:00:00"),
        },
        rows: [7],
        attribution: "none",
        lines: [{ sku: "PJ-001", source: "merchant_code", rows: [7] }],
      },
      {
        // No paid amount: 39.90 × 3; no merchant code: the item id.
        order: {
          channel: "taobao",
          externalId: "4204444444444444441",
          status: "completed",
          buyer: none,
          items: [{ sku: "650005", quantity: 3, amountFen: 11970 }],
          paidAt: sh("2025-11-12 11:00:00"),
          completedAt: sh("2025-11-18 11:00:00"),
        },
        rows: [8],
        attribution: "none",
        lines: [{ sku: "650005", source: "item_id", rows: [8] }],
      },
      {
        order: {
          channel: "taobao",
          externalId: "4206666666666666661",
          status: "completed",
          buyer: none,
          items: [{ sku: "GLV-GRY", quantity: 1, amountFen: 9900 }],
          paidAt: sh("2025-11-13 09:00:00"),
          completedAt: sh("2025-11-19 09:00:00"),
        },
        rows: [10],
        attribution: "none",
        lines: [{ sku: "GLV-GRY", source: "merchant_code", rows: [10] }],
      },
      {
        order: {
          channel: "taobao",
          externalId: "4207777777777777771",
          status: "paid",
          buyer: none,
          items: [{ sku: "PJ-001", quantity: 1, amountFen: 45900 }],
          paidAt: sh("2025-11-13 10:00:00"),
        },
        rows: [11],
        attribution: "none",
        lines: [{ sku: "PJ-001", source: "merchant_code", rows: [11] }],
      },
    ]);
    const refund = (
      orderId: string,
      sku: string,
      amountFen: number,
      at: string,
      rows: number[],
      quantity?: number,
    ) => ({
      channel: "taobao",
      externalId: orderId,
      event: {
        type: "refund",
        refundId: lineRefundId("taobao", orderId, sku),
        items: [{ sku, amountFen, ...(quantity ? { quantity } : {}) }],
        at: sh(at),
      },
      basis: "line_total",
      atSource: "order_time",
      rows,
    });
    expect(p.refunds).toEqual([
      refund("4201111111111111111", "GLV-GRY", 5000, "2025-11-17 09:00:00", [3]),
      refund("4201111111111111111", "HAT-GRY", 11900, "2025-11-17 09:00:00", [4], 1),
      refund("4206666666666666661", "GLV-GRY", 9900, "2025-11-19 09:00:00", [10]),
    ]);
    expect(p.afterSalesOpen).toEqual([
      {
        channel: "taobao",
        externalId: "4203333333333333331",
        sku: "PJ-001",
        status: "买家已经申请退款，等待卖家同意",
        row: 7,
      },
    ]);
    expect(brief(p.issues)).toEqual([
      [6, "note", "line.duplicateSku", { sku: "SCF-GRY" }],
      [9, "note", "status.unpaid", { value: "等待买家付款" }],
      [10, "note", "refund.amountAssumed", { value: "99.00" }],
      [12, "error", "order.notContiguous", { orderId: "4206666666666666661" }],
      [14, "error", "quantity.invalid", { value: "两" }],
      // Row 13 is fine but its order has a bad row: the order is held back whole.
      [13, "error", "order.incomplete", { rows: "14" }],
    ]);
  });
});

describe("Taobao refund report", () => {
  it("gives one refund event per refunded 退款编号 and marks running ones", async () => {
    const p = await parseAll(fixture("taobao-refunds.csv"));
    expect(p.file).toMatchObject({
      format: "csv",
      encoding: "utf-8-bom",
      layout: "taobao-refunds",
    });
    expect(p.orders).toEqual([]);
    expect(p.refunds).toEqual([
      {
        channel: "taobao",
        externalId: "4201111111111111111",
        event: {
          type: "refund",
          refundId: "90001111111111111",
          items: [{ sku: "GLV-GRY", amountFen: 5000 }],
          at: sh("2025-11-18 12:00:00"),
        },
        basis: "refund_record",
        atSource: "column",
        rows: [2],
      },
      {
        channel: "taobao",
        externalId: "4201111111111111111",
        event: {
          type: "refund",
          refundId: "90001111111111112",
          items: [{ sku: "HAT-GRY", amountFen: 11900 }],
          at: sh("2025-11-11 09:00:00"),
        },
        basis: "refund_record",
        atSource: "column",
        rows: [3],
      },
      // 退款完结时间 is blank: the application time (the next refund-time column) is used.
      {
        channel: "taobao",
        externalId: "4206666666666666661",
        event: {
          type: "refund",
          refundId: "90001111111111115",
          items: [{ sku: "GLV-GRY", amountFen: 9900 }],
          at: sh("2025-11-19 10:00:00"),
        },
        basis: "refund_record",
        atSource: "column",
        rows: [6],
      },
    ]);
    expect(p.afterSalesOpen).toEqual([
      {
        channel: "taobao",
        externalId: "4203333333333333331",
        sku: "PJ-001",
        status: "买家已经申请退款，等待卖家同意",
        row: 4,
      },
    ]);
    expect(brief(p.issues)).toEqual([
      [5, "note", "refund.closed", { value: "退款关闭" }],
      [7, "error", "refund.idMissing", {}],
      [8, "error", "amount.invalid", { column: "买家退款金额", value: "abc" }],
    ]);
  });
});

describe("PDD orders (GBK CSV)", () => {
  it("reads each row as its order's one goods, with 售后状态 as refunds and open cases", async () => {
    const p = await parseAll(fixture("pdd-orders.gbk.csv"));
    expect(p.file).toMatchObject({ format: "csv", encoding: "gb18030", layout: "pdd-orders" });
    const o = (
      externalId: string,
      status: string,
      [sku, source]: [string, string],
      quantity: number,
      amountFen: number,
      paid: string,
      row: number,
      extra: { completedAt?: string; referralCode?: string; phone?: string } = {},
    ) => ({
      order: {
        channel: "pdd",
        externalId,
        status,
        buyer: { identities: extra.phone ? [{ kind: "phone", value: extra.phone }] : [] },
        ...(extra.referralCode ? { referralCode: extra.referralCode } : {}),
        items: [{ sku, quantity, amountFen }],
        paidAt: sh(paid),
        ...(extra.completedAt ? { completedAt: sh(extra.completedAt) } : {}),
      },
      rows: [row],
      attribution: extra.referralCode ? "referral_remark" : extra.phone ? "buyer_identity" : "none",
      lines: [{ sku, source, rows: [row] }],
    });
    expect(p.orders).toEqual([
      // 商家实收金额 189.00, not the buyer's 184.00; the masked phone is no identity.
      o(
        "251111-086213450912345",
        "completed",
        ["SET-18-W", "merchant_code"],
        1,
        18900,
        "2025-11-11 00:05:00",
        2,
        { completedAt: "2025-11-16 09:30:00" },
      ),
      // 规格维度 blank → 商品维度; "1,299.00"; full-width comma in the status; code in 买家留言.
      o(
        "251111-086213450912346",
        "paid",
        ["PLW", "merchant_code"],
        2,
        129900,
        "2025-11-11 01:00:00",
        3,
        { referralCode: "K7M9PQ" },
      ),
      o(
        "251111-086213450912347",
        "cancelled",
        ["SET-15-W", "merchant_code"],
        1,
        19900,
        "2025-11-11 02:00:00",
        4,
      ),
      o(
        "251112-086213450912348",
        "completed",
        ["SET-15-G", "merchant_code"],
        1,
        8900,
        "2025-11-12 08:00:00",
        5,
        { completedAt: "2025-11-18 10:00:00" },
      ),
      o(
        "251112-086213450912349",
        "paid",
        ["PLW-1", "merchant_code"],
        1,
        64950,
        "2025-11-12 09:00:00",
        6,
      ),
      // Both merchant codes blank: the 样式ID.
      o(
        "251112-086213450912351",
        "paid",
        ["1122334408", "sku_id"],
        1,
        89900,
        "2025-11-12 12:00:00",
        8,
      ),
      // 已收货 without 确认收货时间: paid until the completion is known.
      o(
        "251113-086213450912352",
        "paid",
        ["SLK-200", "merchant_code"],
        1,
        89900,
        "2025-11-13 08:00:00",
        9,
      ),
      // 商家实收 blank → 用户实付 59.90; an unmasked phone; "fx:abc234" in 商家备注.
      o(
        "251113-086213450912353",
        "paid",
        ["TWL-W", "merchant_code"],
        1,
        5990,
        "2025-11-13 09:00:00",
        10,
        { referralCode: "ABC234", phone: "13512345678" },
      ),
      // "已发货,待签收 " (half-width comma, trailing space) is the same status.
      o(
        "251113-086213450912354",
        "paid",
        ["TWL-W", "merchant_code"],
        2,
        11980,
        "2025-11-13 10:00:00",
        11,
      ),
    ]);
    expect(p.refunds).toEqual([
      {
        channel: "pdd",
        externalId: "251112-086213450912348",
        event: {
          type: "refund",
          refundId: "line-60d4b32820a0889f45ec65c8b4d08e45",
          items: [{ sku: "SET-15-G", amountFen: 8900 }],
          at: sh("2025-11-18 10:00:00"),
        },
        basis: "line_total",
        atSource: "order_time",
        rows: [5],
      },
    ]);
    expect(p.afterSalesOpen).toEqual([
      {
        channel: "pdd",
        externalId: "251112-086213450912349",
        sku: "PLW-1",
        status: "售后处理中",
        row: 6,
      },
    ]);
    expect(brief(p.issues)).toEqual([
      [5, "note", "refund.amountAssumed", { value: "89.00" }],
      [7, "note", "status.unpaid", { value: "待支付" }],
      [9, "warning", "completedAt.missing", {}],
      [12, "error", "quantity.invalid", { value: "0" }],
    ]);
  });
});

describe("PDD after-sales (GBK CSV)", () => {
  it("turns 退款成功 cases into refund events keyed by 售后编号", async () => {
    const p = await parseAll(fixture("pdd-refunds.gbk.csv"));
    expect(p.file).toMatchObject({ encoding: "gb18030", layout: "pdd-refunds" });
    expect(p.refunds).toEqual([
      {
        channel: "pdd",
        externalId: "251112-086213450912348",
        event: {
          type: "refund",
          refundId: "3100000001",
          items: [{ sku: "SET-15-G", amountFen: 8900 }],
          at: sh("2025-11-18 10:00:00"),
        },
        basis: "refund_record",
        atSource: "column",
        rows: [2],
      },
      // 规格维度 blank → 商品维度 PLW, the SKU the order import gave that line.
      {
        channel: "pdd",
        externalId: "251111-086213450912346",
        event: {
          type: "refund",
          refundId: "3100000003",
          items: [{ sku: "PLW", amountFen: 10000 }],
          at: sh("2025-11-13 12:00:00"),
        },
        basis: "refund_record",
        atSource: "column",
        rows: [4],
      },
    ]);
    expect(p.afterSalesOpen).toEqual([
      {
        channel: "pdd",
        externalId: "251112-086213450912349",
        sku: "PLW-1",
        status: "售后处理中",
        row: 3,
      },
    ]);
    expect(brief(p.issues)).toEqual([
      [5, "note", "refund.closed", { value: "平台拒绝退款，退款关闭" }],
      [6, "note", "refund.closed", { value: "买家撤销" }],
      [7, "error", "amount.tooPrecise", { column: "退款金额(元)", value: "12.345" }],
    ]);
  });
});

describe("JD orders (UTF-8 BOM CSV, one row per SKU)", () => {
  it("splits the order's 应付金额 over its SKUs by 京东价 × 数量 and reads 下单帐号 as jd_pin", async () => {
    const p = await parseAll(fixture("jd-orders.utf8-bom.csv"));
    expect(p.file).toMatchObject({ format: "csv", encoding: "utf-8-bom", layout: "jd-orders" });
    expect(p.orders).toEqual([
      {
        // 932.45 split 758×1 : 113×3 = 75800 : 33900 → 644.30 + 288.15.
        order: {
          channel: "jd",
          externalId: "31234567890",
          status: "completed",
          buyer: {
            identities: [
              { kind: "jd_pin", value: "jd_4f8a2c" },
              { kind: "phone", value: "13900001111" },
            ],
          },
          referralCode: "ABC234",
          items: [
            { sku: "WB-PRO", quantity: 1, amountFen: 64430 },
            { sku: "100012345679", quantity: 3, amountFen: 28815 },
          ],
          paidAt: sh("2025-11-11 00:00:30"),
          completedAt: sh("2025-11-15 18:00:00"),
        },
        rows: [2, 3],
        attribution: "referral_remark",
        lines: [
          { sku: "WB-PRO", source: "merchant_code", rows: [2] },
          { sku: "100012345679", source: "item_id", rows: [3] },
        ],
      },
      {
        // 199.00 payable less 6.00 freight.
        order: {
          channel: "jd",
          externalId: "31234567891",
          status: "paid",
          buyer: { identities: [{ kind: "jd_pin", value: "jd_77b1" }] },
          items: [{ sku: "EB-01", quantity: 1, amountFen: 19300 }],
          paidAt: sh("2025-11-11 08:01:00"),
        },
        rows: [4],
        attribution: "buyer_identity",
        lines: [{ sku: "EB-01", source: "merchant_code", rows: [4] }],
      },
      {
        order: {
          channel: "jd",
          externalId: "31234567892",
          status: "cancelled",
          buyer: { identities: [{ kind: "jd_pin", value: "jd_c9d0" }] },
          items: [{ sku: "EB-01", quantity: 1, amountFen: 19900 }],
          paidAt: sh("2025-11-11 09:00:40"),
        },
        rows: [5],
        attribution: "buyer_identity",
        lines: [{ sku: "EB-01", source: "merchant_code", rows: [5] }],
      },
      {
        // The rows disagree on the total (500 vs 520): the first is used and the second flagged.
        order: {
          channel: "jd",
          externalId: "31234567895",
          status: "paid",
          buyer: {
            identities: [
              { kind: "jd_pin", value: "jd_5c6d" },
              { kind: "phone", value: "13900005555" },
            ],
          },
          items: [
            { sku: "PB-20K", quantity: 1, amountFen: 30000 },
            { sku: "CB-1M", quantity: 1, amountFen: 20000 },
          ],
          paidAt: sh("2025-11-12 10:00:30"),
        },
        rows: [8, 9],
        attribution: "buyer_identity",
        lines: [
          { sku: "PB-20K", source: "merchant_code", rows: [8] },
          { sku: "CB-1M", source: "merchant_code", rows: [9] },
        ],
      },
      {
        order: {
          channel: "jd",
          externalId: "31234567896",
          status: "paid",
          buyer: { identities: [{ kind: "jd_pin", value: "jd_7e8f" }] },
          referralCode: "XYZ789",
          items: [{ sku: "SPK-MINI", quantity: 2, amountFen: 29800 }],
          paidAt: sh("2025-11-12 11:00:20"),
        },
        rows: [10],
        attribution: "referral_remark",
        lines: [{ sku: "SPK-MINI", source: "merchant_code", rows: [10] }],
      },
    ]);
    expect(p.refunds).toEqual([]);
    expect(brief(p.issues)).toEqual([
      [5, "note", "status.deleted", { value: "(删除)等待出库" }],
      [6, "note", "status.unpaid", { value: "等待付款" }],
      [7, "note", "status.closedUnpaid", { value: "已取消" }],
      [9, "warning", "amount.orderMismatch", { value: "520.00", first: "500.00" }],
    ]);
  });
});

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
