/**
 * Rows of a refund / after-sales export → refund events, grouped by the platform's refund
 * number (a refund covering several items spans consecutive rows). Only refunds that paid
 * money back become events; running cases mark their lines as open after-sales; closed or
 * rejected ones are noted, and end the case on their lines as a refund does.
 */
import { Grouper, type OpenGroup } from "./grouper";
import { makeIssue } from "./issues";
import type { RefundValues } from "./row-values";
import type { Channel, ImportIssue } from "./types";

export class RefundAssembler extends Grouper<RefundValues> {
  constructor(private readonly channel: Channel) {
    super(false);
  }

  protected notContiguous(row: number, id: string): ImportIssue {
    return makeIssue(row, "refundId", "refund.notContiguous", { refundId: id });
  }

  protected close(g: OpenGroup<RefundValues>): void {
    const [first] = g.values;
    if (!first) return;
    // Every refund record is a case: open, it holds its lines' settlement; ended, it lets it go
    // on (a refunded one only once its refund is an event below, so nothing settles in full
    // that was paid back).
    const cases = (list: "afterSalesOpen" | "afterSalesClosed") => {
      for (const v of g.values) this.out[list].push({ channel: this.channel, externalId: v.orderId, sku: v.sku, status: v.statusText, row: v.row });
    };
    if (first.meaning === "open") return cases("afterSalesOpen");
    if (first.meaning === "none") {
      cases("afterSalesClosed");
      this.out.issues.push(
        makeIssue(
          first.row,
          "afterSalesStatus",
          "refund.closed",
          { value: first.statusText },
          "note",
        ),
      );
      return;
    }
    const at = g.values.find((v) => v.at)?.at;
    if (!at) {
      for (const v of g.values)
        this.out.issues.push(makeIssue(v.row, "refundAt", "refund.atMissing"));
      return;
    }
    const items = new Map<string, number>();
    for (const v of g.values) items.set(v.sku, (items.get(v.sku) ?? 0) + v.amountFen);
    this.out.refunds.push({
      channel: this.channel,
      externalId: first.orderId,
      event: {
        type: "refund",
        refundId: g.id,
        items: [...items].map(([sku, amountFen]) => ({ sku, amountFen })),
        at,
      },
      basis: "refund_record",
      atSource: "column",
      rows: g.values.map((v) => v.row),
    });
    cases("afterSalesClosed");
  }
}
