/**
 * Leaderboard reads from the rollup: brand-wide, within a team (the lead and its descendants
 * within the brand's commission levels), or within a region key. The caller decides whether
 * names are shown in full (console) or masked (portal).
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { maskName } from "@/server/network/mask-name";
import { inSubtree } from "@/server/network/tree";
import { foldLeaderboards } from "./fold";
import { currentPeriod } from "./periods";

export const LEADERBOARD_METRICS = ["gmv", "orders", "new_customers"] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

export const leaderboardQuerySchema = z.object({
  period: z.enum(["week", "month"]),
  metric: z.enum(LEADERBOARD_METRICS),
  scope: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("brand") }),
      z.object({ kind: z.literal("team"), distributorId: z.uuid() }),
      z.object({ kind: z.literal("region"), region: z.string().trim().min(1).max(100) }),
    ])
    .default({ kind: "brand" }),
  limit: z.number().int().min(1).max(100).default(20),
});
export type LeaderboardQuery = z.infer<typeof leaderboardQuerySchema>;

export interface LeaderboardEntry {
  rank: number;
  distributorId: string;
  code: string;
  name: string;
  value: number;
}

/** How stale a board may be when read: older than this, the read folds first. */
export const READ_FRESH_MS = 5_000;

const COLUMN: Record<LeaderboardMetric, string> = { gmv: "gmv_fen", orders: "order_count", new_customers: "new_customers" };

/** The team's members: the lead and descendants at most `commission_levels` below it. */
export async function teamIds(tx: Tx, leadId: string): Promise<string[]> {
  const [lead] = rowsOf<{ path: string; depth: number; levels: number }>(
    await tx.execute(sql`
      select path, depth, coalesce((select commission_levels from brand_settings limit 1), 2) as levels
      from distributors where id = ${leadId}::uuid`),
  );
  if (!lead) throw new AppError("NOT_FOUND", "No such distributor.");
  // The subtree by its path range (inSubtree): a LIKE on the lead's path read the whole brand.
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      select d.id from distributors d
      where ${inSubtree(sql`d.path`, lead.path)} and d.depth <= ${lead.depth + lead.levels}`),
  );
  return rows.map((r) => r.id);
}

export async function readLeaderboard(
  tx: Tx,
  tenantId: string,
  query: LeaderboardQuery,
  opts: { now?: Date; mask: boolean; fold?: boolean; freshMs?: number },
): Promise<{ periodStart: string; entries: LeaderboardEntry[] }> {
  // Fresh before a read (what changed since the last fold), at most a few seconds stale.
  if (opts.fold !== false) await foldLeaderboards(tx, tenantId, { now: opts.now, freshMs: opts.freshMs ?? READ_FRESH_MS });
  const now = opts.now ?? new Date();
  const { periodStart } = currentPeriod(query.period, now);
  const col = sql.raw(`r.${COLUMN[query.metric]}`);
  const region = query.scope.kind === "region" ? query.scope.region : "";
  const team = query.scope.kind === "team" ? await teamIds(tx, query.scope.distributorId) : null;
  const rows = rowsOf<{ distributor_id: string; code: string; name: string; value: string | number }>(
    await tx.execute(sql`
      select r.distributor_id, d.code, d.name, ${col} as value
      from leaderboard_rollups r
      join distributors d on d.tenant_id = r.tenant_id and d.id = r.distributor_id
      where r.tenant_id = ${tenantId}::uuid and r.period = ${query.period}::leaderboard_period
        and r.period_start = ${periodStart}::date and r.region = ${region} and ${col} > 0
        ${team ? sql`and r.distributor_id = any(${`{${team.join(",")}}`}::uuid[])` : sql``}
      order by ${col} desc nulls last, r.distributor_id
      limit ${query.limit}`),
  );
  return {
    periodStart,
    entries: rows.map((r, i) => ({
      rank: i + 1,
      distributorId: r.distributor_id,
      code: r.code,
      name: opts.mask ? maskName(r.name) : r.name,
      value: Number(r.value),
    })),
  };
}

/** One distributor's figures this month (KPI progress reads these). */
export async function monthFigures(tx: Tx, tenantId: string, distributorId: string, periodStart: string) {
  const rows = rowsOf<{ gmv_fen: string | number; order_count: number; new_customers: number }>(
    await tx.execute(sql`
      select gmv_fen, order_count, new_customers from leaderboard_rollups
      where tenant_id = ${tenantId}::uuid and period = 'month' and period_start = ${periodStart}::date
        and region = '' and distributor_id = ${distributorId}::uuid`),
  );
  const r = rows[0];
  return { gmv: Number(r?.gmv_fen ?? 0), orders: Number(r?.order_count ?? 0), new_customers: Number(r?.new_customers ?? 0) };
}
