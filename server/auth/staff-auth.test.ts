import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { createBrandFixture, TEST_PASSWORD } from "@/server/testing/fixtures";
import { isKnownDevice, knownDeviceToken } from "./known-device";
import {
  authenticateStaff,
  createStaffSession,
  getStaffSession,
  KNOWN_DEVICE_DELAY_MS,
  revokeStaffSession,
  SIGNIN_LIMITS,
} from "./staff-auth";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const codeOf = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe("staff sign-in", () => {
  it("accepts the right password, case-insensitive email", async () => {
    const b = await createBrandFixture(t);
    const user = await authenticateStaff(t.db, {
      email: b.email.toUpperCase(),
      password: TEST_PASSWORD,
      ip: "198.51.100.1",
    });
    expect(user.id).toBe(b.ownerUserId);
  });

  it("refuses a wrong password and an unknown email with the same message", async () => {
    const b = await createBrandFixture(t);
    const wrong = await authenticateStaff(t.db, { email: b.email, password: "nope-nope-1", ip: "198.51.100.2" }).catch((e: unknown) => e);
    const unknown = await authenticateStaff(t.db, { email: "ghost@x.test", password: TEST_PASSWORD, ip: "198.51.100.2" }).catch((e: unknown) => e);
    expect(codeOf(wrong)).toBe("UNAUTHORIZED");
    expect(codeOf(unknown)).toBe("UNAUTHORIZED");
    expect((wrong as Error).message).toBe((unknown as Error).message);
  });

  it("stores an argon2id hash, never the password", async () => {
    const b = await createBrandFixture(t);
    const rows = rowsOf<{ password_hash: string }>(
      await t.db.execute(sql`select password_hash from users where id = ${b.ownerUserId}`),
    );
    expect(rows[0]!.password_hash.startsWith("$argon2id$")).toBe(true);
    expect(rows[0]!.password_hash).not.toContain(TEST_PASSWORD);
  });

  it("locks the account-plus-address pair after repeated failures, not the account", async () => {
    const b = await createBrandFixture(t);
    const now = new Date("2026-01-01T00:00:00Z");
    const attacker = "203.0.113.66";
    for (let i = 0; i < SIGNIN_LIMITS.perAccountIp.limit; i++) {
      await authenticateStaff(t.db, { email: b.email, password: "bad-password-1", ip: attacker }, { now }).catch(() => {});
    }
    // The attacker's address is locked, even with the right password…
    const blocked = await authenticateStaff(t.db, { email: b.email, password: TEST_PASSWORD, ip: attacker }, { now }).catch((e: unknown) => e);
    expect(codeOf(blocked)).toBe("TOO_MANY_REQUESTS");
    expect((blocked as AppError).retryAfterSeconds).toBeGreaterThan(0);
    // …the owner, elsewhere, is not.
    const owner = await authenticateStaff(t.db, { email: b.email, password: TEST_PASSWORD, ip: "198.51.100.80" }, { now });
    expect(owner.id).toBe(b.ownerUserId);
    const later = new Date(now.getTime() + (SIGNIN_LIMITS.perAccountIp.windowSeconds + 1) * 1000);
    const ok = await authenticateStaff(t.db, { email: b.email, password: TEST_PASSWORD, ip: attacker }, { now: later });
    expect(ok.id).toBe(b.ownerUserId);
  });

  it("under attack from many addresses, refuses new devices and only slows a known one", async () => {
    const b = await createBrandFixture(t);
    const now = new Date("2026-03-01T00:00:00Z");
    for (let i = 0; i < SIGNIN_LIMITS.perAccount.limit; i++) {
      await authenticateStaff(t.db, { email: b.email, password: `guess-${i}-pass`, ip: `10.9.0.${i}` }, { now }).catch(() => {});
    }
    const sleeps: number[] = [];
    const sleep = (ms: number) => {
      sleeps.push(ms);
      return Promise.resolve();
    };
    // A fresh address with the right password but no history with the account: refused.
    const fresh = await authenticateStaff(t.db, { email: b.email, password: TEST_PASSWORD, ip: "10.9.1.1" }, { now, sleep }).catch((e: unknown) => e);
    expect(codeOf(fresh)).toBe("TOO_MANY_REQUESTS");
    // The owner's own browser: let in, after the delay.
    const owner = await authenticateStaff(
      t.db,
      { email: b.email, password: TEST_PASSWORD, ip: "10.9.1.2", knownDevice: true },
      { now, sleep },
    );
    expect(owner.id).toBe(b.ownerUserId);
    expect(sleeps).toEqual([KNOWN_DEVICE_DELAY_MS]);
    // A known device still needs the right password, and a wrong one still counts.
    const wrong = await authenticateStaff(
      t.db,
      { email: b.email, password: "bad-password-2", ip: "10.9.1.2", knownDevice: true },
      { now, sleep },
    ).catch((e: unknown) => e);
    expect(codeOf(wrong)).toBe("UNAUTHORIZED");
  });

  it("throttles one IP trying many accounts", async () => {
    const now = new Date("2026-02-01T00:00:00Z");
    const ip = "192.0.2.77";
    const results: string[] = [];
    for (let i = 0; i <= SIGNIN_LIMITS.perIp.limit; i++) {
      results.push(
        await authenticateStaff(t.db, { email: `n${i}@spray.test`, password: "x-password-1", ip }, { now }).then(
          () => "ok",
          (e: unknown) => codeOf(e),
        ),
      );
    }
    expect(results.slice(0, -1).every((r) => r === "UNAUTHORIZED")).toBe(true);
    expect(results.at(-1)).toBe("TOO_MANY_REQUESTS");
  });
});

describe("known devices", () => {
  it("a device token names one account and cannot be forged or moved", () => {
    const token = knownDeviceToken("Owner@Brand.test");
    expect(isKnownDevice(token, "owner@brand.test")).toBe(true);
    expect(isKnownDevice(token, "other@brand.test")).toBe(false);
    expect(isKnownDevice(`${token.split(".")[0]}.forged`, "owner@brand.test")).toBe(false);
    expect(isKnownDevice(null, "owner@brand.test")).toBe(false);
  });
});

describe("staff sessions", () => {
  it("a revoked session id is refused afterwards (sign-out ends it on the server)", async () => {
    const b = await createBrandFixture(t);
    const sid = await createStaffSession(t.db, b.ownerUserId);
    const s = await getStaffSession(t.db, sid);
    expect(s?.activeTenantId).toBe(b.tenantId);
    await revokeStaffSession(t.db, sid);
    expect(await getStaffSession(t.db, sid)).toBeNull();
  });

  it("an expired session is refused", async () => {
    const b = await createBrandFixture(t);
    const sid = await createStaffSession(t.db, b.ownerUserId, new Date("2020-01-01T00:00:00Z"));
    expect(await getStaffSession(t.db, sid)).toBeNull();
  });

  it("garbage session ids are refused without a query error", async () => {
    expect(await getStaffSession(t.db, "not-a-uuid")).toBeNull();
    expect(await getStaffSession(t.db, null)).toBeNull();
  });
});
