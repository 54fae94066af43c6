/**
 * Every sample export parses to exactly the records its rows describe (make-fixtures.ts says
 * what each row is meant to exercise). Expected values are written out by hand from the rows.
 */
import { describe, expect, it } from "vitest";
import { brief, fixture, parseAll, sh } from "./fixtures/parse-all";

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
      {
        channel: "pdd",
        externalId: "251113-086213450912354",
        event: {
          type: "refund",
          refundId: "3100000007",
          items: [{ sku: "TWL-W", amountFen: 5990 }],
          at: sh("2025-11-16 10:00:00"),
        },
        basis: "refund_record",
        atSource: "column",
        rows: [7],
      },
      // A second refund on the PLW line, under its own 售后编号: "￥50.00", "2025/11/14 9:30".
      {
        channel: "pdd",
        externalId: "251111-086213450912346",
        event: {
          type: "refund",
          refundId: "3100000010",
          items: [{ sku: "PLW", amountFen: 5000 }],
          at: sh("2025-11-14 09:30:00"),
        },
        basis: "refund_record",
        atSource: "column",
        rows: [10],
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
      {
        channel: "pdd",
        externalId: "251111-086213450912345",
        sku: "SET-18-W",
        status: "退货退款，待商家处理",
        row: 8,
      },
      {
        channel: "pdd",
        externalId: "251113-086213450912352",
        sku: "SLK-200",
        status: "商家同意退款，退款中",
        row: 9,
      },
    ]);
    expect(brief(p.issues)).toEqual([
      [5, "note", "refund.closed", { value: "平台拒绝退款，退款关闭" }],
      [6, "note", "refund.closed", { value: "买家撤销" }],
      [11, "error", "amount.tooPrecise", { column: "退款金额(元)", value: "12.345" }],
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
      {
        // 100.00 in three equal parts: the odd fen goes to the first line. Masked 下单帐号 and phone.
        order: {
          channel: "jd",
          externalId: "31234567897",
          status: "completed",
          buyer: { identities: [] },
          items: [
            { sku: "BOX-S", quantity: 1, amountFen: 3334 },
            { sku: "BOX-M", quantity: 1, amountFen: 3333 },
            { sku: "BOX-L", quantity: 1, amountFen: 3333 },
          ],
          paidAt: sh("2025-11-12 12:00:30"),
          completedAt: sh("2025-11-16 12:00:00"),
        },
        rows: [11, 12, 13],
        attribution: "none",
        lines: [
          { sku: "BOX-S", source: "merchant_code", rows: [11] },
          { sku: "BOX-M", source: "merchant_code", rows: [12] },
          { sku: "BOX-L", source: "merchant_code", rows: [13] },
        ],
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
