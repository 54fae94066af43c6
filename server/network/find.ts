/** Finding distributors in the current brand (the transaction's tenant). */
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributors } from "@/db/schema";
import { AppError } from "@/server/errors";

export async function findByCode(tx: Tx, code: string) {
  const [row] = await tx.select().from(distributors).where(eq(distributors.code, code.trim().toUpperCase()));
  return row ?? null;
}

/**
 * NOT_FOUND unless the distributor exists in this brand (other brands' ids included). Returns
 * its tree position too, which subtree queries start from.
 */
export async function requireDistributor(tx: Tx, id: string) {
  const [row] = await tx
    .select({ id: distributors.id, path: distributors.path, depth: distributors.depth })
    .from(distributors)
    .where(eq(distributors.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Distributor not found.");
  return row;
}

export async function findByMember(tx: Tx, memberId: string) {
  const [row] = await tx.select().from(distributors).where(eq(distributors.memberId, memberId));
  return row ?? null;
}

/**
 * Whether `code` is the member's own referral code: a distributor opening its own link is
 * told so, rather than being welcomed as a new member of its own network.
 */
export async function isOwnReferralCode(tx: Tx, memberId: string, code: string): Promise<boolean> {
  const d = await findByCode(tx, code);
  return !!d && d.memberId === memberId;
}
