/**
 * The row issues the fixtures do not reach, each from a small export that has just that
 * problem. Every issue carries a stable key, the values its message names, and the row.
 */
import { describe, expect, it } from "vitest";
import { brief, parseAll, sh } from "./fixtures/parse-all";
import { lineRefundId } from "./refund-id";

const utf8 = (s: string) => new TextEncoder().encode(s);
const file = (...lines: string[]) => utf8(lines.join("\n"));

/** Taobao 2025 order report: one row per order. */
const TB = "订单编号,订单状态,买家实付金额,订单付款时间,确认收货时间,商家编码,退款金额";
/** Douyin per-line export. */
const DY =
  "主订单编号,商家编码,商品数量,商品金额,订单状态,售后状态,支付完成时间,订单完成时间,买家留言";

describe("row issues", () => {
  it("status: missing", async () => {
    const p = await parseAll(file(TB, "4112233445566778801,,10.00,2025-11-11 00:00:01,,A,"));
    expect(brief(p.issues)).toEqual([[2, "error", "status.missing", {}]]);
  });

  it("time: a date that is not one; paidAt: missing on a paid order", async () => {
    const p = await parseAll(
      file(
        TB,
        "1001,交易成功,10.00,2025-13-01 00:00:00,2025-11-15 00:00:00,A,",
        "1002,买家已付款，等待卖家发货,10.00,,,A,",
      ),
    );
    expect(brief(p.issues)).toEqual([
      [2, "error", "time.invalid", { column: "订单付款时间", value: "2025-13-01 00:00:00" }],
      [3, "error", "paidAt.missing", {}],
    ]);
    expect(p.orders).toEqual([]);
  });

  it("order: a one-row-per-order export naming an order twice", async () => {
    const p = await parseAll(
      file(
        TB,
        "1001,交易关闭,10.00,2025-11-11 00:00:01,,A,",
        "1001,交易关闭,10.00,2025-11-11 00:00:01,,A,",
      ),
    );
    expect(brief(p.issues)).toEqual([[3, "error", "order.duplicate", { orderId: "1001" }]]);
    expect(p.orders.map((o) => o.rows)).toEqual([[2]]);
  });

  it("refund: more than the line is capped at the line, with a warning", async () => {
    const p = await parseAll(
      file(TB, "1001,交易成功,10.00,2025-11-11 00:00:01,2025-11-15 00:00:00,A,12.00"),
    );
    expect(brief(p.issues)).toEqual([
      [2, "warning", "refund.exceedsLine", { value: "12.00", line: "10.00" }],
    ]);
    expect(p.refunds.map((r) => r.event)).toEqual([
      {
        type: "refund",
        refundId: lineRefundId("taobao", "1001", "A"),
        items: [{ sku: "A", amountFen: 1000 }],
        at: sh("2025-11-15 00:00:00"),
      },
    ]);
  });

  it("quantity: missing; sku: none of the product columns filled", async () => {
    const p = await parseAll(
      file(
        DY,
        "6900000000000000001,A,,5.00,待发货,,2025-11-11 10:00:00,,",
        "6900000000000000002,,1,5.00,待发货,,2025-11-11 10:00:00,,",
      ),
    );
    expect(brief(p.issues)).toEqual([
      [2, "error", "quantity.missing", {}],
      [3, "error", "sku.missing", {}],
    ]);
  });

  it("sku: a code Excel shortened is passed over for the next identifier", async () => {
    const header = "主订单编号,商家编码,商品ID,商品数量,商品金额,订单状态,支付完成时间";
    const p = await parseAll(
      file(
        header,
        "6900000000000000001,6.9012E+12,3601234567890,1,5.00,待发货,2025-11-11 10:00:00",
      ),
    );
    expect(brief(p.issues)).toEqual([[2, "note", "sku.scientific", { value: "6.9012E+12" }]]);
    expect(p.orders[0]?.lines).toEqual([{ sku: "3601234567890", source: "item_id", rows: [2] }]);
  });

  it("amount: a unit price × quantity beyond the safe range", async () => {
    const p = await parseAll(
      file(DY, "6900000000000000001,A,9999999,99999999999.00,待发货,,2025-11-11 10:00:00,,"),
    );
    expect(brief(p.issues)).toEqual([
      [2, "error", "amount.tooLarge", { column: "商品金额", value: "9999999999900 × 9999999" }],
    ]);
  });

  it("afterSales: an unknown status is a warning; the order still comes in", async () => {
    const p = await parseAll(
      file(DY, "6900000000000000001,A,1,5.00,待发货,换货中,2025-11-11 10:00:00,,"),
    );
    expect(brief(p.issues)).toEqual([[2, "warning", "afterSales.unknown", { value: "换货中" }]]);
    expect(p.orders).toHaveLength(1);
    expect(p.afterSalesOpen).toEqual([]);
  });

  it("referral: the order's rows naming different codes keep the first", async () => {
    const p = await parseAll(
      file(
        DY,
        "6900000000000000001,A,1,5.00,待发货,,2025-11-11 10:00:00,,fx:ABC234",
        "6900000000000000001,B,1,5.00,待发货,,2025-11-11 10:00:00,,fx:XYZ789",
      ),
    );
    expect(brief(p.issues)).toEqual([
      [3, "note", "referral.conflict", { first: "ABC234", value: "XYZ789" }],
    ]);
    expect(p.orders[0]?.order.referralCode).toBe("ABC234");
  });

  it("refund exports: a refund without a time, and a refund number split across the file", async () => {
    const header = "退款编号,订单编号,商家编码,买家退款金额,退款状态,退款完结时间";
    const p = await parseAll(
      file(
        header,
        "9001,1001,A,5.00,退款成功,",
        "9002,1002,A,5.00,退款成功,2025-11-12 00:00:00",
        "9001,1001,B,5.00,退款成功,2025-11-12 00:00:00",
      ),
    );
    expect(brief(p.issues)).toEqual([
      [2, "error", "refund.atMissing", {}],
      [4, "error", "refund.notContiguous", { refundId: "9001" }],
    ]);
    expect(p.refunds.map((r) => r.event.refundId)).toEqual(["9002"]);
  });

  it("refund exports: one refund over several rows is one event with an item per SKU", async () => {
    const header = "退款编号,订单编号,商家编码,买家退款金额,退款状态,退款完结时间";
    const p = await parseAll(
      file(
        header,
        "9001,1001,A,5.00,退款成功,2025-11-12 00:00:00",
        "9001,1001,B,2.50,退款成功,2025-11-12 00:00:00",
        "9001,1001,A,1.00,退款成功,2025-11-12 00:00:00",
      ),
    );
    expect(p.refunds.map((r) => [r.event, r.rows])).toEqual([
      [
        {
          type: "refund",
          refundId: "9001",
          items: [
            { sku: "A", amountFen: 600 },
            { sku: "B", amountFen: 250 },
          ],
          at: sh("2025-11-12 00:00:00"),
        },
        [2, 3, 4],
      ],
    ]);
  });
});
