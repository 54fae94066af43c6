/**
 * Binding buyers to distributors (DOMAIN.md §2): applies binding-rules.ts to the database,
 * keeps every binding and rebinding as history, and keeps direct-customer counts current.
 */
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bindings, brandSettings, distributors, linkClicks, memberIdentities, members } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { decideBinding, type BindingDecision, type BindingSource } from "./binding-rules";
import { findByCode, requireDistributor } from "./find";
import { identityHash, type IdentityKind } from "./identity";

export interface BindInput {
  buyerMemberId: string;
  distributorId: string;
  source: BindingSource;
  now?: Date;
  actor?: Actor;
  /** Required for manual overrides. */
  reason?: string;
}

export type BindOutcome = BindingDecision & { bindingId?: string };

async function currentBinding(tx: Tx, buyerMemberId: string) {
  const [row] = await tx
    .select()
    .from(bindings)
    .where(and(eq(bindings.buyerMemberId, buyerMemberId), isNull(bindings.endedAt)))
    .for("update");
  return row ?? null;
}

async function adjustCustomers(tx: Tx, distributorId: string, delta: 1 | -1) {
  await tx
    .update(distributors)
    .set({ directCustomerCount: sql`greatest(0, ${distributors.directCustomerCount} + ${delta})` })
    .where(eq(distributors.id, distributorId));
}

function requireReason(input: Pick<BindInput, "source" | "reason">) {
  if (input.source === "manual" && !input.reason?.trim()) {
    throw new AppError("BAD_REQUEST", "A manual binding needs a reason.", { fields: { reason: "reason.required" } });
  }
}

export async function bindBuyer(tx: Tx, input: BindInput): Promise<BindOutcome> {
  requireReason(input);
  const [candidate] = await tx.select().from(distributors).where(eq(distributors.id, input.distributorId));
  if (!candidate) throw new AppError("NOT_FOUND", "Distributor not found.");
  return bindTo(tx, candidate, input);
}

/** Binds to a distributor row the caller has already read (bindBuyer, bindByCode). */
async function bindTo(tx: Tx, candidate: typeof distributors.$inferSelect, input: Omit<BindInput, "distributorId">): Promise<BindOutcome> {
  const now = input.now ?? new Date();
  const actor = input.actor ?? { type: "system", id: null };
  const [buyerRow] = await tx.select({ id: members.id }).from(members).where(eq(members.id, input.buyerMemberId));
  if (!buyerRow) throw new AppError("NOT_FOUND", "Buyer not found.");
  const [settings] = await tx.select({ mode: brandSettings.bindingMode, lockDays: brandSettings.bindingLockDays }).from(brandSettings);
  const [buyerAsDistributor] = await tx
    .select({ id: distributors.id })
    .from(distributors)
    .where(eq(distributors.memberId, input.buyerMemberId));
  const current = await currentBinding(tx, input.buyerMemberId);
  const decision = decideBinding(
    current,
    {
      distributorId: candidate.id,
      source: input.source,
      now,
      isSelf: candidate.memberId === input.buyerMemberId,
      formsLoop: !!buyerAsDistributor && candidate.path.includes(`/${buyerAsDistributor.id}/`),
      candidateActive: candidate.status === "active",
    },
    settings ?? { mode: "lock", lockDays: 30 },
  );
  if (decision.action !== "bind" && decision.action !== "rebind") return decision;

  const tenantId = await currentTenantId(tx);
  if (current) {
    await tx
      .update(bindings)
      .set({ endedAt: now, endedReason: `rebound:${input.source}` })
      .where(eq(bindings.id, current.id));
    await adjustCustomers(tx, current.distributorId, -1);
  }
  const [row] = await tx
    .insert(bindings)
    .values({
      tenantId,
      buyerMemberId: input.buyerMemberId,
      distributorId: candidate.id,
      source: input.source,
      boundAt: now,
      protectedUntil: decision.protectedUntil,
      actorType: actor.type,
      actorId: actor.id,
      reason: input.reason?.trim() || null,
    })
    .returning({ id: bindings.id });
  await adjustCustomers(tx, candidate.id, 1);
  if (input.source === "manual") {
    await audit(tx, actor, {
      action: "binding.overridden",
      targetType: "member",
      targetId: input.buyerMemberId,
      data: { from: current?.distributorId ?? null, to: candidate.id, reason: input.reason },
    });
  }
  return { ...decision, bindingId: row!.id };
}

/** Binds by a distributor's referral code (order code, invite link). */
export async function bindByCode(tx: Tx, input: Omit<BindInput, "distributorId"> & { code: string }) {
  const d = await findByCode(tx, input.code);
  if (!d) return { action: "refuse", reason: "inactive" } as const;
  requireReason(input);
  return bindTo(tx, d, input);
}

/** Clicks count for binding this long after they happen. */
export const CLICK_ATTRIBUTION_DAYS = 30;

/**
 * A member identified on a device that recently followed a distributor's link / QR / poster is
 * bound through that click (the first-party device cookie ties the two).
 */
export async function bindFromDevice(tx: Tx, input: { buyerMemberId: string; deviceId?: string | null; now?: Date }) {
  if (!input.deviceId) return null;
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - CLICK_ATTRIBUTION_DAYS * 86400_000);
  const [click] = await tx
    .select({ distributorId: linkClicks.distributorId, via: linkClicks.via })
    .from(linkClicks)
    .where(and(eq(linkClicks.deviceId, input.deviceId), gt(linkClicks.createdAt, since)))
    .orderBy(desc(linkClicks.createdAt))
    .limit(1);
  if (!click) return null;
  const source: BindingSource = click.via === "qr" || click.via === "poster" ? click.via : "link";
  return bindBuyer(tx, { buyerMemberId: input.buyerMemberId, distributorId: click.distributorId, source, now });
}

/** The buyer's current binding and full history, newest first. */
export async function bindingHistory(tx: Tx, buyerMemberId: string) {
  return tx
    .select({
      id: bindings.id,
      distributorId: bindings.distributorId,
      distributorCode: distributors.code,
      distributorName: distributors.name,
      source: bindings.source,
      boundAt: bindings.boundAt,
      protectedUntil: bindings.protectedUntil,
      endedAt: bindings.endedAt,
      endedReason: bindings.endedReason,
      actorType: bindings.actorType,
      reason: bindings.reason,
    })
    .from(bindings)
    .innerJoin(distributors, and(eq(distributors.tenantId, bindings.tenantId), eq(distributors.id, bindings.distributorId)))
    .where(eq(bindings.buyerMemberId, buyerMemberId))
    .orderBy(desc(bindings.boundAt), desc(bindings.id));
}

/** Finds the member holding an identity (admin binding lookup). */
export async function findMemberByIdentity(tx: Tx, kind: IdentityKind, value: string) {
  const [row] = await tx
    .select({ memberId: memberIdentities.memberId, masked: memberIdentities.masked })
    .from(memberIdentities)
    .where(and(eq(memberIdentities.kind, kind), eq(memberIdentities.valueHash, identityHash(kind, value))));
  return row ?? null;
}

/** A distributor's bound customers (current bindings), masked, newest first. */
export async function customersPage(tx: Tx, input: { distributorId: string; limit: number; offset: number }) {
  await requireDistributor(tx, input.distributorId);
  const where = and(eq(bindings.distributorId, input.distributorId), isNull(bindings.endedAt));
  const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(bindings).where(where);
  const items = await tx
    .select({
      memberId: bindings.buyerMemberId,
      source: bindings.source,
      boundAt: bindings.boundAt,
      protectedUntil: bindings.protectedUntil,
      masked: sql<string | null>`(select i.masked from member_identities i where i.tenant_id = ${bindings.tenantId} and i.member_id = ${bindings.buyerMemberId} order by (i.kind = 'phone') desc, i.created_at limit 1)`,
    })
    .from(bindings)
    .where(where)
    .orderBy(desc(bindings.boundAt))
    .limit(input.limit)
    .offset(input.offset);
  return { total: Number(n), items };
}

/**
 * On portal sign-in: bind through the device's latest click, else through the referral code
 * of the page the visitor landed on. A refusal (self, loop, locked) never blocks sign-in.
 */
export async function bindOnSignIn(
  tx: Tx,
  input: { buyerMemberId: string; deviceId?: string | null; ref?: string | null; now?: Date },
) {
  const viaDevice = await bindFromDevice(tx, input);
  if (viaDevice) return viaDevice;
  if (!input.ref) return null;
  return bindByCode(tx, { buyerMemberId: input.buyerMemberId, code: input.ref, source: "link", now: input.now });
}
