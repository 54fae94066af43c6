import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase, createTestTenant, type TestTenant } from "@/db/testing/test-db";
import { PORTAL_COOKIE } from "@/server/portal/portal-session";
import { latestOutboxCode } from "@/server/sms/outbox";
import { createCaller } from "../root";
import { createTrpcContext } from "../trpc";
import { trpcErrorOf } from "@/server/testing/outcomes";

/** Accepting the built-in texts (no version published yet). */
const V0 = { user_agreement: 0, privacy_notice: 0 };
const freshPhone = () => `136${String(randomInt(100_000_000)).padStart(8, "0")}`;
const freshIp = () => `192.0.2.${randomInt(256)}-${randomInt(1e9)}`;

describe("portal router", () => {
  let t: Database;
  let brandA: TestTenant;
  let brandB: TestTenant;

  beforeAll(async () => {
    t = await createTestDatabase();
    brandA = await createTestTenant(t.db);
    brandB = await createTestTenant(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  async function caller(portalCookie: string | null = null) {
    const resHeaders = new Headers();
    const ctx = await createTrpcContext({ database: t, portalCookie, ip: freshIp(), resHeaders });
    return { api: createCaller(ctx), resHeaders };
  }

  /** Signs in through the procedures (code read from the dev outbox); returns the cookie value. */
  async function signIn(slug: string, phone = freshPhone()) {
    const { api } = await caller();
    await api.portal.requestCode({ slug, phone });
    const sent = await latestOutboxCode(t.db, phone);
    const { api: api2, resHeaders } = await caller();
    await expect(api2.portal.signIn({ slug, phone, code: sent!.code, consent: V0 })).resolves.toEqual({
      ok: true,
    });
    const setCookie = resHeaders.get("set-cookie") ?? "";
    const value = new RegExp(`^${PORTAL_COOKIE}=([^;]+);`).exec(setCookie)?.[1];
    return { setCookie, cookie: decodeURIComponent(value!), phone };
  }

  it("brand: name and slug by slug, NOT_FOUND otherwise", async () => {
    const { api } = await caller();
    expect(await api.portal.brand({ slug: brandA.slug })).toEqual({
      name: brandA.name,
      slug: brandA.slug,
    });
    expect((await trpcErrorOf(api.portal.brand({ slug: "no-such-brand" }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(api.portal.brand({ slug: "Bad Slug!" }))).code).toBe("NOT_FOUND");
  });

  it("requestCode: NOT_FOUND for an unknown brand, BAD_REQUEST for a bad number", async () => {
    const { api } = await caller();
    const unknown = await trpcErrorOf(
      api.portal.requestCode({ slug: "no-such-brand", phone: freshPhone() }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    const bad = await trpcErrorOf(api.portal.requestCode({ slug: brandA.slug, phone: "12345" }));
    expect(bad.code).toBe("BAD_REQUEST");
  });

  it("requestCode: a second request within 60 s is TOO_MANY_REQUESTS", async () => {
    const { api } = await caller();
    const phone = freshPhone();
    const first = await api.portal.requestCode({ slug: brandA.slug, phone });
    expect(first.resendAfterSeconds).toBe(60);
    const e = await trpcErrorOf(api.portal.requestCode({ slug: brandA.slug, phone }));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
  });

  it("signIn sets an HttpOnly Lax session cookie; me shows only the masked phone", async () => {
    const { setCookie, cookie, phone } = await signIn(brandA.slug);
    expect(setCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/);
    const { api } = await caller(cookie);
    const me = await api.portal.me({ slug: brandA.slug });
    expect(me).toEqual({
      memberId: expect.any(String) as string,
      maskedPhone: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      brand: { name: brandA.name, slug: brandA.slug },
    });
    expect(JSON.stringify(me)).not.toContain(phone);
  });

  it("signIn with a wrong code is UNAUTHORIZED and sets no cookie", async () => {
    const phone = freshPhone();
    const { api, resHeaders } = await caller();
    await api.portal.requestCode({ slug: brandA.slug, phone });
    const { code } = (await latestOutboxCode(t.db, phone))!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const e = await trpcErrorOf(api.portal.signIn({ slug: brandA.slug, phone, code: wrong, consent: V0 }));
    expect(e.code).toBe("UNAUTHORIZED");
    expect(resHeaders.get("set-cookie")).toBeNull();
  });

  it("a session for brand A cannot read brand B's portal", async () => {
    const { cookie } = await signIn(brandA.slug);
    const { api } = await caller(cookie);
    const e = await trpcErrorOf(api.portal.me({ slug: brandB.slug }));
    expect(e.code).toBe("UNAUTHORIZED");
    // Forging the cookie's tenant part does not help: the token is not in brand B.
    const forged = `${brandB.id}.${cookie.slice(cookie.indexOf(".") + 1)}`;
    const { api: forgedApi } = await caller(forged);
    expect((await trpcErrorOf(forgedApi.portal.me({ slug: brandB.slug }))).code).toBe("UNAUTHORIZED");
  });

  it("me without a session is UNAUTHORIZED", async () => {
    const { api } = await caller(null);
    expect((await trpcErrorOf(api.portal.me({ slug: brandA.slug }))).code).toBe("UNAUTHORIZED");
  });

  it("signOut ends the session and clears the cookie", async () => {
    const { cookie } = await signIn(brandA.slug);
    const { api, resHeaders } = await caller(cookie);
    expect(await api.portal.signOut()).toEqual({ ok: true });
    expect(resHeaders.get("set-cookie")).toBe(
      `${PORTAL_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
    );
    const { api: after } = await caller(cookie);
    expect((await trpcErrorOf(after.portal.me({ slug: brandA.slug }))).code).toBe("UNAUTHORIZED");
  });
});
