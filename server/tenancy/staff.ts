/** Staff of a brand: list, invite by link, accept, change role, remove. */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { invitations, memberships, users } from "@/db/schema";
import { currentTenantId, withPlatform, withTenant } from "@/db/tenant";
import { hashPassword } from "@/server/auth/password";
import type { StaffRole } from "@/server/auth/permissions";
import { AppError, isUniqueViolation } from "@/server/errors";
import { parseInput } from "@/server/promotion/validate";
import { randomToken, sha256 } from "@/server/shared/crypto";
import { audit, type Actor } from "./audit";
import { findTenantBySlug } from "./brands";
import { acceptInviteSchema, inviteSchema, joinInviteSchema, staffRoleSchema } from "./schemas";

export const INVITE_DAYS = 7;

export async function listStaff(tx: Tx) {
  const members = await tx
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .orderBy(asc(memberships.createdAt));
  const pending = await tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(
      and(
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .orderBy(asc(invitations.createdAt));
  return { members, pending };
}

/** Creates an invitation; the returned link is the only place the token appears. */
export async function inviteStaff(
  tx: Tx,
  actor: Actor,
  raw: { email: string; role: string },
  opts: { appUrl: string; tenantSlug: string; now?: Date },
) {
  const input = inviteSchema.parse(raw);
  const existing = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(sql`lower(${users.email}) = ${input.email}`);
  if (existing.length) {
    throw new AppError("CONFLICT", "This person is already on the team.", {
      fields: { email: "email.alreadyStaff" },
    });
  }
  const token = randomToken(24);
  const now = opts.now ?? new Date();
  const [row] = await tx
    .insert(invitations)
    .values({
      tenantId: await currentTenantId(tx),
      email: input.email,
      role: input.role,
      tokenHash: sha256(token),
      invitedBy: actor.id ?? "00000000-0000-0000-0000-000000000000",
      expiresAt: new Date(now.getTime() + INVITE_DAYS * 86400_000),
    })
    .returning({ id: invitations.id, expiresAt: invitations.expiresAt });
  await audit(tx, actor, {
    action: "staff.invited",
    targetType: "invitation",
    targetId: row!.id,
    data: { email: input.email, role: input.role },
  });
  const link = `${opts.appUrl.replace(/\/$/, "")}/invite/${opts.tenantSlug}/${token}`;
  return { id: row!.id, link, expiresAt: row!.expiresAt };
}

export async function revokeInvitation(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id, email: invitations.email });
  if (!row) throw new AppError("NOT_FOUND", "Invitation not found.");
  await audit(tx, actor, {
    action: "staff.invitation_revoked",
    targetType: "invitation",
    targetId: id,
    data: { email: row.email },
  });
}

async function findOpenInvitation(tx: Tx, token: string, now: Date) {
  const [inv] = await tx
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, sha256(token)));
  if (!inv || inv.revokedAt || inv.acceptedAt || inv.expiresAt <= now) return null;
  return inv;
}

/**
 * What the accept page shows. Deliberately not whether the email already has an account: any
 * brand can invite any email, so that would tell it who has one.
 */
export async function describeInvitation(db: Db, slug: string, token: string, now = new Date()) {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) return null;
  const inv = await withTenant(db, tenant.id, (tx) => findOpenInvitation(tx, token, now));
  if (!inv) return null;
  return { brandName: tenant.name, email: inv.email, role: inv.role };
}

const invalidInvitation = () =>
  new AppError("NOT_FOUND", "This invitation is invalid or has expired.");

/** Marks the invitation used and adds the membership, in the invitation's tenant transaction. */
async function join(tx: Tx, tenantId: string, inv: typeof invitations.$inferSelect, userId: string, now: Date) {
  // Conditional update: a second accept of the same link finds nothing to update.
  const [claimed] = await tx
    .update(invitations)
    .set({ acceptedAt: now })
    .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (!claimed) throw invalidInvitation();
  await tx.insert(memberships).values({ tenantId, userId, role: inv.role }).onConflictDoNothing();
  await audit(tx, { type: "staff", id: userId }, {
    action: "staff.joined",
    targetType: "user",
    targetId: userId,
    data: { email: inv.email, role: inv.role },
  });
}

/**
 * Someone with a login accepts while signed in as the invited email. No password is typed
 * into an invitation: checking one here made it a guessing oracle outside the sign-in limits,
 * open to any brand that invited a victim's email.
 */
export async function acceptInvitation(
  db: Db,
  raw: { slug: string; token: string; userId: string },
  now = new Date(),
) {
  const input = acceptInviteSchema.parse(raw);
  const tenant = await findTenantBySlug(db, input.slug);
  if (!tenant) throw invalidInvitation();
  const [user] = await withPlatform(db, (tx) =>
    tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, raw.userId)),
  );
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in.");
  return withTenant(db, tenant.id, async (tx) => {
    const inv = await findOpenInvitation(tx, input.token, now);
    if (!inv) throw invalidInvitation();
    if (user.email.trim().toLowerCase() !== inv.email) {
      throw new AppError("FORBIDDEN", "This invitation is for another email address.");
    }
    await join(tx, tenant.id, inv, user.id, now);
    return { userId: user.id, tenantId: tenant.id };
  });
}

/**
 * A person without a login accepts by choosing a name and password. If the email already has
 * an account, the answer says so (as signup's does) and nothing changes; callers limit these
 * answers per client address (server/auth/account-creation.ts).
 */
export async function joinWithNewAccount(
  db: Db,
  raw: { slug: string; token: string; name: string; password: string },
  now = new Date(),
) {
  const input = parseInput(joinInviteSchema, raw);
  const tenant = await findTenantBySlug(db, input.slug);
  if (!tenant) throw invalidInvitation();
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTenant(db, tenant.id, async (tx) => {
      const inv = await findOpenInvitation(tx, input.token, now);
      if (!inv) throw invalidInvitation();
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${inv.email}`);
      if (existing) throw emailTaken();
      const [u] = await tx
        .insert(users)
        .values({ email: inv.email, name: input.name, passwordHash })
        .returning({ id: users.id });
      await join(tx, tenant.id, inv, u!.id, now);
      return { userId: u!.id, tenantId: tenant.id };
    });
  } catch (e) {
    if (isUniqueViolation(e, "users_email_key")) throw emailTaken();
    throw e;
  }
}

const emailTaken = () =>
  new AppError("CONFLICT", "An account with this email already exists. Sign in to accept.", {
    fields: { email: "email.takenInvite" },
  });

async function ownerCount(tx: Tx) {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(eq(memberships.role, "owner"));
  return rows.length;
}

export async function changeStaffRole(
  tx: Tx,
  actor: Actor & { role: StaffRole },
  input: { membershipId: string; role: string },
) {
  const role = staffRoleSchema.parse(input.role);
  const [m] = await tx.select().from(memberships).where(eq(memberships.id, input.membershipId));
  if (!m) throw new AppError("NOT_FOUND", "Staff member not found.");
  // Only an owner may create or demote an owner.
  if ((role === "owner" || m.role === "owner") && actor.role !== "owner") {
    throw new AppError("FORBIDDEN", "Only an owner can change owner roles.");
  }
  if (m.role === "owner" && role !== "owner" && (await ownerCount(tx)) <= 1) {
    throw new AppError("PRECONDITION_FAILED", "A brand must keep at least one owner.");
  }
  if (m.role === role) return m;
  const [row] = await tx
    .update(memberships)
    .set({ role })
    .where(eq(memberships.id, m.id))
    .returning();
  await audit(tx, actor, {
    action: "staff.role_changed",
    targetType: "user",
    targetId: m.userId,
    data: { role: [m.role, role] },
  });
  return row!;
}

export async function removeStaff(
  tx: Tx,
  actor: Actor & { role: StaffRole },
  input: { membershipId: string },
) {
  const [m] = await tx.select().from(memberships).where(eq(memberships.id, input.membershipId));
  if (!m) throw new AppError("NOT_FOUND", "Staff member not found.");
  if (m.role === "owner" && actor.role !== "owner") {
    throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
  }
  if (m.role === "owner" && (await ownerCount(tx)) <= 1) {
    throw new AppError("PRECONDITION_FAILED", "A brand must keep at least one owner.");
  }
  await tx.delete(memberships).where(eq(memberships.id, m.id));
  await audit(tx, actor, {
    action: "staff.removed",
    targetType: "user",
    targetId: m.userId,
    data: { role: m.role },
  });
}
