/**
 * A distributor's risk profile in the Risk Control Center (issue 10 item 3): its score, its
 * flagged orders and the decisions on them, and the accounts linked to it — members who share
 * a device, a shipping address or a bank card with it or with its buyers, and distributors it
 * buys through or who buy through it — as a small graph (at most MAX_NODES nodes) for the page
 * to draw. Everything shown is masked or a code; hashes never leave the server.
 */
import { and, count, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributors, orders, riskDecisions } from "@/db/schema";
import { rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { balancesOfOne } from "@/server/ledger/balances";
import { findClusters, type LinkKind } from "./detect/graph";
import { boughtThroughEdges, distributorsOfMembers, maskedMembers, sharedLinks } from "./detect/load";
import { riskScore } from "./score";

export const PROFILE_WINDOW_DAYS = 90;
export const MAX_NODES = 40;

export interface GraphNode {
  id: string;
  kind: "distributor" | "buyer";
  label: string;
  /** The distributor the profile is about. */
  self: boolean;
  /** The distributor's id, for a link to its own profile. */
  distributorId: string | null;
}
export interface GraphEdge {
  a: string;
  b: string;
  kind: LinkKind | "bought";
}

export async function distributorRiskProfile(tx: Tx, distributorId: string, now = new Date()) {
  const [d] = await tx
    .select({ id: distributors.id, code: distributors.code, name: distributors.name, status: distributors.status, memberId: distributors.memberId })
    .from(distributors)
    .where(eq(distributors.id, distributorId));
  if (!d) throw new AppError("NOT_FOUND", "Distributor not found.");
  const since = new Date(now.getTime() - PROFILE_WINDOW_DAYS * 86_400_000);

  const [stats] = await tx
    .select({
      orders: count(),
      review: sql<number>`count(*) filter (where ${orders.riskVerdict} = 'review')::int`,
      blocked: sql<number>`count(*) filter (where ${orders.riskVerdict} = 'block')::int`,
    })
    .from(orders)
    .where(and(eq(orders.distributorId, d.id), gte(orders.paidAt, since)));
  const [decided] = rowsOf<{ approved: number; rejected: number }>(
    await tx.execute(sql`
      select count(*) filter (where d.decision = 'approve')::int as approved, count(*) filter (where d.decision = 'reject')::int as rejected
      from risk_decisions d join orders o on o.tenant_id = d.tenant_id and o.id = d.order_id
      where o.distributor_id = ${d.id}`),
  );

  // The linked accounts: the clusters that contain the distributor or one of its recent buyers.
  const buyers = rowsOf<{ m: string }>(
    await tx.execute(sql`select distinct buyer_member_id::text as m from orders where distributor_id = ${d.id} and paid_at >= ${since.toISOString()}::timestamptz`),
  ).map((r) => r.m);
  const seeds = new Set([d.memberId, ...buyers]);
  const links = await sharedLinks(tx, since);
  const clusters = findClusters(links, 2).filter((c) => c.nodes.some((n) => seeds.has(n)));
  const members = new Set<string>([d.memberId]);
  const edges: GraphEdge[] = [];
  for (const c of clusters) for (const n of c.nodes) if (members.size < MAX_NODES) members.add(n);
  // One edge per identifier and member, drawn as a star from the identifier's first member: a
  // farm of 30 on one device reads as one hub, not 435 lines.
  const byValue = new Map<string, string[]>();
  for (const l of links) {
    if (!members.has(l.node)) continue;
    const k = `${l.kind}\u0000${l.value}`;
    byValue.set(k, [...(byValue.get(k) ?? []), l.node]);
  }
  for (const [k, nodes] of byValue) {
    const kind = k.split("\u0000")[0] as LinkKind;
    for (const n of nodes.slice(1)) edges.push({ a: nodes[0]!, b: n, kind });
  }
  // Linked members who bought through it are joined to it by the purchase too.
  for (const m of members) if (m !== d.memberId && buyers.includes(m)) edges.push({ a: d.memberId, b: m, kind: "bought" });
  // Distributors it buys through, or who buy through it (the ring edges), by their members.
  const ring = (await boughtThroughEdges(tx, since)).filter((e) => e.from === d.id || e.to === d.id);
  const other = ring.map((e) => (e.from === d.id ? e.to : e.from));
  if (other.length) {
    const rows = await tx.select({ id: distributors.id, memberId: distributors.memberId }).from(distributors).where(inArray(distributors.id, other));
    const memberOf = new Map(rows.map((r) => [r.id, r.memberId]));
    for (const e of ring) {
      const from = e.from === d.id ? d.memberId : memberOf.get(e.from);
      const to = e.to === d.id ? d.memberId : memberOf.get(e.to);
      if (!from || !to) continue;
      if (members.size >= MAX_NODES && (!members.has(from) || !members.has(to))) continue;
      members.add(from);
      members.add(to);
      edges.push({ a: from, b: to, kind: "bought" });
    }
  }
  const ids = [...members];
  const [asDistributor, masked] = [await distributorsOfMembers(tx, ids), await maskedMembers(tx, ids)];
  const nodes: GraphNode[] = ids.map((m) => {
    const dist = asDistributor.get(m);
    return {
      id: m,
      kind: dist ? "distributor" : "buyer",
      label: dist ? `${dist.name} · ${dist.code}` : (masked.get(m) ?? "—"),
      self: m === d.memberId,
      distributorId: dist?.id ?? null,
    };
  });
  const linkedDistributors = nodes.filter((n) => n.kind === "distributor" && !n.self).length;

  const flagged = await tx
    .select({ id: orders.id, externalId: orders.externalId, channel: orders.channel, paidAt: orders.paidAt, amountFen: orders.amountFen, verdict: orders.riskVerdict, rules: orders.riskRules })
    .from(orders)
    .where(and(eq(orders.distributorId, d.id), sql`${orders.riskVerdict} <> 'allow'`))
    .orderBy(desc(orders.paidAt))
    .limit(20);
  const history = await tx
    .select({ id: riskDecisions.id, orderId: riskDecisions.orderId, externalId: orders.externalId, decision: riskDecisions.decision, reason: riskDecisions.reason, amountFen: riskDecisions.amountFen, createdAt: riskDecisions.createdAt })
    .from(riskDecisions)
    .innerJoin(orders, and(eq(orders.tenantId, riskDecisions.tenantId), eq(orders.id, riskDecisions.orderId)))
    .where(eq(orders.distributorId, d.id))
    .orderBy(desc(riskDecisions.createdAt), desc(riskDecisions.id))
    .limit(20);

  const counts = { orders: Number(stats?.orders ?? 0), review: Number(stats?.review ?? 0), blocked: Number(stats?.blocked ?? 0), approved: decided?.approved ?? 0, rejected: decided?.rejected ?? 0 };
  return {
    distributor: { id: d.id, code: d.code, name: d.name, status: d.status },
    windowDays: PROFILE_WINDOW_DAYS,
    counts,
    heldFen: (await balancesOfOne(tx, d.id)).heldFen,
    ...riskScore({ ...counts, linkedDistributors }),
    flagged: flagged.map((o) => ({ ...o, amountFen: Number(o.amountFen), rules: o.rules.map((r) => r.code) })),
    history: history.map((h) => ({ ...h, amountFen: Number(h.amountFen) })),
    graph: { nodes, edges },
  };
}
