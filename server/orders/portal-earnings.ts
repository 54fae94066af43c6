/**
 * A distributor's own earnings in the portal (Earnings): the ledger balances, each commission
 * with the reason for its amount and where its order stands, and totals per month. Reads run in
 * the member's tenant transaction and only ever for the distributor the session resolves to;
 * other people appear masked (a buyer by the masked phone, a team member by a masked name).
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { commissions, distributors, memberIdentities, orderLines, orders, products } from "@/db/schema";
import { formatTrace } from "@/server/commission/engine";
import { commissionTrace } from "@/server/commission/stored-trace";
import type { Locale } from "@/server/i18n/config";
import { balancesOfOne } from "@/server/ledger/balances";
import { maskName } from "@/server/network/mask-name";
import { EARNING_STATES, type EarningState } from "./earning-states";

/**
 * Where a commission stands, as a distributor reads it. First match wins: the order was
 * cancelled; (part of) its line was refunded; it settled; it is held for review; its order is
 * completed and it waits out the after-sales window; its order is paid and not yet completed.
 */
export { EARNING_STATES, type EarningState };

const state = sql<EarningState>`case
  when ${orders.status} = 'cancelled' then 'cancelled'
  when ${orderLines.refundedFen} > 0 then 'refunded'
  when ${commissions.status} = 'settled' then 'settled'
  when ${commissions.status} = 'held' then 'held'
  when ${commissions.status} = 'cancelled' then 'cancelled'
  when ${orders.status} = 'completed' then 'completed'
  else 'pending' end`;

/**
 * The calendar month in Asia/Shanghai of the order's payment, as "YYYY-MM". China has kept
 * UTC+8 all year since 1991 (shanghai.ts), so a fixed offset is exact and needs no time-zone
 * data in the database.
 */
const shanghaiMonth = sql<string>`to_char((${orders.paidAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;

const tierOneDistributor = alias(distributors, "tier_one");

export interface EarningsPageInput {
  distributorId: string;
  state?: EarningState | null;
  limit: number;
  offset: number;
  locale: Locale;
}

function earningsWhere(distributorId: string, filter?: EarningState | null): SQL | undefined {
  return and(eq(commissions.distributorId, distributorId), filter ? sql`(${state}) = ${filter}` : undefined);
}

const withOrder = and(eq(orders.tenantId, commissions.tenantId), eq(orders.id, commissions.orderId));
const withLine = and(eq(orderLines.tenantId, commissions.tenantId), eq(orderLines.id, commissions.lineId));

/** A page of the distributor's commissions, newest order first, with each one's "why". */
export async function earningsPage(tx: Tx, input: EarningsPageInput) {
  const where = earningsWhere(input.distributorId, input.state);
  const [total] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(commissions)
    .innerJoin(orders, withOrder)
    .innerJoin(orderLines, withLine)
    .where(where);
  const rows = await tx
    .select({
      id: commissions.id,
      tier: commissions.tier,
      amountFen: commissions.amountFen,
      commissionStatus: commissions.status,
      settleAfter: commissions.settleAfter,
      settledAt: commissions.settledAt,
      trace: commissionTrace,
      state,
      channel: orders.channel,
      externalId: orders.externalId,
      orderStatus: orders.status,
      paidAt: orders.paidAt,
      buyerMemberId: orders.buyerMemberId,
      tierOneName: tierOneDistributor.name,
      sku: orderLines.sku,
      quantity: orderLines.quantity,
      lineAmountFen: orderLines.amountFen,
      refundedFen: orderLines.refundedFen,
      refundedQuantity: orderLines.refundedQuantity,
      productName: products.name,
    })
    .from(commissions)
    .innerJoin(orders, withOrder)
    .innerJoin(orderLines, withLine)
    .leftJoin(tierOneDistributor, and(eq(tierOneDistributor.tenantId, orders.tenantId), eq(tierOneDistributor.id, orders.distributorId)))
    .leftJoin(products, and(eq(products.tenantId, orderLines.tenantId), eq(products.sku, orderLines.sku)))
    .where(where)
    .orderBy(desc(orders.paidAt), desc(commissions.id))
    .limit(input.limit)
    .offset(input.offset);
  // The buyer is shown only on the distributor's own (tier 1) sales, by the masked phone stored
  // with the identity; on a team member's sale the team member is named, masked.
  const buyers = await maskedPhones(
    tx,
    rows.filter((r) => r.tier === 1).map((r) => r.buyerMemberId),
  );
  return {
    total: total?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      tier: r.tier,
      amountFen: Number(r.amountFen),
      state: r.state,
      commissionStatus: r.commissionStatus,
      orderStatus: r.orderStatus,
      channel: r.channel,
      orderNo: maskOrderNo(r.externalId),
      paidAt: r.paidAt,
      settleAfter: r.settleAfter,
      settledAt: r.settledAt,
      sku: r.sku,
      productName: r.productName,
      quantity: r.quantity,
      lineAmountFen: Number(r.lineAmountFen),
      refundedFen: Number(r.refundedFen),
      buyer: r.tier === 1 ? (buyers.get(r.buyerMemberId) ?? null) : null,
      teamMember: r.tier > 1 && r.tierOneName ? maskName(r.tierOneName) : null,
      why: formatTrace(
        r.trace,
        { amountFen: Number(r.lineAmountFen), refundedFen: Number(r.refundedFen), refundedQuantity: r.refundedQuantity },
        input.locale,
      ),
    })),
  };
}

/** "…3456": enough to match an order with the buyer's receipt, not to look it up. */
export function maskOrderNo(externalId: string): string {
  return externalId.length <= 4 ? externalId : `…${externalId.slice(-4)}`;
}

async function maskedPhones(tx: Tx, memberIds: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(memberIds)];
  if (!wanted.length) return new Map();
  const rows = await tx
    .select({ memberId: memberIdentities.memberId, masked: memberIdentities.masked })
    .from(memberIdentities)
    .where(and(inArray(memberIdentities.memberId, wanted), eq(memberIdentities.kind, "phone")))
    .orderBy(asc(memberIdentities.createdAt));
  const out = new Map<string, string>();
  for (const r of rows) if (r.masked && !out.has(r.memberId)) out.set(r.memberId, r.masked);
  return out;
}

/**
 * Totals per Asia/Shanghai month of payment, newest first (at most `months`): what the month's
 * orders earn now (after refunds and cancellations) and how much of that has settled.
 */
export async function earningsByMonth(tx: Tx, distributorId: string, months = 12) {
  const rows = await tx
    .select({
      month: shanghaiMonth,
      earnedFen: sql<string>`coalesce(sum(${commissions.amountFen}), 0)`,
      settledFen: sql<string>`coalesce(sum(${commissions.amountFen}) filter (where ${commissions.status} = 'settled'), 0)`,
      orders: sql<number>`count(distinct ${commissions.orderId})::int`,
    })
    .from(commissions)
    .innerJoin(orders, withOrder)
    .where(eq(commissions.distributorId, distributorId))
    .groupBy(shanghaiMonth)
    .orderBy(desc(shanghaiMonth))
    .limit(months);
  return rows.map((r) => ({
    month: String(r.month),
    earnedFen: Number(r.earnedFen),
    settledFen: Number(r.settledFen),
    orders: Number(r.orders),
  }));
}

/** The four balances the portal shows, straight from the ledger's cached account balances. */
export async function earningsBalances(tx: Tx, distributorId: string) {
  const b = await balancesOfOne(tx, distributorId);
  return { pendingFen: b.pendingFen, heldFen: b.heldFen, availableFen: b.availableFen, withdrawingFen: b.withdrawingFen, arrearsFen: b.arrearsFen };
}
