/** Consent at portal sign-in and apply, through the procedures a phone calls. */
import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { consents, members } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { createPortalSession } from "@/server/portal/portal-session";
import { latestOutboxCode } from "@/server/sms/outbox";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { appErrorOf, trpcErrorOf } from "@/server/testing/outcomes";
import { buyer } from "@/server/network/test-helpers";
import { consentsOf, publishLegalDocument } from "./documents";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const freshPhone = () => `135${String(randomInt(100_000_000)).padStart(8, "0")}`;
const anon = async (ip = "198.51.100.7") => createCaller(await createTrpcContext({ database: t, ip }));
const ADMIN = { type: "staff" as const, id: null };
const text = (s: string) => `${s} — ${"terms ".repeat(5)}`;

async function codeFor(slug: string, phone: string) {
  await (await anon(`198.51.100.${randomInt(250)}`)).portal.requestCode({ slug, phone });
  return (await latestOutboxCode(t.db, phone))!.code;
}

describe("consent at portal sign-in", () => {
  it("records the user agreement and privacy notice in the versions shown, with the address", async () => {
    const b = await createBrandFixture(t);
    await withTenant(t.db, b.tenantId, (tx) => publishLegalDocument(tx, ADMIN, { kind: "privacy_notice", bodyZh: text("隐私"), bodyEn: text("Privacy") }));
    const api = await anon("198.51.100.20");
    const versions = await api.portalTrust.legalVersions({ slug: b.slug });
    expect(versions).toEqual({ user_agreement: 0, privacy_notice: 1, distributor_agreement: 0, sensitive_info: 0 });

    const phone = freshPhone();
    const code = await codeFor(b.slug, phone);
    await api.portal.signIn({ slug: b.slug, phone, code, consent: { user_agreement: 0, privacy_notice: 1 }, locale: "en" });
    const rows = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(consents));
    expect(rows.map((r) => [r.kind, r.version, r.context, r.ip]).sort()).toEqual([
      ["privacy_notice", 1, "sign_in", "198.51.100.20"],
      ["user_agreement", 0, "sign_in", "198.51.100.20"],
    ]);
    // The language and the sealed phone are kept for outcome SMS; the phone is not in clear.
    const [m] = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(members).where(eq(members.id, rows[0]!.memberId)));
    expect(m?.locale).toBe("en");
    expect(m?.phoneSealed).toBeTruthy();
    expect(m?.phoneSealed).not.toContain(phone);
  });

  it("refuses an outdated version before using up the code, and writes nothing", async () => {
    const b = await createBrandFixture(t);
    await withTenant(t.db, b.tenantId, (tx) => publishLegalDocument(tx, ADMIN, { kind: "user_agreement", bodyZh: text("协议"), bodyEn: text("Agreement") }));
    const phone = freshPhone();
    const code = await codeFor(b.slug, phone);
    const api = await anon();
    const e = await trpcErrorOf(api.portal.signIn({ slug: b.slug, phone, code, consent: { user_agreement: 0, privacy_notice: 0 } }));
    expect(e.code).toBe("CONFLICT");
    expect(await withTenant(t.db, b.tenantId, (tx) => tx.select().from(consents))).toEqual([]);
    // The same code still signs in once the member accepts the current version.
    await expect(api.portal.signIn({ slug: b.slug, phone, code, consent: { user_agreement: 1, privacy_notice: 0 } })).resolves.toEqual({ ok: true });
  });
});

describe("consent at apply", () => {
  it("records the distributor agreement version with the application, and none when refused", async () => {
    const b = await createBrandFixture(t);
    const memberId = await withTenant(t.db, b.tenantId, (tx) => buyer(tx));
    const s = await createPortalSession(t.db, b.tenantId, memberId);
    const me = createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.30" }));
    expect((await trpcErrorOf(me.portalNetwork.submitApplication({ slug: b.slug, name: "A", region: "杭州", agreementVersion: 3 }))).code).toBe("CONFLICT");
    // A refused application (unknown inviter) rolls its consent back with it.
    expect((await trpcErrorOf(me.portalNetwork.submitApplication({ slug: b.slug, name: "A", region: "杭州", inviterCode: "NOPE99", agreementVersion: 0 }))).code).toBe("BAD_REQUEST");
    expect(await withTenant(t.db, b.tenantId, (tx) => consentsOf(tx, memberId))).toEqual([]);
    await me.portalNetwork.submitApplication({ slug: b.slug, name: "A", region: "杭州", agreementVersion: 0 });
    const rows = await withTenant(t.db, b.tenantId, (tx) => consentsOf(tx, memberId));
    expect(rows).toMatchObject([{ kind: "distributor_agreement", version: 0, context: "apply", ip: "198.51.100.30" }]);
  });
});

describe("publishing", () => {
  it("publishes numbered versions and keeps the old ones readable", async () => {
    const b = await createBrandFixture(t, "Tea House");
    const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
    expect(await caller.legal.publish({ kind: "distributor_agreement", bodyZh: text("一"), bodyEn: text("one") })).toMatchObject({ version: 1 });
    expect(await caller.legal.publish({ kind: "distributor_agreement", bodyZh: text("二"), bodyEn: text("two") })).toMatchObject({ version: 2 });
    const api = await anon();
    expect((await api.portalTrust.legalDocument({ slug: b.slug, kind: "distributor_agreement" })).bodyEn).toContain("two");
    expect((await api.portalTrust.legalDocument({ slug: b.slug, kind: "distributor_agreement", version: 1 })).bodyEn).toContain("one");
    expect((await api.portalTrust.legalDocument({ slug: b.slug, kind: "user_agreement" })).bodyZh).toContain("Tea House");
    expect((await trpcErrorOf(api.portalTrust.legalDocument({ slug: b.slug, kind: "user_agreement", version: 5 }))).code).toBe("NOT_FOUND");
    expect((await appErrorOf(withTenant(t.db, b.tenantId, (tx) => publishLegalDocument(tx, ADMIN, { kind: "user_agreement", bodyZh: "短", bodyEn: "short" })))).code).toBe("BAD_REQUEST");
    // Another brand's documents are its own.
    const other = await createBrandFixture(t);
    expect((await api.portalTrust.legalVersions({ slug: other.slug })).distributor_agreement).toBe(0);
  });
});
