/**
 * OneID: one member per person per brand, however many identities they show up with.
 * Resolving a set of identities finds or creates the member; when verified identities prove
 * that two members are one person they are merged (history kept, earliest valid binding kept).
 *
 * Tables that reference members must be handled in mergeMembers when they are added.
 */
import { and, asc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bindings, distributors, memberIdentities, memberMerges, members, orders, portalSessions } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { audit, type Actor } from "@/server/tenancy/audit";
import { identityHash, maskIdentity, type IdentityInput, type IdentityKind } from "./identity";
import { compareText } from "@/server/shared/compare";

interface Hashed {
  kind: IdentityKind;
  hash: string;
  masked: string;
  verified: boolean;
}

export interface ResolvedMember {
  memberId: string;
  created: boolean;
  /** Members merged into memberId by this call. */
  merged: string[];
}

function hashAll(identities: IdentityInput[]): Hashed[] {
  const seen = new Map<string, Hashed>();
  for (const i of identities) {
    const h = { kind: i.kind, hash: identityHash(i.kind, i.value), masked: maskIdentity(i.kind, i.value), verified: !!i.verified };
    const key = `${h.kind}:${h.hash}`;
    const prev = seen.get(key);
    seen.set(key, prev ? { ...prev, verified: prev.verified || h.verified } : h);
  }
  return [...seen.values()];
}

export async function resolveMember(
  tx: Tx,
  identities: IdentityInput[],
  opts: { now?: Date; displayName?: string; actor?: Actor } = {},
): Promise<ResolvedMember> {
  const now = opts.now ?? new Date();
  const hashed = hashAll(identities);
  if (!hashed.length) throw new Error("resolveMember needs at least one identity");
  const tenantId = await currentTenantId(tx);

  const existing = await tx
    .select({
      kind: memberIdentities.kind,
      hash: memberIdentities.valueHash,
      memberId: memberIdentities.memberId,
      verifiedAt: memberIdentities.verifiedAt,
      memberCreatedAt: members.createdAt,
      hasDistributor: sql<boolean>`exists (select 1 from distributors d where d.tenant_id = ${members.tenantId} and d.member_id = ${members.id})`,
    })
    .from(memberIdentities)
    .innerJoin(members, and(eq(members.tenantId, memberIdentities.tenantId), eq(members.id, memberIdentities.memberId)))
    .where(
      or(
        ...hashed.map((h) => and(eq(memberIdentities.kind, h.kind), eq(memberIdentities.valueHash, h.hash))),
      ),
    )
    .for("update", { of: memberIdentities });

  const verifiedKey = new Set(hashed.filter((h) => h.verified).map((h) => `${h.kind}:${h.hash}`));
  const owners = new Map<string, { createdAt: Date; distributor: boolean; provenAll: boolean }>();
  for (const e of existing) {
    const proven = verifiedKey.has(`${e.kind}:${e.hash}`) || !!e.verifiedAt;
    const o = owners.get(e.memberId);
    owners.set(e.memberId, {
      createdAt: e.memberCreatedAt,
      distributor: e.hasDistributor,
      provenAll: (o?.provenAll ?? true) && proven,
    });
  }

  let memberId: string;
  let created = false;
  const merged: string[] = [];
  if (owners.size === 0) {
    const [m] = await tx.insert(members).values({ tenantId, displayName: opts.displayName }).returning({ id: members.id });
    memberId = m!.id;
    created = true;
  } else {
    // Survivor: a distributor's member if any (its account must stay), else the earliest; of
    // members made together (one batch, one time), the smaller id, whatever order the
    // identities came in.
    const ranked = [...owners.entries()].sort(
      ([ia, a], [ib, b]) =>
        Number(b.distributor) - Number(a.distributor) || a.createdAt.getTime() - b.createdAt.getTime() || compareText(ia, ib),
    );
    memberId = ranked[0]![0];
    const mergeable = ranked.length > 1 && ranked.every(([, o]) => o.provenAll) && ranked.filter(([, o]) => o.distributor).length <= 1;
    if (mergeable) {
      for (const [other] of ranked.slice(1)) {
        await mergeMembers(tx, memberId, other, { reason: "verified_identity", now, actor: opts.actor });
        merged.push(other);
      }
    }
  }

  // Attach identities nobody holds yet; mark verified ones on this member.
  const held = new Set(existing.map((e) => `${e.kind}:${e.hash}`));
  const fresh = hashed.filter((h) => !held.has(`${h.kind}:${h.hash}`));
  if (fresh.length) {
    await tx
      .insert(memberIdentities)
      .values(fresh.map((h) => ({ tenantId, memberId, kind: h.kind, valueHash: h.hash, masked: h.masked, verifiedAt: h.verified ? now : null })))
      .onConflictDoNothing();
  }
  const toVerify = hashed.filter((h) => h.verified);
  if (toVerify.length) {
    await tx
      .update(memberIdentities)
      .set({ verifiedAt: now })
      .where(
        and(
          eq(memberIdentities.memberId, memberId),
          isNull(memberIdentities.verifiedAt),
          or(...toVerify.map((h) => and(eq(memberIdentities.kind, h.kind), eq(memberIdentities.valueHash, h.hash)))),
        ),
      );
  }
  return { memberId, created, merged };
}

/**
 * Folds `mergedId` into `survivorId`. Identities, bindings (history included) and portal
 * sessions move; of the two current bindings the earliest still-valid one stays current.
 */
export async function mergeMembers(
  tx: Tx,
  survivorId: string,
  mergedId: string,
  opts: { reason: string; now: Date; actor?: Actor },
) {
  const tenantId = await currentTenantId(tx);
  const open = await tx
    .select({ id: bindings.id, buyer: bindings.buyerMemberId, boundAt: bindings.boundAt, status: distributors.status })
    .from(bindings)
    .innerJoin(distributors, and(eq(distributors.tenantId, bindings.tenantId), eq(distributors.id, bindings.distributorId)))
    .where(and(inArray(bindings.buyerMemberId, [survivorId, mergedId]), isNull(bindings.endedAt)))
    // Bindings made in one batch share their time: the earlier-made (smaller id) is the earliest.
    .orderBy(asc(bindings.boundAt), asc(bindings.id));
  const valid = open.filter((b) => b.status !== "disabled" && b.status !== "rejected");
  const keep = valid[0] ?? open[0];
  const ended = open.filter((b) => b.id !== keep?.id).map((b) => b.id);
  if (ended.length) {
    await tx.update(bindings).set({ endedAt: opts.now, endedReason: "member_merged" }).where(inArray(bindings.id, ended));
  }
  await tx.update(bindings).set({ buyerMemberId: survivorId }).where(eq(bindings.buyerMemberId, mergedId));
  const moved = await tx
    .update(memberIdentities)
    .set({ memberId: survivorId })
    .where(eq(memberIdentities.memberId, mergedId))
    .returning({ id: memberIdentities.id, kind: memberIdentities.kind });
  await tx.update(portalSessions).set({ memberId: survivorId }).where(eq(portalSessions.memberId, mergedId));
  // The merged person's orders are the survivor's (self-purchase checks and history follow).
  await tx.update(orders).set({ buyerMemberId: survivorId }).where(eq(orders.buyerMemberId, mergedId));
  // Locked: spend added to the merged member between this read and zeroing it would be lost.
  const [gone] = await tx
    .select({ spend: members.totalSpendFen })
    .from(members)
    .where(eq(members.id, mergedId))
    .for("update");
  await tx
    .update(members)
    .set({ mergedIntoId: survivorId, totalSpendFen: 0 })
    .where(and(eq(members.id, mergedId), ne(members.id, survivorId)));
  await tx
    .update(members)
    .set({ totalSpendFen: sql`${members.totalSpendFen} + ${gone?.spend ?? 0}` })
    .where(eq(members.id, survivorId));
  await tx.insert(memberMerges).values({
    tenantId,
    survivorId,
    mergedId,
    reason: opts.reason,
    snapshot: { identities: moved, keptBinding: keep?.id ?? null, endedBindings: ended },
  });
  await audit(tx, opts.actor ?? { type: "system", id: null }, {
    action: "member.merged",
    targetType: "member",
    targetId: survivorId,
    data: { mergedId, reason: opts.reason, keptBinding: keep?.id ?? null },
  });
}
