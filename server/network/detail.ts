/** Everything the console's distributor detail page shows, in one call. */
import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors, referralChanges } from "@/db/schema";
import { AppError } from "@/server/errors";
import { statusHistory } from "./distributors";
import { commissionChain, teamCounts } from "./tree";

export async function getDistributorDetail(tx: Tx, id: string) {
  const [row] = await tx
    .select({ d: distributors, levelName: distributorLevels.name })
    .from(distributors)
    .leftJoin(distributorLevels, and(eq(distributorLevels.tenantId, distributors.tenantId), eq(distributorLevels.id, distributors.levelId)))
    .where(eq(distributors.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Distributor not found.");
  // Downline and customers page on their own (team.children, distributors.customers).
  const [chain, counts, history, reparents] = await Promise.all([
    commissionChain(tx, id),
    teamCounts(tx, id),
    statusHistory(tx, id),
    tx.select().from(referralChanges).where(eq(referralChanges.distributorId, id)).orderBy(desc(referralChanges.createdAt)),
  ]);
  const { memberId: _m, path: _p, ...profile } = row.d;
  return {
    profile: { ...profile, levelName: row.levelName },
    uplines: chain.filter((c) => c.tier > 1),
    counts,
    directCount: counts.levels.find((l) => l.level === 1)?.total ?? 0,
    history,
    reparents,
  };
}
