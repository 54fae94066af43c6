/**
 * The order as the public API shows it (DESIGN.md `GET /api/v1/orders/{channel}/{externalId}`):
 * attribution, risk, lines with what was refunded, and each commission with what it earns now
 * and a readable trace of why.
 */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { commissions, distributors, orderLines, orders } from "@/db/schema";
import { uuidArray } from "@/db/sql-uuid";
import { formatTrace } from "@/server/commission/engine";
import { commissionTrace } from "@/server/commission/stored-trace";
import { AppError } from "@/server/errors";
import { compareText } from "@/server/shared/compare";
import { shanghaiIso, shanghaiIsoOrNull } from "@/server/shared/time";
import type { Plan } from "./ingest-plan";

export async function findOrderId(tx: Tx, channel: string, externalId: string) {
  const [row] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.channel, channel as (typeof orders.$inferSelect)["channel"]), eq(orders.externalId, externalId)));
  return row?.id ?? null;
}

export async function orderView(tx: Tx, orderId: string, locale: "en" | "zh-CN" = "en") {
  const [view] = await orderViews(tx, [orderId], locale);
  return view!;
}

// Only the columns a view shows: the orders and commissions rows are wide (risk hashes, JSON),
// and decoding and mapping whole rows was a measurable part of answering every ingested order.
const HEAD_COLUMNS = {
  id: orders.id,
  channel: orders.channel,
  externalId: orders.externalId,
  status: orders.status,
  paidAt: orders.paidAt,
  completedAt: orders.completedAt,
  settleAfter: orders.settleAfter,
  attributionSource: orders.attributionSource,
  riskVerdict: orders.riskVerdict,
  riskRules: orders.riskRules,
};
const LINE_COLUMNS = {
  id: orderLines.id,
  orderId: orderLines.orderId,
  sku: orderLines.sku,
  category: orderLines.category,
  quantity: orderLines.quantity,
  amountFen: orderLines.amountFen,
  refundedFen: orderLines.refundedFen,
  refundedQuantity: orderLines.refundedQuantity,
};
const COMMISSION_COLUMNS = {
  orderId: commissions.orderId,
  lineId: commissions.lineId,
  tier: commissions.tier,
  amountFen: commissions.amountFen,
  status: commissions.status,
  ruleId: commissions.ruleId,
  ruleVersion: commissions.ruleVersion,
  trace: commissionTrace,
};

/** The three reads for orders `ids` (a uuid[] parameter), sent together: one round trip. */
function readViews(tx: Tx, ids: SQL) {
  return Promise.all([
    tx
      .select({ order: HEAD_COLUMNS, distributorCode: distributors.code })
      .from(orders)
      .leftJoin(distributors, and(eq(distributors.tenantId, orders.tenantId), eq(distributors.id, orders.distributorId)))
      .where(sql`${orders.id} = any(${ids})`),
    tx
      .select(LINE_COLUMNS)
      .from(orderLines)
      .where(sql`${orderLines.orderId} = any(${ids})`)
      .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo)),
    tx
      .select({ c: COMMISSION_COLUMNS, code: distributors.code })
      .from(commissions)
      .innerJoin(distributors, and(eq(distributors.tenantId, commissions.tenantId), eq(distributors.id, commissions.distributorId)))
      .where(sql`${commissions.orderId} = any(${ids})`)
      .orderBy(asc(commissions.orderId), asc(commissions.tier), asc(commissions.id)),
  ]);
}

/**
 * Several orders in three reads sent together (one round trip), in the order of `orderIds`:
 * right after ingest they run while the earners' account rows are still locked, until COMMIT.
 */
export async function orderViews(tx: Tx, orderIds: string[], locale: "en" | "zh-CN" = "en") {
  const [heads, lines, rows] = await readViews(tx, uuidArray([...new Set(orderIds)]));
  const headById = new Map(heads.map((h) => [h.order.id, h]));
  const linesOf = groupBy(lines, (l) => l.orderId);
  const commissionsOf = groupBy(rows, (r) => r.c.orderId);
  return orderIds.map((id) => {
    const o = headById.get(id);
    if (!o) throw new AppError("NOT_FOUND", "Order not found.");
    return viewOf(o, linesOf.get(id) ?? [], commissionsOf.get(id) ?? [], locale);
  });
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * The views of the orders a plan created, built from the rows it wrote rather than read back
 * (orderViews): a group commit answers each of its new orders, and the three reads (mostly the
 * commissions, seven rows an order) were 7% of Postgres's statement time per single order
 * (pg_stat_statements over bench:ingest's single-order load, 2026-12-06). The same rows give the same view: nothing else writes
 * them before COMMIT. `codeOf` names a distributor by id (the ingest state holds every one the
 * plan attributed to or paid); an order with a distributor it cannot name is left out, to be
 * read back. Orders an earlier segment created, or a later one may raise, are not in `plan`.
 */
export function plannedViews(plan: Plan, codeOf: (distributorId: string) => string | undefined, locale: "en" | "zh-CN" = "en"): Map<string, OrderView> {
  const linesOf = groupBy(
    plan.lines.map((l) => ({ ...l, refundedFen: 0, refundedQuantity: 0 })),
    (l) => l.orderId,
  );
  const commissionsOf = groupBy(plan.commissions, (c) => c.orderId);
  const out = new Map<string, OrderView>();
  for (const order of plan.orders) {
    const distributorCode = order.distributorId ? codeOf(order.distributorId) : null;
    const rows = (commissionsOf.get(order.id) ?? []).map((c) => ({ c, code: codeOf(c.distributorId) }));
    if (distributorCode === undefined || rows.some((r) => r.code === undefined)) continue;
    // orderViews' order: lines by number, commissions by tier, then id (uuidv7: time order).
    const lines = (linesOf.get(order.id) ?? []).sort((a, b) => a.lineNo - b.lineNo);
    rows.sort((a, b) => a.c.tier - b.c.tier || compareText(a.c.id, b.c.id));
    out.set(order.id, viewOf({ order: order as typeof order & ViewHead["order"], distributorCode }, lines, rows as { c: ViewCommission; code: string }[], locale));
  }
  return out;
}

type Reads = Awaited<ReturnType<typeof readViews>>;
type ViewHead = { order: Pick<Reads[0][number]["order"], Exclude<keyof typeof HEAD_COLUMNS, "id">>; distributorCode: string | null };
type ViewLine = Pick<Reads[1][number], Exclude<keyof typeof LINE_COLUMNS, "orderId">>;
type ViewCommission = Pick<Reads[2][number]["c"], Exclude<keyof typeof COMMISSION_COLUMNS, "orderId">> & { id?: string };

function viewOf(
  o: ViewHead,
  lines: ViewLine[],
  rows: { c: ViewCommission; code: string }[],
  locale: "en" | "zh-CN",
) {
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const { order } = o;
  return {
    channel: order.channel,
    externalId: order.externalId,
    status: order.status,
    paidAt: shanghaiIso(order.paidAt),
    completedAt: shanghaiIsoOrNull(order.completedAt),
    settleAfter: shanghaiIsoOrNull(order.settleAfter),
    attribution: { distributorCode: o.distributorCode ?? null, source: order.attributionSource },
    risk: { verdict: order.riskVerdict, rules: order.riskRules },
    items: lines.map((l) => ({
      sku: l.sku,
      category: l.category,
      quantity: l.quantity,
      amountFen: Number(l.amountFen),
      refundedFen: Number(l.refundedFen),
    })),
    commissions: rows.map(({ c, code }) => {
      const line = lineById.get(c.lineId)!;
      return {
        tier: c.tier,
        distributorCode: code,
        sku: line.sku,
        amountFen: Number(c.amountFen),
        status: c.status,
        ruleId: c.ruleId,
        ruleVersion: c.ruleVersion,
        trace: formatTrace(
          c.trace,
          { amountFen: Number(line.amountFen), refundedFen: Number(line.refundedFen), refundedQuantity: line.refundedQuantity },
          locale,
        ),
      };
    }),
  };
}
export type OrderView = Awaited<ReturnType<typeof orderView>>;
