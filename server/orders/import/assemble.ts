/**
 * An order's rows → the canonical order, its line refunds and its open after-sales cases
 * (grouping and the memory model: grouper.ts).
 */
import { Grouper, type OpenGroup } from "./grouper";
import { makeIssue } from "./issues";
import type { Layout } from "./layouts";
import { allocateFen } from "./money";
import { lineRefundId } from "./refund-id";
import type { LineValues } from "./row-values";
import type { Channel, ImportIssue, OrderInput, SkuSource } from "./types";

const instant = (iso: string) => new Date(iso).getTime();
const latest = (times: readonly string[]) =>
  times.reduce((a, b) => (instant(b) > instant(a) ? b : a));
const earliest = (times: readonly string[]) =>
  times.reduce((a, b) => (instant(b) < instant(a) ? b : a));
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

interface Line {
  sku: string;
  source: SkuSource;
  quantity: number;
  amountFen: number;
  refundFen: number;
  /** Every row of the line was cancelled: the whole line, units included, went back. */
  allCancelled: boolean;
  refundAt: string[];
  rows: number[];
}

/**
 * An order's amount split over its rows, to the fen: by list value (unit price × quantity), or
 * by quantity if any row lacks a unit price, since mixing the two would weigh fen against units.
 */
function splitOverRows(totalFen: number, rows: readonly LineValues[]): number[] {
  const byList = rows.every((r) => r.listFen !== null);
  return allocateFen(
    totalFen,
    rows.map((r) => (byList ? (r.listFen ?? 0) : r.quantity)),
  );
}

export class OrderAssembler extends Grouper<LineValues> {
  constructor(
    private readonly layout: Layout,
    private readonly channel: Channel,
  ) {
    super(layout.grain === "order");
  }

  protected notContiguous(row: number, id: string): ImportIssue {
    return this.layout.grain === "order"
      ? makeIssue(row, "orderId", "order.duplicate", { orderId: id })
      : makeIssue(row, "orderId", "order.notContiguous", { orderId: id });
  }

  /** Each row's commission base: the line amount, or its share of the order's amount. */
  private rowAmounts(rows: readonly LineValues[]): number[] {
    const first = rows[0];
    if (!first) return [];
    if (this.layout.amountScope === "order") {
      for (const r of rows) {
        if (r.amountFen !== first.amountFen) {
          this.out.issues.push(
            makeIssue(
              r.row,
              "amount",
              "amount.orderMismatch",
              { value: yuan(r.amountFen), first: yuan(first.amountFen) },
              "warning",
            ),
          );
        }
      }
      const base =
        first.postageFen <= first.amountFen ? first.amountFen - first.postageFen : first.amountFen;
      return splitOverRows(base, rows);
    }
    if (rows.every((r) => r.orderAmountFen !== null)) return this.fromOrderAmount(rows);
    // Order-level rows carry the buyer's whole payment; shipping is not commission base.
    return rows.map((r) =>
      this.layout.grain === "order" && r.postageFen <= r.amountFen
        ? r.amountFen - r.postageFen
        : r.amountFen,
    );
  }

  /**
   * Rows with no amount of their own, valued from the orderAmount column (Douyin's 订单应付金额).
   * One row: it is the order's amount. On several rows, one value repeated, above every row's
   * list value (unit price × quantity), can only be the order's total: it is split over the
   * rows by list value, as JD's is (by quantity when a row has no unit price). Values that
   * differ from row to row are each row's own. Reading a repeated total as each row's own
   * amount paid the order's commission once per row.
   */
  private fromOrderAmount(rows: readonly LineValues[]): number[] {
    const values = rows.map((r) => r.orderAmountFen ?? 0);
    const first = values[0] ?? 0;
    const byList = rows.every((r) => r.listFen !== null);
    const repeated = rows.length > 1 && values.every((v) => v === first);
    if (!repeated || (byList && rows.some((r) => (r.listFen ?? 0) >= first))) return values;
    return splitOverRows(first, rows);
  }

  /** What of the row went back to the buyer, in fen (capped at the row's amount). */
  private rowRefund(r: LineValues, amountFen: number): number {
    let refund = 0;
    if (r.status === "cancelled") refund = amountFen;
    else if (r.afterSales === "refunded") {
      if (r.refundFen) refund = r.refundFen;
      else {
        refund = amountFen;
        this.out.issues.push(
          makeIssue(
            r.row,
            "refundAmount",
            "refund.amountAssumed",
            { value: yuan(amountFen) },
            "note",
          ),
        );
      }
    } else if (r.afterSales === null && r.refundFen) refund = r.refundFen;
    if (refund > amountFen) {
      this.out.issues.push(
        makeIssue(
          r.row,
          "refundAmount",
          "refund.exceedsLine",
          { value: yuan(refund), line: yuan(amountFen) },
          "warning",
        ),
      );
      refund = amountFen;
    }
    return refund;
  }

  protected close(g: OpenGroup<LineValues>): void {
    const rows = g.values;
    const amounts = this.rowAmounts(rows);
    const cancelledOrder = rows.every((r) => r.status === "cancelled");
    const lines = new Map<string, Line>();
    rows.forEach((r, i) => {
      const amountFen = amounts[i] ?? 0;
      const refundFen = cancelledOrder ? 0 : this.rowRefund(r, amountFen);
      const line = lines.get(r.sku);
      if (line) {
        this.out.issues.push(makeIssue(r.row, "sku", "line.duplicateSku", { sku: r.sku }, "note"));
        line.quantity += r.quantity;
        line.amountFen += amountFen;
        line.refundFen += refundFen;
        line.allCancelled &&= r.status === "cancelled";
        if (r.refundAt) line.refundAt.push(r.refundAt);
        line.rows.push(r.row);
      } else {
        lines.set(r.sku, {
          sku: r.sku,
          source: r.skuSource,
          quantity: r.quantity,
          amountFen,
          refundFen,
          allCancelled: r.status === "cancelled",
          refundAt: r.refundAt ? [r.refundAt] : [],
          rows: [r.row],
        });
      }
      // A case the export shows open holds the line's settlement; one it shows ended (or none)
      // lets it go on. Without the column the file says nothing about after-sales.
      if (!cancelledOrder && r.afterSales !== null) {
        this.out[r.afterSales === "open" ? "afterSalesOpen" : "afterSalesClosed"].push({
          channel: this.channel,
          externalId: g.id,
          sku: r.sku,
          status: r.afterSalesText,
          row: r.row,
        });
      }
    });

    const live = rows.filter((r) => r.status !== "cancelled");
    const completed = live.length > 0 && live.every((r) => r.status === "completed");
    const status: OrderInput["status"] = cancelledOrder
      ? "cancelled"
      : completed
        ? "completed"
        : "paid";
    const paidAt = earliest(rows.map((r) => r.paidAt));
    const completedAt = completed
      ? latest(live.flatMap((r) => (r.completedAt ? [r.completedAt] : [])))
      : undefined;

    const identities: OrderInput["buyer"]["identities"] = [];
    for (const r of rows) {
      for (const id of r.identities) {
        if (!identities.some((x) => x.kind === id.kind && x.value === id.value))
          identities.push(id);
      }
    }
    const referral = rows.find((r) => r.referral)?.referral ?? null;
    for (const r of rows) {
      if (referral && r.referral && r.referral.code !== referral.code) {
        this.out.issues.push(
          makeIssue(
            r.row,
            "referralCode",
            "referral.conflict",
            { first: referral.code, value: r.referral.code },
            "note",
          ),
        );
      }
    }

    const order: OrderInput = {
      channel: this.channel,
      externalId: g.id,
      status,
      buyer: { identities },
      ...(referral ? { referralCode: referral.code } : {}),
      items: [...lines.values()].map((l) => ({
        sku: l.sku,
        quantity: l.quantity,
        amountFen: l.amountFen,
      })),
      paidAt,
      ...(completedAt ? { completedAt } : {}),
    };
    this.out.orders.push({
      order,
      rows: rows.map((r) => r.row),
      attribution: referral ? referral.source : identities.length ? "buyer_identity" : "none",
      lines: [...lines.values()].map((l) => ({ sku: l.sku, source: l.source, rows: l.rows })),
    });

    const orderTime = completedAt ?? latest(rows.map((r) => r.paidAt));
    for (const l of lines.values()) {
      if (l.refundFen === 0) continue;
      const fromColumn = l.refundAt.length > 0;
      this.out.refunds.push({
        channel: this.channel,
        externalId: g.id,
        event: {
          type: "refund",
          refundId: lineRefundId(this.channel, g.id, l.sku),
          items: [
            {
              sku: l.sku,
              amountFen: l.refundFen,
              ...(l.allCancelled ? { quantity: l.quantity } : {}),
            },
          ],
          at: fromColumn ? latest(l.refundAt) : orderTime,
        },
        basis: "line_total",
        atSource: fromColumn ? "column" : "order_time",
        rows: l.rows,
      });
    }
  }
}
