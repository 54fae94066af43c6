/**
 * The Risk Control Center's review queue: every order whose verdict is `review` or `block`,
 * with where it stands (open, approved, rejected, blocked), one page with its total for the
 * screen and keyset chunks for the CSV export over the same order. Flagged orders are few, so
 * the queue starts from orders_risk_paid_idx (verdict <> 'allow') and never walks all orders.
 *
 * An order is open while it has held commissions or nobody has decided on it yet: an order a
 * reviewer released and a later pattern raised again (retroactive review) is open once more.
 */
import { and, count, eq, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributors, orders } from "@/db/schema";
import { afterCursor, cursorKey, distributorMatches, orderByKeyset, type Cursor, type Sort } from "@/server/orders/console-query";
import { brandDayEnd, brandDayStart } from "@/server/orders/console-schemas";
import { yuanTextToFen } from "@/server/payouts/withdrawals/schemas";
import type { QueueFilter, QueueListInput, QueueState } from "./queue-schemas";

const heldFen = sql<string>`(select coalesce(sum(c.amount_fen), 0) from commissions c
  where c.tenant_id = ${orders.tenantId} and c.order_id = ${orders.id} and c.status = 'held')`;
const lastDecision = sql<string | null>`(select d.decision::text from risk_decisions d
  where d.tenant_id = ${orders.tenantId} and d.order_id = ${orders.id}
  order by d.created_at desc, d.id desc limit 1)`;
/** Where the order stands (the file comment): the same expression filters and is shown. */
export const queueState = sql<QueueState>`(case
  when ${orders.riskVerdict} = 'block' then 'blocked'
  when exists (select 1 from commissions c where c.tenant_id = ${orders.tenantId} and c.order_id = ${orders.id} and c.status = 'held') then 'open'
  else coalesce((select case d.decision when 'approve' then 'approved' else 'rejected' end from risk_decisions d
    where d.tenant_id = ${orders.tenantId} and d.order_id = ${orders.id}
    order by d.created_at desc, d.id desc limit 1), 'open')
  end)`;

function where(f: Partial<QueueFilter>): SQL | undefined {
  return and(
    // A literal, so every plan sees that orders_risk_paid_idx's predicate holds.
    sql`${orders.riskVerdict} <> 'allow'`,
    f.verdict ? eq(orders.riskVerdict, f.verdict) : undefined,
    f.state && f.state !== "all" ? sql`${queueState} = ${f.state}` : undefined,
    f.rule ? sql`${orders.riskRules} @> ${JSON.stringify([{ code: f.rule }])}::jsonb` : undefined,
    f.paidFrom ? gte(orders.paidAt, brandDayStart(f.paidFrom)) : undefined,
    f.paidTo ? lt(orders.paidAt, brandDayEnd(f.paidTo)) : undefined,
    f.minYuan ? gte(orders.amountFen, yuanTextToFen(f.minYuan)) : undefined,
    f.maxYuan ? lte(orders.amountFen, yuanTextToFen(f.maxYuan)) : undefined,
    f.distributor ? distributorMatches(orders.distributorId, f.distributor) : undefined,
  );
}

function sortOf(f: Pick<QueueFilter, "sort" | "dir">): Sort {
  return { column: f.sort === "amount" ? orders.amountFen : orders.paidAt, cast: f.sort === "amount" ? "bigint" : "timestamptz", desc: f.dir === "desc" };
}

function selectRows(tx: Tx, sort: Sort) {
  return tx
    .select({
      id: orders.id,
      channel: orders.channel,
      externalId: orders.externalId,
      paidAt: orders.paidAt,
      amountFen: orders.amountFen,
      verdict: orders.riskVerdict,
      rules: orders.riskRules,
      heldFen,
      state: queueState,
      lastDecision,
      distributorId: orders.distributorId,
      distributorName: distributors.name,
      distributorCode: distributors.code,
      sortKey: cursorKey(sort),
    })
    .from(orders)
    .leftJoin(distributors, and(eq(distributors.tenantId, orders.tenantId), eq(distributors.id, orders.distributorId)));
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

function toRow(r: RawRow) {
  return {
    id: r.id,
    channel: r.channel,
    externalId: r.externalId,
    paidAt: r.paidAt,
    amountFen: Number(r.amountFen),
    verdict: r.verdict as "review" | "block",
    rules: r.rules.map((x) => ({ code: x.code, action: x.action })),
    heldFen: Number(r.heldFen),
    state: r.state,
    distributor: r.distributorId && r.distributorCode ? { id: r.distributorId, name: r.distributorName ?? "", code: r.distributorCode } : null,
  };
}
export type QueueRow = ReturnType<typeof toRow>;

export async function listQueue(tx: Tx, input: QueueListInput) {
  const w = where(input);
  const sort = sortOf(input);
  const [total] = await tx.select({ n: count() }).from(orders).where(w);
  const [open] = await tx
    .select({ n: count(), held: sql<string>`coalesce(sum(${heldFen}), 0)` })
    .from(orders)
    .where(and(sql`${orders.riskVerdict} <> 'allow'`, sql`${queueState} = 'open'`));
  const rows = await selectRows(tx, sort).where(w).orderBy(...orderByKeyset(sort, orders.id)).limit(input.limit).offset(input.offset);
  return { total: Number(total?.n ?? 0), open: { count: Number(open?.n ?? 0), heldFen: Number(open?.held ?? 0) }, items: rows.map(toRow) };
}

export async function queueChunk(tx: Tx, filter: QueueFilter, cursor: Cursor | null, limit: number) {
  const sort = sortOf(filter);
  const rows = await selectRows(tx, sort)
    .where(and(where(filter), cursor ? afterCursor(sort, orders.id, cursor) : undefined))
    .orderBy(...orderByKeyset(sort, orders.id))
    .limit(limit);
  const last = rows.at(-1);
  return { rows: rows.map(toRow), next: rows.length === limit && last ? { key: last.sortKey, id: last.id } : null };
}
