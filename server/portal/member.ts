/**
 * The member behind a portal sign-in: found (or created) by the verified phone identity.
 * Runs in the caller's tenant transaction.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { memberIdentities, members } from "@/db/schema";
import type { Locale } from "@/server/i18n/config";
import { MEMBER_PHONE_SEAL } from "@/server/notify/notify";
import { seal } from "@/server/shared/seal";
import { resolveMember } from "@/server/network/oneid";

/**
 * The member owning `phone` in this brand, through OneID: a verified phone identity, so it may
 * merge a buyer known from orders with this person (see server/network/oneid.ts).
 */
export async function resolvePhoneMember(tx: Tx, phone: string, now: Date = new Date()): Promise<string> {
  const { memberId } = await resolveMember(tx, [{ kind: "phone", value: phone, verified: true }], { now });
  return memberId;
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

/**
 * Keeps what outcome messages need from a sign-in: the verified phone (sealed) and the language
 * the member uses the portal in.
 */
export async function rememberMemberContact(tx: Tx, memberId: string, contact: { phone: string; locale: Locale | null }) {
  await tx
    .update(members)
    .set({ phoneSealed: seal(contact.phone, MEMBER_PHONE_SEAL), ...(contact.locale ? { locale: contact.locale } : {}) })
    .where(eq(members.id, memberId));
}
