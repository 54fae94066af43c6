/**
 * The member behind a portal sign-in: found (or created) by the verified phone identity.
 * Runs in the caller's tenant transaction.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { memberIdentities, members } from "@/db/schema";
import { maskPhone, phoneHash } from "./phone";

async function findPhoneIdentity(tx: Tx, tenantId: string, hash: string) {
  const [row] = await tx
    .select({
      id: memberIdentities.id,
      memberId: memberIdentities.memberId,
      verifiedAt: memberIdentities.verifiedAt,
    })
    .from(memberIdentities)
    .where(
      and(
        eq(memberIdentities.tenantId, tenantId),
        eq(memberIdentities.kind, "phone"),
        eq(memberIdentities.valueHash, hash),
      ),
    );
  return row;
}

/**
 * The member owning `phone` (normalised) in this brand, marking the identity verified; a new
 * member with a verified phone identity when nobody has it yet (e.g. a buyer from an order
 * who now signs in keeps their member).
 */
export async function resolvePhoneMember(
  tx: Tx,
  tenantId: string,
  phone: string,
  now: Date = new Date(),
): Promise<string> {
  const hash = phoneHash(phone);
  const existing = await findPhoneIdentity(tx, tenantId, hash);
  if (existing) {
    if (!existing.verifiedAt) {
      await tx
        .update(memberIdentities)
        .set({ verifiedAt: now })
        .where(and(eq(memberIdentities.tenantId, tenantId), eq(memberIdentities.id, existing.id)));
    }
    return existing.memberId;
  }

  const [member] = await tx.insert(members).values({ tenantId }).returning({ id: members.id });
  const [identity] = await tx
    .insert(memberIdentities)
    .values({
      tenantId,
      memberId: member!.id,
      kind: "phone",
      valueHash: hash,
      masked: maskPhone(phone),
      verifiedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: memberIdentities.id });
  if (identity) return member!.id;

  // Another writer (order ingest) created the identity between our read and insert: use theirs.
  await tx.delete(members).where(and(eq(members.tenantId, tenantId), eq(members.id, member!.id)));
  const winner = await findPhoneIdentity(tx, tenantId, hash);
  if (!winner) throw new Error("resolvePhoneMember: identity vanished after a conflict");
  return winner.memberId;
}

export interface PortalProfile {
  memberId: string;
  maskedPhone: string | null;
}

/** What the portal shows about the signed-in member: never the raw phone. */
export async function getPortalProfile(
  tx: Tx,
  tenantId: string,
  memberId: string,
): Promise<PortalProfile> {
  const [row] = await tx
    .select({ masked: memberIdentities.masked })
    .from(memberIdentities)
    .where(
      and(
        eq(memberIdentities.tenantId, tenantId),
        eq(memberIdentities.memberId, memberId),
        eq(memberIdentities.kind, "phone"),
      ),
    )
    .orderBy(memberIdentities.createdAt)
    .limit(1);
  return { memberId, maskedPhone: row?.masked ?? null };
}
