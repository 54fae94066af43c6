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
      // No 商家编码: the 宝贝ID, as the item report gave that line; "2025/11/20 8:05".
      {
        channel: "taobao",
        externalId: "4204444444444444441",
        event: {
          type: "refund",
          refundId: "90001111111111119",
          items: [{ sku: "650005", amountFen: 3990 }],
          at: sh("2025-11-20 08:05:00"),
        },
        basis: "refund_record",
        atSource: "column",
        rows: [9],
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
      {
        channel: "taobao",
        externalId: "4207777777777777771",
        sku: "PJ-001",
        status: "卖家已经同意退款，等待买家退货",
        row: 7,
      },
      // The seller refused, but the buyer can still escalate: the case stays open.
      {
        channel: "taobao",
        externalId: "4202222222222222221",
        sku: "SCF-GRY",
        status: "卖家拒绝退款",
        row: 8,
      },
    ]);
    // Cases that ended: the refunded ones that became refunds, and the one closed without a
    // refund. Rows 10 and 11 became nothing, so they end no case.
    expect(p.afterSalesClosed.map((c) => [c.row, c.externalId, c.sku, c.status])).toEqual([
      [2, "4201111111111111111", "GLV-GRY", "退款成功"],
      [3, "4201111111111111111", "HAT-GRY", "退款成功"],
      [5, "4209999999999999991", "650009", "退款关闭"],
      [6, "4206666666666666661", "GLV-GRY", "退款成功"],
      [9, "4204444444444444441", "650005", "退款成功"],
    ]);
    expect(brief(p.issues)).toEqual([
      [5, "note", "refund.closed", { value: "退款关闭" }],
      [10, "error", "refund.idMissing", {}],
      [11, "error", "amount.invalid", { column: "买家退款金额", value: "abc" }],
    ]);
  });
});
