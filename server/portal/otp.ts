/**
 * Phone sign-in codes for the distributor portal. Only keyed hashes of the phone and the code
 * are stored; a code lives five minutes, allows five wrong guesses and signs in once.
 */
import crypto from "node:crypto";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { otpCodes } from "@/db/schema";
import { withPlatform, withTenant } from "@/db/tenant";
import { enforceRateLimit, type RateLimitRule } from "@/server/auth/rate-limit";
import { env } from "@/server/env";
import { AppError, isAppError } from "@/server/errors";
import { keyedHash, timingSafeEqualStr } from "@/server/shared/crypto";
import { getSmsProvider } from "@/server/sms/get-provider";
import { OTP_TTL_MINUTES, smsSendFailed, type SmsProvider } from "@/server/sms/provider";
import type { SmsEnv } from "@/server/sms/select";
import { resolvePhoneMember } from "./member";
import { normalisePhone, phoneHash } from "./phone";

/** The SMS text states the lifetime in minutes, so the code lives exactly that long. */
export const OTP_TTL_SECONDS = OTP_TTL_MINUTES * 60;
export const OTP_MAX_ATTEMPTS = 5;
/** The sign-in form's resend countdown matches the per-phone minute limit. */
export const OTP_RESEND_SECONDS = 60;

/**
 * Who may make us send how many texts. Per phone (within a brand and across brands), per
 * client address across brands, and caps per brand and for the whole deployment, so neither
 * rotating numbers and addresses nor spreading over self-signed-up brands pumps SMS without end.
 */
export const OTP_LIMITS = {
  perPhoneMinute: { limit: 1, windowSeconds: OTP_RESEND_SECONDS },
  perPhoneHour: { limit: 5, windowSeconds: 3600 },
  perPhoneDay: { limit: 10, windowSeconds: 86400 },
  perIpHour: { limit: 20, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimitRule>;

export interface OtpCaps {
  brandHourly: number;
  globalHourly: number;
}

export interface OtpDeps {
  /** A gateway to use instead of the configured one (tests). */
  sms?: SmsProvider;
  /** Configuration to select the gateway from instead of the process env (tests). */
  smsEnv?: SmsEnv;
  /** Per-brand and deployment-wide hourly caps instead of the configured ones (tests). */
  caps?: OtpCaps;
}

function parsePhone(input: string): string {
  const phone = normalisePhone(input);
  if (!phone) {
    const message = "Enter a valid mainland China mobile number.";
    throw new AppError("BAD_REQUEST", message, { fields: { phone: message } });
  }
  return phone;
}

// Bound to the brand and the phone, so a code hash means nothing anywhere else.
const codeHash = (tenantId: string, hashOfPhone: string, code: string) =>
  keyedHash(`${tenantId}\u0000${hashOfPhone}\u0000${code}`, "otp-code");

export interface RequestOtpInput {
  tenantId: string;
  phone: string;
  ip: string;
  now?: Date;
}

export interface RequestOtpResult {
  expiresAt: Date;
  resendAfterSeconds: number;
}

/** Sends a fresh code to `phone`. Throttled per phone and per IP, both within the brand. */
export async function requestOtp(
  db: Db,
  input: RequestOtpInput,
  deps: OtpDeps = {},
): Promise<RequestOtpResult> {
  const { tenantId } = input;
  const now = input.now ?? new Date();
  const phone = parsePhone(input.phone);
  // Before anything is counted or created: a deployment without a gateway creates no codes.
  const sms = deps.sms ?? getSmsProvider(db, deps.smsEnv);
  const hashOfPhone = phoneHash(phone);

  // One transaction: a refused request rolls back, so it does not eat into any budget. The
  // requester's own limits come first, so one sender cannot spend the brand's or everyone's.
  const caps = deps.caps ?? { brandHourly: env.OTP_BRAND_HOURLY_LIMIT, globalHourly: env.OTP_GLOBAL_HOURLY_LIMIT };
  await withPlatform(db, async (tx) => {
    const limit = (key: string, rule: RateLimitRule, message: string) =>
      enforceRateLimit(tx, key, rule, message, now);
    const phoneKey = `otp:${tenantId}:phone:${hashOfPhone}`;
    await limit(`${phoneKey}:minute`, OTP_LIMITS.perPhoneMinute, "Please wait before requesting another code.");
    const tooMany = "Too many codes requested for this number. Try again later.";
    await limit(`${phoneKey}:hour`, OTP_LIMITS.perPhoneHour, tooMany);
    await limit(`otp:phone:${hashOfPhone}:day`, OTP_LIMITS.perPhoneDay, tooMany);
    await limit(
      `otp:ip:${input.ip}:hour`,
      OTP_LIMITS.perIpHour,
      "Too many codes requested from this network. Try again later.",
    );
    const busy = "Sign-in by SMS is busy right now. Try again later.";
    await limit(`otp:brand:${tenantId}:hour`, { limit: caps.brandHourly, windowSeconds: 3600 }, busy);
    await limit("otp:global:hour", { limit: caps.globalHourly, windowSeconds: 3600 }, busy);
  });

  const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, "0");
  const expiresAt = new Date(now.getTime() + OTP_TTL_SECONDS * 1000);
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .insert(otpCodes)
      .values({
        tenantId,
        phoneHash: hashOfPhone,
        codeHash: codeHash(tenantId, hashOfPhone, code),
        expiresAt,
        createdAt: now,
      })
      .returning({ id: otpCodes.id }),
  );

  try {
    await sms.sendOtp(phone, code);
  } catch (e) {
    // Undelivered: the code must not stay valid (and "latest code" must not point at it).
    await withTenant(db, tenantId, (tx) =>
      tx.delete(otpCodes).where(and(eq(otpCodes.tenantId, tenantId), eq(otpCodes.id, row!.id))),
    );
    throw isAppError(e) ? e : smsSendFailed(e);
  }
  return { expiresAt, resendAfterSeconds: OTP_RESEND_SECONDS };
}

export interface VerifyOtpInput {
  tenantId: string;
  phone: string;
  code: string;
  now?: Date;
}

export interface VerifyOtpResult {
  memberId: string;
  /** The normalised phone number (for the caller's use; never returned to a client). */
  phone: string;
}

type Outcome =
  { kind: "ok"; memberId: string } | { kind: "none" } | { kind: "wrong"; remaining: number };

/**
 * Checks `code` against the newest live code for `phone`. Wrong guesses are counted even
 * though the call fails; the consuming update is conditional, so of two concurrent correct
 * verifications exactly one succeeds.
 */
export async function verifyOtp(db: Db, input: VerifyOtpInput): Promise<VerifyOtpResult> {
  const { tenantId } = input;
  const now = input.now ?? new Date();
  const phone = parsePhone(input.phone);
  const code = input.code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) {
    const message = "Enter the 6-digit code from the SMS.";
    throw new AppError("BAD_REQUEST", message, { fields: { code: message } });
  }
  const hashOfPhone = phoneHash(phone);
  const live = and(
    eq(otpCodes.tenantId, tenantId),
    isNull(otpCodes.consumedAt),
    gt(otpCodes.expiresAt, now),
  );

  const outcome = await withTenant(db, tenantId, async (tx): Promise<Outcome> => {
    const [latest] = await tx
      .select({ id: otpCodes.id, codeHash: otpCodes.codeHash, attempts: otpCodes.attempts })
      .from(otpCodes)
      .where(and(live, eq(otpCodes.phoneHash, hashOfPhone)))
      .orderBy(desc(otpCodes.createdAt), desc(otpCodes.id))
      .limit(1);
    if (!latest) return { kind: "none" };
    if (latest.attempts >= OTP_MAX_ATTEMPTS) return { kind: "wrong", remaining: 0 };

    const thisCode = and(eq(otpCodes.tenantId, tenantId), eq(otpCodes.id, latest.id));
    if (!timingSafeEqualStr(latest.codeHash, codeHash(tenantId, hashOfPhone, code))) {
      const [counted] = await tx
        .update(otpCodes)
        .set({ attempts: sql`${otpCodes.attempts} + 1` })
        .where(and(thisCode, lt(otpCodes.attempts, OTP_MAX_ATTEMPTS)))
        .returning({ attempts: otpCodes.attempts });
      return {
        kind: "wrong",
        remaining: OTP_MAX_ATTEMPTS - (counted?.attempts ?? OTP_MAX_ATTEMPTS),
      };
    }

    const [consumed] = await tx
      .update(otpCodes)
      .set({ consumedAt: now })
      .where(and(thisCode, live, lt(otpCodes.attempts, OTP_MAX_ATTEMPTS)))
      .returning({ id: otpCodes.id });
    if (!consumed) return { kind: "none" };
    // Older codes still outstanding for this phone die with this sign-in.
    await tx
      .update(otpCodes)
      .set({ expiresAt: now })
      .where(and(live, eq(otpCodes.phoneHash, hashOfPhone)));

    return { kind: "ok", memberId: await resolvePhoneMember(tx, phone, now) };
  });

  switch (outcome.kind) {
    case "ok":
      return { memberId: outcome.memberId, phone };
    case "none":
      throw new AppError(
        "UNAUTHORIZED",
        "The code is incorrect or has expired. Request a new code.",
      );
    case "wrong":
      if (outcome.remaining <= 0) {
        throw new AppError("TOO_MANY_REQUESTS", "Too many wrong attempts. Request a new code.");
      }
      throw new AppError("UNAUTHORIZED", "The code is incorrect.", {
        fields: { code: "The code is incorrect." },
      });
  }
}
