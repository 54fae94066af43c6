/** Everything the console's distributor detail page shows, in one call. */
import { and, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors, referralChanges } from "@/db/schema";
import { AppError } from "@/server/errors";
import { getSettings } from "@/server/tenancy/settings";
import { statusHistoryOf } from "./distributors";
import { commissionChain, countTeam } from "./tree";

const fromUpline = alias(distributors, "from_upline");
const toUpline = alias(distributors, "to_upline");

/**
 * The re-parent log, newest first, with each old and new upline's name and code joined in
 * (null for the top level), so the page need not look every id up on its own.
 */
async function reparentHistory(tx: Tx, id: string) {
  return tx
    .select({
      id: referralChanges.id,
      fromUplineId: referralChanges.fromUplineId,
      toUplineId: referralChanges.toUplineId,
      fromUpline: { id: fromUpline.id, code: fromUpline.code, name: fromUpline.name },
      toUpline: { id: toUpline.id, code: toUpline.code, name: toUpline.name },
      reason: referralChanges.reason,
      actorType: referralChanges.actorType,
      actorId: referralChanges.actorId,
      createdAt: referralChanges.createdAt,
    })
    .from(referralChanges)
    .leftJoin(fromUpline, and(eq(fromUpline.tenantId, referralChanges.tenantId), eq(fromUpline.id, referralChanges.fromUplineId)))
    .leftJoin(toUpline, and(eq(toUpline.tenantId, referralChanges.tenantId), eq(toUpline.id, referralChanges.toUplineId)))
    .where(eq(referralChanges.distributorId, id))
    .orderBy(desc(referralChanges.createdAt), desc(referralChanges.id));
}

export async function getDistributorDetail(tx: Tx, id: string) {
  const [row] = await tx
    .select({ d: distributors, levelName: distributorLevels.name })
    .from(distributors)
    .leftJoin(distributorLevels, and(eq(distributorLevels.tenantId, distributors.tenantId), eq(distributorLevels.id, distributors.levelId)))
    .where(eq(distributors.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Distributor not found.");
  // Downline and customers page on their own (team.children, distributors.customers).
  // Only the tiers the program pays are shown: a tier-3 upline of a two-tier program earns
  // nothing here, and its team's third level earns this distributor nothing either.
  const { commissionLevels } = await getSettings(tx);
  const [chain, counts, history, reparents] = await Promise.all([
    commissionChain(tx, id),
    countTeam(tx, row.d, Math.max(1, commissionLevels - 1)),
    statusHistoryOf(tx, id),
    reparentHistory(tx, id),
  ]);
  const { memberId: _m, path: _p, ...profile } = row.d;
  return {
    profile: { ...profile, levelName: row.levelName },
    commissionLevels,
    /** The direct upline, whether or not the program pays it (one tier only pays the seller). */
    upline: chain.find((c) => c.tier === 2) ?? null,
    /** The uplines that earn on this distributor's sales: tiers 2..commissionLevels. */
    uplines: chain.filter((c) => c.tier > 1 && c.tier <= commissionLevels),
    counts,
    directCount: counts.levels.find((l) => l.level === 1)?.total ?? 0,
    history,
    reparents,
  };
}
