/**
 * "Settled sales", the one definition levels and team bonuses count (DOMAIN.md §8: sales only,
 * never recruiting): an order attributed to a distributor, completed, whose after-sales window
 * ended in the period (`settle_after`), that risk control let through — allowed, or held for
 * review and released (it has a settled commission) — net of what has been refunded.
 */
import { sql, type SQL } from "drizzle-orm";

/** The filter on an `orders` alias `o` for settle_after in [from, to). */
export function settledOrderFilter(from: Date | null, to: Date): SQL {
  return sql`o.status = 'completed' and o.distributor_id is not null
    and o.settle_after < ${to.toISOString()}::timestamptz
    ${from ? sql`and o.settle_after >= ${from.toISOString()}::timestamptz` : sql``}
    and (o.risk_verdict = 'allow' or (o.risk_verdict = 'review' and exists (
      select 1 from commissions c where c.tenant_id = o.tenant_id and c.order_id = o.id and c.status = 'settled')))`;
}

/** An order's net amount now (its lines' paid amounts less refunds), for `o`. */
export const orderNetFen = sql`(o.amount_fen - o.refunded_fen)`;
