import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { firstRow, withPlatform } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { firstLink, listMailOutbox } from "@/server/email/outbox";
import { selectEmailProvider } from "@/server/email/select";
import { appErrorOf } from "@/server/testing/outcomes";
import { createBrandFixture, TEST_PASSWORD } from "@/server/testing/fixtures";
import { authenticateStaff, createStaffSession, getStaffSession } from "./staff-auth";
import {
  isEmailVerified,
  requestPasswordReset,
  resetPassword,
  RESET_LIMITS,
  RESET_TTL_MINUTES,
  sendVerificationEmail,
  verifyEmail,
} from "./email-tokens";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const BASE = "http://localhost:3950";
let ipSeq = 0;
const freshIp = () => `203.0.113.${++ipSeq}`;
const NEW_PASSWORD = "brand-new-pass-77";

async function tokenFromMail(to: string) {
  const [mail] = await listMailOutbox(t.db, { to, limit: 1 });
  const url = new URL(firstLink(mail!.body)!);
  return { url, token: url.searchParams.get("token")!, mail: mail! };
}

describe("password reset", () => {
  it("mails a link once; the token sets the password, ends sessions and is single-use", async () => {
    const b = await createBrandFixture(t);
    const sid = await createStaffSession(t.db, b.ownerUserId);
    await requestPasswordReset(t.db, { email: b.email.toUpperCase(), ip: freshIp() }, { baseUrl: BASE, locale: "en" });
    const { url, token, mail } = await tokenFromMail(b.email);
    expect(mail.subject).toBe("Reset your Fenxiao password");
    expect(url.origin + url.pathname).toBe(`${BASE}/reset-password`);
    // Only the hash is stored.
    const stored = await withPlatform(t.db, async (tx) => firstRow<{ n: number }>(await tx.execute(sql`select count(*)::int as n from staff_tokens where token_hash = ${token}`)));
    expect(stored?.n).toBe(0);

    await resetPassword(t.db, { token, password: NEW_PASSWORD });
    expect(await getStaffSession(t.db, sid)).toBeNull();
    await expect(authenticateStaff(t.db, { email: b.email, password: NEW_PASSWORD, ip: freshIp() })).resolves.toMatchObject({ id: b.ownerUserId });
    expect((await appErrorOf(authenticateStaff(t.db, { email: b.email, password: TEST_PASSWORD, ip: freshIp() }))).code).toBe("UNAUTHORIZED");
    // Following the mailed link proves the address.
    expect(await isEmailVerified(t.db, b.ownerUserId)).toBe(true);

    const again = await appErrorOf(resetPassword(t.db, { token, password: "another-pass-88" }));
    expect(again).toMatchObject({ code: "BAD_REQUEST", fields: { token: "token.invalid" } });
    await expect(authenticateStaff(t.db, { email: b.email, password: NEW_PASSWORD, ip: freshIp() })).resolves.toBeTruthy();
  });

  it("refuses an expired token and a wrong token, changing nothing", async () => {
    const b = await createBrandFixture(t);
    const t0 = new Date();
    await requestPasswordReset(t.db, { email: b.email, ip: freshIp() }, { baseUrl: BASE, now: t0 });
    const { token } = await tokenFromMail(b.email);
    const late = new Date(t0.getTime() + (RESET_TTL_MINUTES * 60 + 1) * 1000);
    expect((await appErrorOf(resetPassword(t.db, { token, password: NEW_PASSWORD }, late))).code).toBe("BAD_REQUEST");
    expect((await appErrorOf(resetPassword(t.db, { token: `${token.slice(0, -2)}xx`, password: NEW_PASSWORD }))).code).toBe("BAD_REQUEST");
    await expect(authenticateStaff(t.db, { email: b.email, password: TEST_PASSWORD, ip: freshIp() })).resolves.toBeTruthy();
    // A weak password is refused before the token is used: the link still works afterwards.
    expect((await appErrorOf(resetPassword(t.db, { token, password: "short" }))).fields).toMatchObject({ password: "password.tooShort" });
    await expect(resetPassword(t.db, { token, password: NEW_PASSWORD })).resolves.toMatchObject({ userId: b.ownerUserId });
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const before = (await listMailOutbox(t.db, { limit: 500 })).length;
    await expect(requestPasswordReset(t.db, { email: "nobody@nowhere.test", ip: freshIp() }, { baseUrl: BASE })).resolves.toBeUndefined();
    expect((await listMailOutbox(t.db, { limit: 500 })).length).toBe(before);
  });

  it("is rate-limited per address (known or not) and per IP", async () => {
    const b = await createBrandFixture(t);
    for (let i = 0; i < RESET_LIMITS.perEmail.limit; i++) {
      await requestPasswordReset(t.db, { email: b.email, ip: freshIp() }, { baseUrl: BASE });
    }
    expect((await appErrorOf(requestPasswordReset(t.db, { email: b.email, ip: freshIp() }, { baseUrl: BASE }))).code).toBe("TOO_MANY_REQUESTS");
    const unknown = "ghost@nowhere.test";
    for (let i = 0; i < RESET_LIMITS.perEmail.limit; i++) {
      await requestPasswordReset(t.db, { email: unknown, ip: freshIp() }, { baseUrl: BASE });
    }
    expect((await appErrorOf(requestPasswordReset(t.db, { email: unknown, ip: freshIp() }, { baseUrl: BASE }))).code).toBe("TOO_MANY_REQUESTS");
    const ip = freshIp();
    for (let i = 0; i < RESET_LIMITS.perIp.limit; i++) {
      await requestPasswordReset(t.db, { email: `p${i}@nowhere.test`, ip }, { baseUrl: BASE });
    }
    expect((await appErrorOf(requestPasswordReset(t.db, { email: "last@nowhere.test", ip }, { baseUrl: BASE }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("the runtime role cannot mark a token used or change a password itself", async () => {
    const e = await withPlatform(t.db, (tx) => tx.execute(sql`update staff_tokens set used_at = now()`)).then(
      () => null,
      (err: unknown) => err,
    );
    expect(String((e as { cause?: unknown })?.cause ?? e)).toMatch(/permission denied/);
  });
});

describe("email verification", () => {
  it("mails a link that verifies the address once", async () => {
    const b = await createBrandFixture(t);
    expect(await isEmailVerified(t.db, b.ownerUserId)).toBe(false);
    await sendVerificationEmail(t.db, b.ownerUserId, { baseUrl: BASE, locale: "zh-CN" });
    const { token, mail } = await tokenFromMail(b.email);
    expect(mail.subject).toBe("验证您的分销通邮箱");
    expect(await verifyEmail(t.db, "wrong-token-value")).toBe(false);
    expect(await verifyEmail(t.db, token)).toBe(true);
    expect(await isEmailVerified(t.db, b.ownerUserId)).toBe(true);
    expect(await verifyEmail(t.db, token)).toBe(false);
    expect(await sendVerificationEmail(t.db, b.ownerUserId, { baseUrl: BASE })).toEqual({ sent: false });
  });
});

describe("mail provider selection", () => {
  it("uses SMTP when configured, the outbox in development, and refuses the outbox in production", () => {
    expect(selectEmailProvider({ FENXIAO_ENV: "development" })).toEqual({ kind: "outbox" });
    expect(() => selectEmailProvider({ FENXIAO_ENV: "production" })).toThrow();
    expect(() => selectEmailProvider({ FENXIAO_ENV: "production", SMTP_HOST: "smtp.example.com" })).toThrow();
    expect(selectEmailProvider({ FENXIAO_ENV: "production", SMTP_URL: "smtps://u:p@smtp.example.com:465", MAIL_FROM: "Fenxiao <no-reply@example.com>" })).toMatchObject({
      kind: "smtp",
      config: { url: "smtps://u:p@smtp.example.com:465", from: "Fenxiao <no-reply@example.com>" },
    });
  });
});
