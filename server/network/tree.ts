/** The referral tree: upline chain, subtree counts and pages, re-parenting. */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { distributors, referralChanges } from "@/db/schema";
import { currentTenantId, rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { requireDistributor } from "./find";
import { childPath, depthOf, wouldLoop } from "./tree-path";


/**
 * `path` lies in the subtree whose root has path `prefix` (the root included), written as the
 * range [prefix, prefix + "~") rather than `like prefix%`: under row-level security Postgres
 * may only use a condition as an index condition if its functions are leakproof, and LIKE is
 * not, so every subtree query read the whole brand. The text_pattern_ops comparison operators
 * are leakproof and served by distributors_path_idx. Same rows as the LIKE: a path holds only
 * uuid characters and "/", which all sort before "~".
 */
export function inSubtree(path: AnyPgColumn | SQL, prefix: string): SQL {
  return sql`(${path} ~>=~ ${prefix} and ${path} ~<~ ${`${prefix}~`})`;
}

export interface ChainLink {
  tier: 1 | 2 | 3;
  id: string;
  code: string;
  name: string;
  status: "applied" | "active" | "frozen" | "disabled" | "rejected";
}

type ChainStatus = ChainLink["status"];
interface ChainRow {
  d_id: string; d_code: string; d_name: string; d_status: ChainStatus;
  u1_id: string | null; u1_code: string; u1_name: string; u1_status: ChainStatus;
  u2_id: string | null; u2_code: string; u2_name: string; u2_status: ChainStatus;
}

/**
 * Written once as text rather than built with the query builder per call: this runs for every
 * attributed order, and building the three-way join with Drizzle cost ~130 µs of JavaScript
 * and its garbage per call, 100 times what Postgres needs to execute it (~0.04 ms, three primary
 * key probes). postgres-js prepares it once per connection, so the plan is cached too.
 * tree.test.ts checks the columns against the schema on both engines.
 */
const CHAIN_SQL = sql.raw(
  `select d.id as d_id, d.code as d_code, d.name as d_name, d.status as d_status,
     u1.id as u1_id, u1.code as u1_code, u1.name as u1_name, u1.status as u1_status,
     u2.id as u2_id, u2.code as u2_code, u2.name as u2_name, u2.status as u2_status
   from distributors d
   left join distributors u1 on u1.tenant_id = d.tenant_id and u1.id = d.upline_id
   left join distributors u2 on u2.tenant_id = d.tenant_id and u2.id = d.upline2_id
   where d.id = `,
);

/**
 * The commission chain for a buyer attributed to `distributorId`: tier 1 is the distributor,
 * tier 2 its upline, tier 3 the upline's upline. One indexed read thanks to upline2_id.
 */
export async function commissionChain(tx: Tx, distributorId: string): Promise<ChainLink[]> {
  const [row] = rowsOf<ChainRow>(await tx.execute(sql`${CHAIN_SQL}${distributorId}::uuid`));
  if (!row) throw new AppError("NOT_FOUND", "Distributor not found.");
  const chain: ChainLink[] = [{ tier: 1, id: row.d_id, code: row.d_code, name: row.d_name, status: row.d_status }];
  if (row.u1_id) chain.push({ tier: 2, id: row.u1_id, code: row.u1_code, name: row.u1_name, status: row.u1_status });
  if (row.u2_id) chain.push({ tier: 3, id: row.u2_id, code: row.u2_code, name: row.u2_name, status: row.u2_status });
  return chain;
}

async function nodeForUpdate(tx: Tx, id: string) {
  const [row] = await tx
    .select({ id: distributors.id, path: distributors.path, uplineId: distributors.uplineId, code: distributors.code })
    .from(distributors)
    .where(eq(distributors.id, id))
    .for("update");
  return row;
}

/** Tree placement for a new distributor under `upline` (or as a root). */
export function placement(upline: { id: string; path: string; uplineId: string | null } | null, id: string) {
  const path = childPath(upline?.path ?? null, id);
  return { id, uplineId: upline?.id ?? null, upline2Id: upline?.uplineId ?? null, path, depth: depthOf(path) };
}

/**
 * Moves a distributor (with its whole team) under a new upline, or to the top. Refuses self
 * and loops; needs a reason; logged in referral_changes and the audit log. Re-parents in one
 * brand are serialised by an advisory lock so two moves cannot cross into a loop.
 */
export async function reparent(
  tx: Tx,
  actor: Actor,
  input: { distributorId: string; newUplineId: string | null; reason: string },
) {
  const reason = input.reason.trim();
  if (reason.length < 2) {
    throw new AppError("BAD_REQUEST", "Please give a reason for the change.", { fields: { reason: "reason.required" } });
  }
  const tenantId = await currentTenantId(tx);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`reparent:${tenantId}`}, 0))`);
  const node = await nodeForUpdate(tx, input.distributorId);
  if (!node) throw new AppError("NOT_FOUND", "Distributor not found.");
  if (input.newUplineId === node.id) {
    throw new AppError("PRECONDITION_FAILED", "A distributor cannot be its own upline.", {
      fields: { newUplineId: "reparent.self" },
    });
  }
  const parent = input.newUplineId ? await nodeForUpdate(tx, input.newUplineId) : null;
  if (input.newUplineId && !parent) throw new AppError("NOT_FOUND", "New upline not found.");
  if (wouldLoop(node.path, parent?.path ?? null)) {
    throw new AppError("PRECONDITION_FAILED", "That would put the distributor under its own team (a loop).", {
      fields: { newUplineId: "reparent.loop" },
    });
  }
  if ((parent?.id ?? null) === node.uplineId) return { changed: false };

  const target = placement(parent ?? null, node.id);
  const depthDelta = target.depth - depthOf(node.path);
  // Move the subtree's paths, then re-derive both denormalised uplines from them.
  await tx.execute(sql`
    update distributors
       set path = ${target.path} || substr(path, ${node.path.length + 1}),
           depth = depth + ${depthDelta}
     where ${inSubtree(sql`path`, node.path)}`);
  await tx.execute(sql`
    update distributors d
       set upline_id = nullif(p.ids[array_length(p.ids, 1) - 1], '')::uuid,
           upline2_id = nullif(p.ids[array_length(p.ids, 1) - 2], '')::uuid
      from (select id, string_to_array(trim(both '/' from path), '/') as ids
              from distributors where ${inSubtree(sql`path`, target.path)}) p
     where d.id = p.id and d.tenant_id = ${tenantId}::uuid`);
  await tx.insert(referralChanges).values({
    tenantId,
    distributorId: node.id,
    fromUplineId: node.uplineId,
    toUplineId: parent?.id ?? null,
    reason,
    actorType: actor.type,
    actorId: actor.id,
  });
  await audit(tx, actor, {
    action: "distributor.reparented",
    targetType: "distributor",
    targetId: node.id,
    data: { from: node.uplineId, to: parent?.id ?? null, reason },
  });
  return { changed: true };
}

/** Team size (all descendants) and per-depth counts within `levels` tiers below the node. */
export async function teamCounts(tx: Tx, distributorId: string, levels = 3) {
  return countTeam(tx, await requireDistributor(tx, distributorId), levels);
}

/** teamCounts for a node the caller has already read (its path and depth). */
export async function countTeam(tx: Tx, node: { path: string; depth: number }, levels = 3) {
  const rows = rowsOf<{ rel: number; status: string; n: number }>(
    await tx.execute(sql`
      select depth - ${node.depth} as rel, status::text as status, count(*)::int as n
        from distributors
       where ${inSubtree(sql`path`, node.path)} and depth > ${node.depth}
       group by 1, 2`),
  );
  const byLevel = new Map<number, { total: number; active: number }>();
  let total = 0;
  for (const r of rows) {
    total += r.n;
    if (r.rel > levels) continue;
    const e = byLevel.get(r.rel) ?? { total: 0, active: 0 };
    e.total += r.n;
    if (r.status === "active") e.active += r.n;
    byLevel.set(r.rel, e);
  }
  return {
    total,
    levels: [...byLevel.entries()].sort(([a], [b]) => a - b).map(([level, c]) => ({ level, ...c })),
  };
}

/** One page of direct downlines (or roots), each with its direct and whole-team counts. */
export async function childrenPage(
  tx: Tx,
  input: { parentId: string | null; limit: number; offset: number },
) {
  if (input.parentId) await requireDistributor(tx, input.parentId);
  const parentCond = input.parentId
    ? eq(distributors.uplineId, input.parentId)
    : sql`${distributors.uplineId} is null`;
  const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(distributors).where(parentCond);
  const page = await tx
    .select({
      id: distributors.id,
      code: distributors.code,
      name: distributors.name,
      status: distributors.status,
      role: distributors.role,
      region: distributors.region,
      levelId: distributors.levelId,
      path: distributors.path,
    })
    .from(distributors)
    .where(parentCond)
    .orderBy(asc(distributors.appliedAt), asc(distributors.id))
    .limit(input.limit)
    .offset(input.offset);
  const counts = await pageCounts(tx, page);
  const items = page.map(({ path: _path, ...d }) => ({ ...d, ...(counts.get(d.id) ?? { directCount: 0, teamCount: 0 }) }));
  return { total: Number(n), items };
}

/**
 * Direct and whole-team counts for a page of nodes, in one statement. The nodes' paths and
 * range ends arrive as values (not computed from a column in the query), so each subtree
 * count is an index-only range scan: see inSubtree for why an expression like `path || '~'`
 * would not be allowed as an index condition under row-level security. (Not as correlated
 * subqueries in the page's select: drizzle leaves a one-table select's columns unqualified,
 * so the outer "id" and "path" bound to the inner table and every count came out wrong.)
 */
async function pageCounts(tx: Tx, page: { id: string; path: string }[]) {
  const counts = new Map<string, { directCount: number; teamCount: number }>();
  if (page.length === 0) return counts;
  const nodes = sql.join(
    page.map((d) => sql`(${d.id}::uuid, ${d.path}::text, ${`${d.path}~`}::text)`),
    sql`, `,
  );
  const rows = rowsOf<{ id: string; direct_count: number; team_count: number }>(
    await tx.execute(sql`
      select p.id,
             (select count(*)::int from distributors c where c.upline_id = p.id) as direct_count,
             (select count(*)::int - 1 from distributors c
               where c.path ~>=~ p.path and c.path ~<~ p.path_end) as team_count
        from (values ${nodes}) as p(id, path, path_end)`),
  );
  for (const r of rows) counts.set(r.id, { directCount: r.direct_count, teamCount: r.team_count });
  return counts;
}

/**
 * A page of a node's whole team (descendants), newest first. The page's ids are chosen from
 * the path index alone (it carries depth and applied_at), then only those rows are read.
 */
export async function teamPage(tx: Tx, input: { distributorId: string; limit: number; offset: number; maxLevels?: number }) {
  const node = await requireDistributor(tx, input.distributorId);
  const within = input.maxLevels
    ? sql`${distributors.depth} <= ${node.depth + input.maxLevels}`
    : sql`true`;
  const pageIds = tx
    .select({ id: distributors.id })
    .from(distributors)
    .where(and(inSubtree(distributors.path, node.path), sql`${distributors.depth} > ${node.depth}`, within))
    .orderBy(desc(distributors.appliedAt))
    .limit(input.limit)
    .offset(input.offset);
  return tx
    .select({
      id: distributors.id,
      code: distributors.code,
      name: distributors.name,
      status: distributors.status,
      level: sql<number>`${distributors.depth} - ${node.depth}`,
      appliedAt: distributors.appliedAt,
    })
    .from(distributors)
    .where(inArray(distributors.id, pageIds))
    .orderBy(desc(distributors.appliedAt));
}
