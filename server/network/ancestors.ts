/** The whole upline chain of a distributor, for breadcrumbs and revealing a node in the tree. */
import { asc, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributors } from "@/db/schema";
import { requireDistributor } from "./find";
import { pathIds } from "./tree-path";

/**
 * The distributor's uplines from the root down to its direct upline (empty for the top
 * level). The materialised path already names every ancestor, so after reading the node's path
 * they come in one primary-key query, however deep the tree, instead of a walk up upline_id.
 */
export async function ancestors(tx: Tx, distributorId: string) {
  const node = await requireDistributor(tx, distributorId);
  const ids = pathIds(node.path).slice(0, -1);
  if (!ids.length) return [];
  return tx
    .select({ id: distributors.id, code: distributors.code, name: distributors.name, status: distributors.status, depth: distributors.depth })
    .from(distributors)
    .where(inArray(distributors.id, ids))
    .orderBy(asc(distributors.depth));
}
