/**
 * The nightly background detection (issue 10 item 5): over the last 90 days of a brand's
 * orders, clusters (connected components of distributors and buyers joined by a shared device,
 * receiver phone, address or bank card) and rings (cycles of the bought-through graph) become
 * cases in the Risk Control Center. It raises cases only; money moves when a reviewer decides.
 *
 * Idempotent: a ring's case is keyed by its distributors; a cluster that an open case already
 * covers (they share a member) updates that case when the cluster has grown and adds nothing
 * when it has not. A cluster a reviewer already closed opens a new case only if it changed.
 * Runs per brand, one transaction each, so one brand's failure does not stop the others.
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { RiskRuleHit } from "@/db/schema/orders";
import { uuidArray } from "@/db/sql-uuid";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { sha256 } from "@/server/shared/crypto";
import { loadRuleSettings } from "../settings";
import { findClusters, findRings, type Cluster, type Ring } from "./graph";
import { boughtThroughEdges, sharedLinks } from "./load";

export const DETECTION_WINDOW_DAYS = 90;
/** Three members on one identifier: a household of two is not a cluster. */
export const CLUSTER_MIN_MEMBERS = 3;

export interface DetectionResult {
  clusters: number;
  rings: number;
  opened: number;
  updated: number;
}

/** Commission (not cancelled) on the window's orders placed by these members. */
async function commissionOfBuyers(tx: Tx, memberIds: string[], since: Date) {
  const [r] = rowsOf<{ fen: string }>(
    await tx.execute(sql`
      select coalesce(sum(c.amount_fen), 0)::text as fen from orders o
      join commissions c on c.tenant_id = o.tenant_id and c.order_id = o.id and c.status <> 'cancelled'
      where o.buyer_member_id = any(${uuidArray(memberIds)}) and o.paid_at >= ${since.toISOString()}::timestamptz`),
  );
  return Number(r?.fen ?? 0);
}

async function clusterCase(tx: Tx, tenantId: string, c: Cluster, since: Date, action: "review" | "block") {
  // The distributors in it: members who are distributors, and whoever its orders went through.
  const dist = rowsOf<{ id: string; code: string }>(
    await tx.execute(sql`
      select d.id::text, d.code from distributors d where d.member_id = any(${uuidArray(c.nodes)})
      union
      select d.id::text, d.code from orders o join distributors d on d.tenant_id = o.tenant_id and d.id = o.distributor_id
      where o.buyer_member_id = any(${uuidArray(c.nodes)}) and o.paid_at >= ${since.toISOString()}::timestamptz
      order by 2`),
  );
  // Evidence names what joins them, never the hashes themselves.
  const rules: RiskRuleHit[] = [
    {
      code: "cluster",
      action,
      evidence: {
        members: c.nodes.length,
        distributorCodes: dist.map((d) => d.code),
        shared: c.shared.map((s) => ({ kind: s.kind, members: s.nodes })),
        windowDays: DETECTION_WINDOW_DAYS,
      },
    },
  ];
  const amountFen = await commissionOfBuyers(tx, c.nodes, since);
  const distributorIds = dist.map((d) => d.id);
  // An open case that already covers part of it: the cluster grew (or is the same).
  const [open] = rowsOf<{ id: string; member_ids: string[] | string }>(
    await tx.execute(sql`select id::text, member_ids from risk_cases where kind = 'cluster' and status = 'open' and member_ids && ${uuidArray(c.nodes)} order by opened_at limit 1 for update`),
  );
  if (open) {
    const had = new Set(parseUuidArray(open.member_ids));
    if (had.size === c.nodes.length && c.nodes.every((n) => had.has(n))) return "same" as const;
    await tx.execute(sql`
      update risk_cases set member_ids = ${uuidArray(c.nodes)}, distributor_ids = ${uuidArray(distributorIds)},
        rules = ${JSON.stringify(rules)}::jsonb, amount_fen = ${amountFen}
      where id = ${open.id}`);
    return "updated" as const;
  }
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into risk_cases (tenant_id, id, kind, status, member_ids, distributor_ids, rules, amount_fen, dedupe_key)
      values (${tenantId}, gen_random_uuid(), 'cluster', 'open', ${uuidArray(c.nodes)}, ${uuidArray(distributorIds)},
        ${JSON.stringify(rules)}::jsonb, ${amountFen}, ${`cluster:${sha256(c.nodes.join(","))}`})
      on conflict (tenant_id, dedupe_key) do nothing
      returning id::text`),
  );
  return inserted.length ? ("opened" as const) : ("same" as const);
}

async function ringCase(tx: Tx, tenantId: string, r: Ring, since: Date, action: "review" | "block") {
  const dist = rowsOf<{ id: string; code: string; member_id: string }>(
    await tx.execute(sql`select id::text, code, member_id::text from distributors where id = any(${uuidArray(r.nodes)})`),
  );
  const code = new Map(dist.map((d) => [d.id, d.code]));
  const members = dist.map((d) => d.member_id).sort();
  // The commission the ring's own purchases earned inside it.
  const [fen] = rowsOf<{ fen: string }>(
    await tx.execute(sql`
      select coalesce(sum(c.amount_fen), 0)::text as fen from orders o
      join commissions c on c.tenant_id = o.tenant_id and c.order_id = o.id and c.status <> 'cancelled'
      where o.buyer_member_id = any(${uuidArray(members)}) and o.distributor_id = any(${uuidArray(r.nodes)})
        and o.paid_at >= ${since.toISOString()}::timestamptz`),
  );
  const rules: RiskRuleHit[] = [
    { code: "ring", action, evidence: { cycle: r.cycle.map((id) => code.get(id) ?? id), distributorCodes: r.nodes.map((id) => code.get(id) ?? id), windowDays: DETECTION_WINDOW_DAYS } },
  ];
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into risk_cases (tenant_id, id, kind, status, member_ids, distributor_ids, rules, amount_fen, dedupe_key)
      values (${tenantId}, gen_random_uuid(), 'ring', 'open', ${uuidArray(members)}, ${uuidArray(r.nodes)},
        ${JSON.stringify(rules)}::jsonb, ${Number(fen?.fen ?? 0)}, ${`ring:${r.nodes.join(",")}`})
      on conflict (tenant_id, dedupe_key) do nothing
      returning id::text`),
  );
  return inserted.length > 0;
}

/** postgres-js returns uuid[] as an array, PGlite as its text form. */
function parseUuidArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
}

/** One brand, inside its tenant transaction. */
export async function detectForTenant(tx: Tx, tenantId: string, now = new Date()): Promise<DetectionResult> {
  const since = new Date(now.getTime() - DETECTION_WINDOW_DAYS * 86_400_000);
  const settings = await loadRuleSettings(tx);
  const result: DetectionResult = { clusters: 0, rings: 0, opened: 0, updated: 0 };
  const clusterRules = [settings.device_cluster, settings.address_cluster, settings.phone_cluster];
  if (clusterRules.some((r) => r.enabled)) {
    // The strongest action any enabled cluster rule takes is what the case proposes.
    const action = clusterRules.some((r) => r.enabled && r.action === "block") ? "block" : "review";
    const clusters = findClusters(await sharedLinks(tx, since), CLUSTER_MIN_MEMBERS);
    result.clusters = clusters.length;
    for (const c of clusters) {
      const r = await clusterCase(tx, tenantId, c, since, action);
      if (r === "opened") result.opened++;
      if (r === "updated") result.updated++;
    }
  }
  if (settings.ring.enabled) {
    const rings = findRings(await boughtThroughEdges(tx, since), settings.ring.thresholds.maxLength ?? 3);
    result.rings = rings.length;
    for (const r of rings) if (await ringCase(tx, tenantId, r, since, settings.ring.action)) result.opened++;
  }
  return result;
}

export async function tenantsWithRecentOrders(db: Db, since: Date): Promise<string[]> {
  return withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from fx_tenants_with_orders_since(${since.toISOString()}::timestamptz)`)).map((r) => r.tenant_id),
  );
}

/** Every brand with orders in the window (the cron job and the sweeper). */
export async function detectAll(db: Db, opts: { now?: Date; tenantId?: string } = {}) {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - DETECTION_WINDOW_DAYS * 86_400_000);
  const tenants = opts.tenantId ? [opts.tenantId] : await tenantsWithRecentOrders(db, since);
  const summary = { tenants: tenants.length, clusters: 0, rings: 0, opened: 0, updated: 0, failures: [] as { tenantId: string; error: string }[] };
  for (const tenantId of tenants) {
    try {
      const r = await withTenant(db, tenantId, (tx) => detectForTenant(tx, tenantId, now));
      summary.clusters += r.clusters;
      summary.rings += r.rings;
      summary.opened += r.opened;
      summary.updated += r.updated;
    } catch (e) {
      console.error(`risk detection: brand ${tenantId} failed`, e);
      summary.failures.push({ tenantId, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return summary;
}
