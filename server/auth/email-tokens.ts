/**
 * Staff "forgot password" and email verification: single-use, expiring tokens mailed as links.
 * Only the token's SHA-256 is stored; using one goes through fx_reset_staff_password /
 * fx_verify_staff_email, which consume it atomically. The forgot-password answer is the same
 * whether or not the address has an account.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import type { Db } from "@/db/client";
import { staffEmailVerifications, staffTokens, users } from "@/db/schema";
import { firstRow, withPlatform } from "@/db/tenant";
import { getEmailProvider } from "@/server/email/get-provider";
import type { EmailProvider } from "@/server/email/provider";
import { AppError } from "@/server/errors";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/server/i18n/config";
import { loadMessages } from "@/server/i18n/messages";
import { parseInput } from "@/server/promotion/validate";
import { randomToken, sha256 } from "@/server/shared/crypto";
import { z } from "zod";
import { hashPassword, passwordSchema } from "./password";
import { enforceRateLimit, type RateLimitRule } from "./rate-limit";

export const RESET_TTL_MINUTES = 30;
export const VERIFY_TTL_HOURS = 48;
export const RESET_LIMITS = {
  perEmail: { limit: 3, windowSeconds: 60 * 60 },
  perIp: { limit: 10, windowSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimitRule>;
export const VERIFY_RESEND_LIMIT: RateLimitRule = { limit: 5, windowSeconds: 60 * 60 };

export interface MailDeps {
  /** Where links point (the app's public origin). */
  baseUrl: string;
  locale?: string | null;
  email?: EmailProvider;
  now?: Date;
}

async function mailText(locale: string | null | undefined) {
  const lang: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const t = createTranslator({ locale: lang, messages: await loadMessages(lang), namespace: "account.mail" });
  // Messages are loaded at run time, so keys cannot be checked against a static type here.
  return t as unknown as (key: string, values?: Record<string, string | number>) => string;
}

async function issueToken(db: Db, userId: string, purpose: "password_reset" | "email_verify", expiresAt: Date) {
  const token = randomToken(32);
  await withPlatform(db, (tx) => tx.insert(staffTokens).values({ userId, purpose, tokenHash: sha256(token), expiresAt }));
  return token;
}

const link = (base: string, path: string, token: string) => `${base.replace(/\/+$/, "")}${path}?token=${encodeURIComponent(token)}`;

/**
 * Mails a reset link when `email` has an account. Always resolves the same way (or
 * TOO_MANY_REQUESTS, counted per address and per IP whether or not the account exists).
 */
export async function requestPasswordReset(db: Db, input: { email: string; ip: string }, deps: MailDeps) {
  const now = deps.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const user = await withPlatform(db, async (tx) => {
    await enforceRateLimit(tx, `reset:ip:${input.ip}`, RESET_LIMITS.perIp, "Too many requests. Try again later.", now);
    await enforceRateLimit(tx, `reset:email:${email}`, RESET_LIMITS.perEmail, "Too many requests. Try again later.", now);
    const [u] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(sql`lower(${users.email}) = ${email}`);
    return u ?? null;
  });
  if (!user) return;
  const token = await issueToken(db, user.id, "password_reset", new Date(now.getTime() + RESET_TTL_MINUTES * 60_000));
  const t = await mailText(deps.locale);
  try {
    await (deps.email ?? getEmailProvider(db)).send({
      to: user.email,
      subject: t("resetSubject"),
      text: t("resetBody", { name: user.name, minutes: RESET_TTL_MINUTES, url: link(deps.baseUrl, "/reset-password", token) }),
    });
  } catch (e) {
    // Failing loudly would tell the caller the account exists; the log tells the operator.
    console.error("password reset mail failed", e);
  }
}

const resetSchema = z.object({ token: z.string().min(10).max(200), password: passwordSchema });

/** Sets a new password with a reset token; ends the user's sessions. Refused tokens change nothing. */
export async function resetPassword(db: Db, raw: { token: string; password: string }, now: Date = new Date()) {
  const input = parseInput(resetSchema, raw);
  const hash = await hashPassword(input.password);
  const row = await withPlatform(db, async (tx) =>
    firstRow<{ user_id: string | null }>(
      await tx.execute(sql`select fx_reset_staff_password(${sha256(input.token)}, ${hash}, ${now.toISOString()}::timestamptz) as user_id`),
    ),
  );
  if (!row?.user_id) {
    throw new AppError("BAD_REQUEST", "This reset link is invalid, was already used or has expired.", { fields: { token: "token.invalid" } });
  }
  return { userId: row.user_id };
}

/** Mails a verification link to the user's address (signup, and "send again" from the banner). */
export async function sendVerificationEmail(db: Db, userId: string, deps: MailDeps) {
  const now = deps.now ?? new Date();
  const user = await withPlatform(db, async (tx) => {
    await enforceRateLimit(tx, `verify:user:${userId}`, VERIFY_RESEND_LIMIT, "Too many emails. Try again later.", now);
    const [u] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
    return u ?? null;
  });
  if (!user) throw new AppError("NOT_FOUND", "User not found.");
  if (await isEmailVerified(db, userId)) return { sent: false };
  const token = await issueToken(db, user.id, "email_verify", new Date(now.getTime() + VERIFY_TTL_HOURS * 3600_000));
  const t = await mailText(deps.locale);
  await (deps.email ?? getEmailProvider(db)).send({
    to: user.email,
    subject: t("verifySubject"),
    text: t("verifyBody", { name: user.name, hours: VERIFY_TTL_HOURS, url: link(deps.baseUrl, "/verify-email", token) }),
  });
  return { sent: true };
}

/** Marks the address verified; false for an unknown, used or expired token. */
export async function verifyEmail(db: Db, token: string, now: Date = new Date()): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const row = await withPlatform(db, async (tx) =>
    firstRow<{ user_id: string | null }>(await tx.execute(sql`select fx_verify_staff_email(${sha256(token)}, ${now.toISOString()}::timestamptz) as user_id`)),
  );
  return !!row?.user_id;
}

export async function isEmailVerified(db: Db, userId: string): Promise<boolean> {
  const [row] = await withPlatform(db, (tx) =>
    tx.select({ at: staffEmailVerifications.verifiedAt }).from(staffEmailVerifications).where(eq(staffEmailVerifications.userId, userId)),
  );
  return !!row;
}

/** Outstanding, unexpired reset tokens of a user (tests and support). */
export async function liveResetTokens(db: Db, userId: string, now: Date = new Date()) {
  return withPlatform(db, (tx) =>
    tx.select({ id: staffTokens.id }).from(staffTokens).where(and(eq(staffTokens.userId, userId), eq(staffTokens.purpose, "password_reset"), isNull(staffTokens.usedAt), gt(staffTokens.expiresAt, now))),
  );
}
