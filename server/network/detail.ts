/** Everything the console's distributor detail page shows, in one call. */
import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors, referralChanges } from "@/db/schema";
import { AppError } from "@/server/errors";
import { customersPage } from "./binding";
import { statusHistory } from "./distributors";
import { childrenPage, commissionChain, teamCounts } from "./tree";

export async function getDistributorDetail(tx: Tx, id: string) {
  const [row] = await tx
    .select({ d: distributors, levelName: distributorLevels.name })
    .from(distributors)
    .leftJoin(distributorLevels, and(eq(distributorLevels.tenantId, distributors.tenantId), eq(distributorLevels.id, distributors.levelId)))
    .where(eq(distributors.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Distributor not found.");
  const [chain, counts, downline, customers, history, reparents] = await Promise.all([
    commissionChain(tx, id),
    teamCounts(tx, id),
    childrenPage(tx, { parentId: id, limit: 20, offset: 0 }),
    customersPage(tx, { distributorId: id, limit: 20, offset: 0 }),
    statusHistory(tx, id),
    tx.select().from(referralChanges).where(eq(referralChanges.distributorId, id)).orderBy(desc(referralChanges.createdAt)),
  ]);
  const { memberId: _m, path: _p, ...profile } = row.d;
  return {
    profile: { ...profile, levelName: row.levelName },
    uplines: chain.filter((c) => c.tier > 1),
    counts,
    downline,
    customers,
    history,
    reparents,
  };
}
