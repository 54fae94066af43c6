/**
 * Staff sign-in and server-side sessions. next-auth carries only the session id in its JWT;
 * the row here is the truth, so deleting it signs every copy of the cookie out.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import { isUuid } from "@/db/ids";
import type { Db, Tx } from "@/db/client";
import { authSessions, memberships, tenants, users } from "@/db/schema";
import { rowsOf, withPlatform } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { dummyPasswordHash, verifyPassword } from "./password";
import type { StaffRole } from "./permissions";
import { clearRateLimit, hitRateLimit } from "./rate-limit";

export const SIGNIN_LIMITS = {
  perAccount: { limit: 5, windowSeconds: 15 * 60 },
  perIp: { limit: 30, windowSeconds: 15 * 60 },
} as const;
export const STAFF_SESSION_DAYS = 7;

export interface StaffBrand {
  tenantId: string;
  slug: string;
  name: string;
  role: StaffRole;
}

export interface StaffSession {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  activeTenantId: string | null;
}

const accountKey = (email: string) => `signin:account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;

/** Verifies email + password with per-account and per-IP throttling. */
export async function authenticateStaff(
  db: Db,
  input: { email: string; password: string; ip: string },
  now: Date = new Date(),
) {
  const email = input.email.trim().toLowerCase();
  // Counted in its own transaction so a failed attempt is remembered.
  const [acct, ip] = await withPlatform(db, async (tx) => [
    await hitRateLimit(tx, accountKey(email), SIGNIN_LIMITS.perAccount, now),
    await hitRateLimit(tx, ipKey(input.ip), SIGNIN_LIMITS.perIp, now),
  ]);
  for (const r of [acct, ip]) {
    if (!r.allowed) {
      throw new AppError(
        "TOO_MANY_REQUESTS",
        `Too many sign-in attempts. Try again in ${Math.ceil(r.retryAfterSeconds / 60)} min.`,
        { retryAfterSeconds: r.retryAfterSeconds },
      );
    }
  }
  const user = await withPlatform(db, async (tx) => {
    const [u] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    return u;
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok) throw new AppError("UNAUTHORIZED", "Email or password is incorrect.");
  await withPlatform(db, (tx) => clearRateLimit(tx, accountKey(email)));
  return { id: user.id, email: user.email, name: user.name };
}

export async function listStaffBrands(db: Db, userId: string): Promise<StaffBrand[]> {
  return withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string; slug: string; name: string; role: StaffRole }>(
      await tx.execute(sql`select * from fx_user_brands(${userId})`),
    ).map((r) => ({ tenantId: r.tenant_id, slug: r.slug, name: r.name, role: r.role })),
  );
}

/** The user's brand and role in the transaction's tenant (RLS scopes memberships), or null. */
export async function staffBrandInTenant(tx: Tx, userId: string): Promise<StaffBrand | null> {
  const [row] = await tx
    .select({
      tenantId: memberships.tenantId,
      slug: tenants.slug,
      name: tenants.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId));
  return row ?? null;
}

export async function createStaffSession(db: Db, userId: string, now: Date = new Date()) {
  const brands = await listStaffBrands(db, userId);
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_DAYS * 86400_000);
  const [row] = await withPlatform(db, (tx) =>
    tx
      .insert(authSessions)
      .values({ userId, activeTenantId: brands[0]?.tenantId ?? null, expiresAt })
      .returning({ id: authSessions.id }),
  );
  return row!.id;
}

export async function getStaffSession(
  db: Db,
  sessionId: string | undefined | null,
  now: Date = new Date(),
): Promise<StaffSession | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await withPlatform(db, (tx) =>
    tx
      .select({
        sessionId: authSessions.id,
        userId: users.id,
        email: users.email,
        name: users.name,
        activeTenantId: authSessions.activeTenantId,
      })
      .from(authSessions)
      .innerJoin(users, eq(users.id, authSessions.userId))
      .where(and(eq(authSessions.id, sessionId), gt(authSessions.expiresAt, now))),
  );
  return row ?? null;
}

export async function revokeStaffSession(db: Db, sessionId: string) {
  await withPlatform(db, (tx) => tx.delete(authSessions).where(eq(authSessions.id, sessionId)));
}

/** Switches the session's active brand; only to a brand the user belongs to. */
export async function switchBrand(db: Db, session: StaffSession, tenantId: string) {
  const brands = await listStaffBrands(db, session.userId);
  if (!brands.some((b) => b.tenantId === tenantId)) {
    throw new AppError("NOT_FOUND", "Brand not found.");
  }
  await withPlatform(db, (tx) =>
    tx
      .update(authSessions)
      .set({ activeTenantId: tenantId })
      .where(eq(authSessions.id, session.sessionId)),
  );
}
