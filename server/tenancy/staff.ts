/** Staff of a brand: list, invite by link, accept, change role, remove. */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { invitations, memberships, users } from "@/db/schema";
import { currentTenantId, withPlatform, withTenant } from "@/db/tenant";
import { hashPassword, passwordSchema, verifyPassword } from "@/server/auth/password";
import type { StaffRole } from "@/server/auth/permissions";
import { AppError } from "@/server/errors";
import { randomToken, sha256 } from "@/server/shared/crypto";
import { audit, type Actor } from "./audit";
import { findTenantBySlug } from "./brands";
import { acceptInviteSchema, inviteSchema, staffRoleSchema } from "./schemas";

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

/** What the accept page shows before the person sets a password. */
export async function describeInvitation(db: Db, slug: string, token: string, now = new Date()) {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) return null;
  const inv = await withTenant(db, tenant.id, (tx) => findOpenInvitation(tx, token, now));
  if (!inv) return null;
  const [user] = await withPlatform(db, (tx) =>
    tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${inv.email}`),
  );
  return { brandName: tenant.name, email: inv.email, role: inv.role, hasAccount: !!user };
}

/**
 * Accepts an invitation. A new person sets name + password; someone who already has a login
 * (staff of another brand) proves it with their password. Returns the user id to sign in.
 */
export async function acceptInvitation(
  db: Db,
  raw: { slug: string; token: string; name?: string; password: string },
  now = new Date(),
) {
  const input = acceptInviteSchema.parse(raw);
  const tenant = await findTenantBySlug(db, input.slug);
  const invalid = new AppError("NOT_FOUND", "This invitation is invalid or has expired.");
  if (!tenant) throw invalid;
  return withTenant(db, tenant.id, async (tx) => {
    const inv = await findOpenInvitation(tx, input.token, now);
    if (!inv) throw invalid;
    const [existing] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${inv.email}`);
    let userId: string;
    if (existing) {
      if (!(await verifyPassword(existing.passwordHash, input.password))) {
        throw new AppError("UNAUTHORIZED", "Password is incorrect for this account.", {
          fields: { password: "password.incorrect" },
        });
      }
      userId = existing.id;
    } else {
      const pw = passwordSchema.safeParse(input.password);
      if (!pw.success) {
        throw new AppError("BAD_REQUEST", "Please choose a stronger password.", {
          fields: { password: pw.error.issues[0]!.message },
        });
      }
      if (!input.name) {
        throw new AppError("BAD_REQUEST", "Please enter your name.", {
          fields: { name: "ownerName.required" },
        });
      }
      const [u] = await tx
        .insert(users)
        .values({ email: inv.email, name: input.name, passwordHash: await hashPassword(input.password) })
        .returning({ id: users.id });
      userId = u!.id;
    }
    // Conditional update: a second accept of the same link finds nothing to update.
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (!claimed) throw invalid;
    await tx
      .insert(memberships)
      .values({ tenantId: tenant.id, userId, role: inv.role })
      .onConflictDoNothing();
    await audit(tx, { type: "staff", id: userId }, {
      action: "staff.joined",
      targetType: "user",
      targetId: userId,
      data: { email: inv.email, role: inv.role },
    });
    return { userId, tenantId: tenant.id };
  });
}

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
