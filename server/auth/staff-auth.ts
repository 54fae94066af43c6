/**
 * Staff sign-in and server-side sessions. next-auth carries only the session id in its JWT;
 * the row here is the truth, so deleting it signs every copy of the cookie out.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import { isUuid } from "@/db/ids";
import type { Db, Tx } from "@/db/client";
import { authSessions, memberships, tenants, users } from "@/db/schema";
import { firstRow, rowsOf, withPlatform } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { dummyPasswordHash, verifyPassword } from "./password";
import type { StaffRole } from "./permissions";
import { env } from "@/server/env";
import { clearRateLimit, hitRateLimit, peekRateLimit } from "./rate-limit";

/**
 * Sign-in throttling. The lock is on the account-plus-address pair, so an attacker who keeps
 * guessing locks out their own address, not the owner. Failures on the account from anywhere
 * are counted too: past `perAccount`, a device that has not signed in to the account before is
 * refused (a botnet rotating addresses gets no more guesses), while a known device is only
 * slowed, so the owner still gets in with the right password.
 */
export const SIGNIN_LIMITS = {
  perAccountIp: { limit: 5, windowSeconds: 15 * 60 },
  perIp: { limit: env.SIGNIN_LIMIT_PER_IP, windowSeconds: 15 * 60 },
  perAccount: { limit: 10, windowSeconds: 15 * 60 },
} as const;
/** How long a known device waits per attempt while its account is under attack. */
export const KNOWN_DEVICE_DELAY_MS = 2000;
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

const normalEmail = (email: string) => email.trim().toLowerCase();
const pairKey = (email: string, ip: string) => `signin:pair:${ip}:${email}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;
const accountKey = (email: string) => `signin:account:${email}`;

export interface SignInAttempt {
  email: string;
  password: string;
  ip: string;
  /** The browser holds this account's known-device cookie (server/auth/known-device.ts). */
  knownDevice?: boolean;
}

export interface SignInOptions {
  now?: Date;
  /** Waits KNOWN_DEVICE_DELAY_MS; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
}

function throttled(retryAfterSeconds: number) {
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Too many sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} min.`,
    { retryAfterSeconds },
  );
}

/**
 * The one place a staff password is checked (sign-in). Verifies email + password under the
 * limits above; the password hash is read through fx_staff_credentials, outside any tenant.
 */
export async function authenticateStaff(db: Db, input: SignInAttempt, opts: SignInOptions = {}) {
  const now = opts.now ?? new Date();
  const email = normalEmail(input.email);
  // Counted in its own transaction so a refused attempt is remembered.
  const [pair, ip, account] = await withPlatform(db, async (tx) => [
    await hitRateLimit(tx, pairKey(email, input.ip), SIGNIN_LIMITS.perAccountIp, now),
    await hitRateLimit(tx, ipKey(input.ip), SIGNIN_LIMITS.perIp, now),
    await peekRateLimit(tx, accountKey(email), SIGNIN_LIMITS.perAccount, now),
  ]);
  for (const r of [pair, ip]) if (!r.allowed) throw throttled(r.retryAfterSeconds);
  const underAttack = account.count >= SIGNIN_LIMITS.perAccount.limit;
  if (underAttack && !input.knownDevice) throw throttled(account.retryAfterSeconds);

  const user = await withPlatform(db, async (tx) =>
    firstRow<{ id: string; email: string; name: string; password_hash: string }>(
      await tx.execute(sql`select * from fx_staff_credentials(${email})`),
    ),
  );
  if (underAttack) await (opts.sleep ?? delay)(KNOWN_DEVICE_DELAY_MS);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok) {
    await withPlatform(db, (tx) => hitRateLimit(tx, accountKey(email), SIGNIN_LIMITS.perAccount, now));
    throw new AppError("UNAUTHORIZED", "Email or password is incorrect.");
  }
  // The account-wide count stays: the owner signing in does not end an attack on it.
  await withPlatform(db, (tx) => clearRateLimit(tx, pairKey(email, input.ip)));
  return { id: user.id, email: user.email, name: user.name };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
