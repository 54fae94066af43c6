/**
 * Refund ids must be the same every time the same refund is imported, so the API's "a
 * repeated refundId is a no-op" makes re-imports harmless.
 *
 * - A refund export names each refund (退款编号 / 售后编号): that id is used as is.
 * - An order export only says how much of a line has been refunded in total. Its id is derived
 *   from what names the line — channel, order number, SKU — and NOT from the amount: the same
 *   or a later export then never refunds the line twice. (A total that grows later is the
 *   caller's to post as a difference under its own id; see ImportedRefund.basis.)
 */
import { createHash } from "node:crypto";

export function lineRefundId(channel: string, externalId: string, sku: string): string {
  const digest = createHash("sha256")
    .update(`${channel}\u0000${externalId}\u0000${sku}`)
    .digest("hex");
  return `line-${digest.slice(0, 32)}`;
}
