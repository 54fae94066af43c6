import { and, eq, sql } from "drizzle-orm";
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { memberIdentities, members, otpCodes } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant, type TestTenant } from "@/db/testing/test-db";
import type { SmsProvider } from "@/server/sms/provider";
import { OTP_LIMITS, OTP_MAX_ATTEMPTS, requestOtp, verifyOtp } from "./otp";
import { phoneHash } from "./phone";
import { appErrorOf } from "@/server/testing/outcomes";

/** A gateway that remembers what it would have delivered. */
function fakeSms() {
  const sent: { phone: string; code: string }[] = [];
  const provider: SmsProvider = {
    name: "outbox",
    sendOtp: (phone, code) => {
      sent.push({ phone, code });
      return Promise.resolve();
    },
    sendNotice: () => Promise.reject(new Error("not used by sign-in")),
  };
  return { provider, sent, last: () => sent.at(-1)!.code };
}

let n = 0;
/** A fresh phone and IP per test, so throttling counters never collide. */
function freshPhone() {
  n += 1;
  return `139${String(randomInt(10_000)).padStart(4, "0")}${String(n).padStart(4, "0")}`;
}
const freshIp = () => `10.${randomBytes(3).join(".")}`;

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("portal OTP", () => {
  let t: Database;
  let brand: TestTenant;
  const t0 = new Date("2031-03-01T08:00:00Z");
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  beforeAll(async () => {
    t = await createTestDatabase();
    brand = await createTestTenant(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The brand's stored codes for `phone`. */
  const codesFor = (phone: string) =>
    withTenant(t.db, brand.id, (tx) =>
      tx
        .select()
        .from(otpCodes)
        .where(eq(otpCodes.phoneHash, phoneHash(phone))),
    );

  async function sendCode(phone: string, now = t0) {
    const sms = fakeSms();
    await requestOtp(
      t.db,
      { tenantId: brand.id, phone, ip: freshIp(), now },
      { sms: sms.provider },
    );
    return sms.last();
  }

  it("rejects numbers that are not mainland mobiles", async () => {
    const e = await appErrorOf(
      requestOtp(t.db, { tenantId: brand.id, phone: "12345", ip: freshIp(), now: t0 }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.fields?.phone).toBeTruthy();
  });

  it("signs in with the code just sent, and accepts +86 and spaces", async () => {
    const phone = freshPhone();
    const sms = fakeSms();
    const res = await requestOtp(
      t.db,
      {
        tenantId: brand.id,
        phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3)}`,
        ip: freshIp(),
        now: t0,
      },
      { sms: sms.provider },
    );
    expect(res.expiresAt).toEqual(at(300));
    expect(res.resendAfterSeconds).toBe(60);
    expect(sms.sent).toEqual([{ phone, code: expect.stringMatching(/^\d{6}$/) as string }]);
    const out = await verifyOtp(t.db, { tenantId: brand.id, phone, code: sms.last(), now: at(10) });
    expect(out.memberId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores only hashes: the raw code and phone are nowhere in the rows", async () => {
    const phone = freshPhone();
    const code = await sendCode(phone);
    await verifyOtp(t.db, { tenantId: brand.id, phone, code, now: at(5) });
    const rows = await withTenant(t.db, brand.id, async (tx) => ({
      otp: await tx
        .select()
        .from(otpCodes)
        .where(eq(otpCodes.phoneHash, phoneHash(phone))),
      ids: await tx
        .select()
        .from(memberIdentities)
        .where(eq(memberIdentities.valueHash, phoneHash(phone))),
    }));
    expect(rows.otp).toHaveLength(1);
    expect(rows.ids).toHaveLength(1);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(phone);
    expect(rows.ids[0]).toMatchObject({
      kind: "phone",
      masked: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    });
    expect(rows.ids[0]!.verifiedAt).toEqual(at(5));
  });

  it("refuses an expired code", async () => {
    const phone = freshPhone();
    const code = await sendCode(phone);
    const e = await appErrorOf(
      verifyOtp(t.db, { tenantId: brand.id, phone, code, now: at(5 * 60 + 1) }),
    );
    expect(e.code).toBe("UNAUTHORIZED");
    // Still good just before expiry.
    await expect(
      verifyOtp(t.db, { tenantId: brand.id, phone, code, now: at(5 * 60 - 1) }),
    ).resolves.toBeTruthy();
  });

  it("is single-use", async () => {
    const phone = freshPhone();
    const code = await sendCode(phone);
    await verifyOtp(t.db, { tenantId: brand.id, phone, code, now: at(1) });
    const e = await appErrorOf(verifyOtp(t.db, { tenantId: brand.id, phone, code, now: at(2) }));
    expect(e.code).toBe("UNAUTHORIZED");
  });

  it("lets exactly one of two concurrent verifications succeed", async () => {
    const phone = freshPhone();
    const code = await sendCode(phone);
    const results = await Promise.allSettled([
      verifyOtp(t.db, { tenantId: brand.id, phone, code, now: at(1) }),
      verifyOtp(t.db, { tenantId: brand.id, phone, code, now: at(1) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("kills the code after five wrong attempts, even for the right code", async () => {
    const phone = freshPhone();
    const code = await sendCode(phone);
    for (let i = 1; i < OTP_MAX_ATTEMPTS; i++) {
      const e = await appErrorOf(
        verifyOtp(t.db, { tenantId: brand.id, phone, code: wrongCode(code), now: at(i) }),
      );
      expect(e.code).toBe("UNAUTHORIZED");
    }
    const last = await appErrorOf(
      verifyOtp(t.db, { tenantId: brand.id, phone, code: wrongCode(code), now: at(10) }),
    );
    expect(last.code).toBe("TOO_MANY_REQUESTS");
    const dead = await appErrorOf(verifyOtp(t.db, { tenantId: brand.id, phone, code, now: at(11) }));
    expect(dead.code).toBe("TOO_MANY_REQUESTS");

    // A new code (after the resend wait) works again.
    const fresh = await sendCode(phone, at(61));
    await expect(
      verifyOtp(t.db, { tenantId: brand.id, phone, code: fresh, now: at(62) }),
    ).resolves.toBeTruthy();
  });

  it("only the newest code counts, and signing in retires older ones", async () => {
    const phone = freshPhone();
    const first = await sendCode(phone, t0);
    const second = await sendCode(phone, at(61));
    if (first !== second) {
      const e = await appErrorOf(
        verifyOtp(t.db, { tenantId: brand.id, phone, code: first, now: at(62) }),
      );
      expect(e.code).toBe("UNAUTHORIZED");
    }
    await verifyOtp(t.db, { tenantId: brand.id, phone, code: second, now: at(63) });
    const again = await appErrorOf(
      verifyOtp(t.db, { tenantId: brand.id, phone, code: first, now: at(64) }),
    );
    expect(again.code).toBe("UNAUTHORIZED");
  });

  it("throttles requests: one a minute per phone, with the seconds to wait", async () => {
    const phone = freshPhone();
    const ip = freshIp();
    const sms = fakeSms();
    const req = (now: Date) =>
      requestOtp(t.db, { tenantId: brand.id, phone, ip, now }, { sms: sms.provider });
    await req(t0);
    const e = await appErrorOf(req(at(20)));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(e.retryAfterSeconds).toBe(40);
    expect(sms.sent).toHaveLength(1);
    await req(at(60));
    expect(sms.sent).toHaveLength(2);
  });

  it("throttles requests: five an hour per phone", async () => {
    const phone = freshPhone();
    const sms = fakeSms();
    for (let i = 0; i < 5; i++) {
      await requestOtp(
        t.db,
        { tenantId: brand.id, phone, ip: freshIp(), now: at(i * 61) },
        { sms: sms.provider },
      );
    }
    const e = await appErrorOf(
      requestOtp(
        t.db,
        { tenantId: brand.id, phone, ip: freshIp(), now: at(5 * 61) },
        { sms: sms.provider },
      ),
    );
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(e.retryAfterSeconds).toBe(3600 - 5 * 61);
  });

  it("throttles requests: twenty an hour per IP", async () => {
    const ip = freshIp();
    const sms = fakeSms();
    for (let i = 0; i < 20; i++) {
      await requestOtp(
        t.db,
        { tenantId: brand.id, phone: freshPhone(), ip, now: at(i) },
        { sms: sms.provider },
      );
    }
    const e = await appErrorOf(
      requestOtp(
        t.db,
        { tenantId: brand.id, phone: freshPhone(), ip, now: at(30) },
        { sms: sms.provider },
      ),
    );
    expect(e.code).toBe("TOO_MANY_REQUESTS");
  });

  it("limits an address across brands, not per brand (SMS pumping through many brands)", async () => {
    const ip = freshIp();
    const sms = fakeSms();
    for (let i = 0; i < OTP_LIMITS.perIpHour.limit; i++) {
      await requestOtp(t.db, { tenantId: brand.id, phone: freshPhone(), ip, now: at(i) }, { sms: sms.provider });
    }
    const other = await createTestTenant(t.db);
    const e = await appErrorOf(
      requestOtp(t.db, { tenantId: other.id, phone: freshPhone(), ip, now: at(40) }, { sms: sms.provider }),
    );
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(sms.sent).toHaveLength(OTP_LIMITS.perIpHour.limit);
  });

  it("caps codes to one phone per day across brands", async () => {
    const phone = freshPhone();
    const sms = fakeSms();
    const brands = [brand, await createTestTenant(t.db), await createTestTenant(t.db)];
    let sent = 0;
    for (const b of brands.slice(0, 2)) {
      for (let i = 0; i < OTP_LIMITS.perPhoneHour.limit; i++) {
        await requestOtp(t.db, { tenantId: b.id, phone, ip: freshIp(), now: at(sent * 61) }, { sms: sms.provider });
        sent += 1;
      }
    }
    expect(sent).toBe(OTP_LIMITS.perPhoneDay.limit);
    const e = await appErrorOf(
      requestOtp(t.db, { tenantId: brands[2]!.id, phone, ip: freshIp(), now: at(4 * 3600) }, { sms: sms.provider }),
    );
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(sms.sent).toHaveLength(sent);
  });

  it("caps codes per brand per hour; other brands are unaffected", async () => {
    const capped = await createTestTenant(t.db);
    const sms = fakeSms();
    const caps = { brandHourly: 3, globalHourly: 1_000_000 };
    const send = (tenantId: string) =>
      requestOtp(t.db, { tenantId, phone: freshPhone(), ip: freshIp(), now: t0 }, { sms: sms.provider, caps });
    for (let i = 0; i < 3; i++) await send(capped.id);
    const e = await appErrorOf(send(capped.id));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(e.message).toMatch(/busy/);
    await send((await createTestTenant(t.db)).id);
    expect(sms.sent).toHaveLength(4);
  });

  it("caps codes for the whole deployment per hour", async () => {
    const sms = fakeSms();
    const caps = { brandHourly: 1_000_000, globalHourly: 3 };
    // A far-off hour of its own; other suites sharing a server database only bring it sooner.
    const hour = new Date("2045-06-01T00:00:00Z");
    const outcomes: string[] = [];
    for (let i = 0; i <= caps.globalHourly; i++) {
      const b = await createTestTenant(t.db);
      outcomes.push(
        await requestOtp(t.db, { tenantId: b.id, phone: freshPhone(), ip: freshIp(), now: hour }, { sms: sms.provider, caps }).then(
          () => "sent",
          (err: unknown) => (err as Error).message,
        ),
      );
    }
    const refused = outcomes.findIndex((o) => o !== "sent");
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(outcomes[refused]).toMatch(/busy/);
    expect(sms.sent).toHaveLength(refused);
  });

  it("in production with the outbox configured: refuses, creates no code, sends nothing", async () => {
    const phone = freshPhone();
    const e = await appErrorOf(
      requestOtp(
        t.db,
        { tenantId: brand.id, phone, ip: freshIp(), now: t0 },
        { smsEnv: { FENXIAO_ENV: "production", SMS_PROVIDER: "outbox" } },
      ),
    );
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    expect(e.message).toBe("SMS provider not configured");
    const codes = await codesFor(phone);
    expect(codes).toHaveLength(0);
    const outbox = rowsOf(await t.db.execute(sql`select 1 from sms_outbox where phone = ${phone}`));
    expect(outbox).toHaveLength(0);
  });

  it("does not keep a code the gateway failed to deliver", async () => {
    const phone = freshPhone();
    const failing: SmsProvider = {
      name: "aliyun",
      sendOtp: () => Promise.reject(new Error("gateway down")),
      sendNotice: () => Promise.reject(new Error("gateway down")),
    };
    const e = await appErrorOf(
      requestOtp(t.db, { tenantId: brand.id, phone, ip: freshIp(), now: t0 }, { sms: failing }),
    );
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    const codes = await codesFor(phone);
    expect(codes).toHaveLength(0);
  });

  it("resolves the same member on every sign-in with the same phone", async () => {
    const phone = freshPhone();
    const a = await verifyOtp(t.db, {
      tenantId: brand.id,
      phone,
      code: await sendCode(phone, t0),
      now: at(1),
    });
    const b = await verifyOtp(t.db, {
      tenantId: brand.id,
      phone: `+86${phone}`,
      code: await sendCode(phone, at(61)),
      now: at(62),
    });
    expect(b.memberId).toBe(a.memberId);
    const ids = await withTenant(t.db, brand.id, (tx) =>
      tx
        .select()
        .from(memberIdentities)
        .where(
          and(eq(memberIdentities.kind, "phone"), eq(memberIdentities.valueHash, phoneHash(phone))),
        ),
    );
    expect(ids).toHaveLength(1);
  });

  it("keeps brands apart: the same phone is a different member in another brand", async () => {
    const other = await createTestTenant(t.db);
    const phone = freshPhone();
    const a = await verifyOtp(t.db, {
      tenantId: brand.id,
      phone,
      code: await sendCode(phone, t0),
      now: at(1),
    });
    // A code issued in brand A does not sign in to brand B.
    const codeA = await sendCode(phone, at(61));
    const e = await appErrorOf(
      verifyOtp(t.db, { tenantId: other.id, phone, code: codeA, now: at(62) }),
    );
    expect(e.code).toBe("UNAUTHORIZED");

    const sms = fakeSms();
    await requestOtp(
      t.db,
      { tenantId: other.id, phone, ip: freshIp(), now: at(62) },
      { sms: sms.provider },
    );
    const b = await verifyOtp(t.db, { tenantId: other.id, phone, code: sms.last(), now: at(63) });
    expect(b.memberId).not.toBe(a.memberId);
    const inB = await withTenant(t.db, other.id, (tx) => tx.select().from(members));
    expect(inB.map((m) => m.id)).toEqual([b.memberId]);
  });

  it("validates the code's shape before touching the database", async () => {
    const e = await appErrorOf(
      verifyOtp(t.db, { tenantId: brand.id, phone: freshPhone(), code: "12ab", now: t0 }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.fields?.code).toBeTruthy();
  });
});
