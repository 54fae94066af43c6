/**
 * The console's orders list (Order Settlement → Orders): one page with the total for the
 * screen, keyset chunks for the CSV export, both from the same filters and order.
 */
import { and, count, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributors, orders } from "@/db/schema";
import {
  brandDayEnd,
  brandDayStart,
  type OrderFilter,
  type OrderListInput,
} from "./console-schemas";
import {
  afterCursor,
  cursorKey,
  distributorMatches,
  orderByKeyset,
  startsWith,
  type Cursor,
  type Sort,
} from "./console-query";

function orderWhere(f: OrderFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [
    f.channel ? eq(orders.channel, f.channel) : undefined,
    f.status ? eq(orders.status, f.status) : undefined,
    f.attribution ? eq(orders.attributionSource, f.attribution) : undefined,
    f.paidFrom ? gte(orders.paidAt, brandDayStart(f.paidFrom)) : undefined,
    f.paidTo ? lt(orders.paidAt, brandDayEnd(f.paidTo)) : undefined,
    f.distributor ? distributorMatches(orders.distributorId, f.distributor) : undefined,
    f.externalId ? startsWith(orders.externalId, f.externalId) : undefined,
  ];
  if (f.risk) {
    conds.push(eq(orders.riskVerdict, f.risk));
    // Written out as a literal so even a generic plan sees it implies orders_risk_paid_idx's
    // predicate (a bound parameter would not prove it).
    if (f.risk !== "allow") conds.push(sql`${orders.riskVerdict} <> 'allow'`);
  }
  return and(...conds);
}

function orderSort(f: Pick<OrderFilter, "sort" | "dir">): Sort {
  return {
    column: f.sort === "amount" ? orders.amountFen : orders.paidAt,
    cast: f.sort === "amount" ? "bigint" : "timestamptz",
    desc: f.dir === "desc",
  };
}

/** The buyer's first identity as shown to staff (masked), a phone number first. */
const buyerMasked = sql<string | null>`(
  select mi.kind || ':' || mi.masked
  from member_identities mi
  join members m on m.tenant_id = mi.tenant_id and m.id = ${orders.buyerMemberId}
  where mi.tenant_id = ${orders.tenantId} and mi.member_id in (m.id, m.merged_into_id)
  order by (mi.kind = 'phone') desc, mi.created_at, mi.id
  limit 1)`;

const commissionFen = sql<string>`(select coalesce(sum(c.amount_fen), 0) from commissions c where c.tenant_id = ${orders.tenantId} and c.order_id = ${orders.id})`;

function selectRows(tx: Tx, sort: Sort) {
  return tx
    .select({
      id: orders.id,
      channel: orders.channel,
      externalId: orders.externalId,
      status: orders.status,
      paidAt: orders.paidAt,
      buyer: buyerMasked,
      amountFen: orders.amountFen,
      refundedFen: orders.refundedFen,
      commissionFen,
      distributorId: orders.distributorId,
      distributorName: distributors.name,
      distributorCode: distributors.code,
      attributionSource: orders.attributionSource,
      riskVerdict: orders.riskVerdict,
      sortKey: cursorKey(sort),
    })
    .from(orders)
    .leftJoin(
      distributors,
      and(eq(distributors.tenantId, orders.tenantId), eq(distributors.id, orders.distributorId)),
    );
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

function toRow(r: RawRow) {
  const [kind, ...masked] = r.buyer?.split(":") ?? [];
  return {
    id: r.id,
    channel: r.channel,
    externalId: r.externalId,
    status: r.status,
    paidAt: r.paidAt,
    buyer: kind ? { kind, masked: masked.join(":") } : null,
    amountFen: Number(r.amountFen),
    refundedFen: Number(r.refundedFen),
    commissionFen: Number(r.commissionFen),
    distributor:
      r.distributorId && r.distributorName && r.distributorCode
        ? { id: r.distributorId, name: r.distributorName, code: r.distributorCode }
        : null,
    attributionSource: r.attributionSource,
    riskVerdict: r.riskVerdict,
  };
}
export type ConsoleOrderRow = ReturnType<typeof toRow>;

export async function listOrders(tx: Tx, input: OrderListInput) {
  const where = orderWhere(input);
  const sort = orderSort(input);
  const [totalRow] = await tx.select({ n: count() }).from(orders).where(where);
  const rows = await selectRows(tx, sort)
    .where(where)
    .orderBy(...orderByKeyset(sort, orders.id))
    .limit(input.limit)
    .offset(input.offset);
  return { total: Number(totalRow?.n ?? 0), items: rows.map(toRow) };
}

/** Up to `limit` rows after `cursor` (from the start when null), and where the next chunk starts. */
export async function orderChunk(
  tx: Tx,
  filter: OrderFilter,
  cursor: Cursor | null,
  limit: number,
) {
  const sort = orderSort(filter);
  const rows = await selectRows(tx, sort)
    .where(and(orderWhere(filter), cursor ? afterCursor(sort, orders.id, cursor) : undefined))
    .orderBy(...orderByKeyset(sort, orders.id))
    .limit(limit);
  const last = rows.at(-1);
  return {
    rows: rows.map(toRow),
    next: rows.length === limit && last ? { key: last.sortKey, id: last.id } : null,
  };
}
