/**
 * Identity (KYC) end to end through the portal procedures: submit and update with masks only in
 * every answer, the Luhn warning, the separate sensitive-information consent with its version,
 * bad input changing nothing, one ID per brand, cross-brand isolation of portalIdentity.*, the
 * contract functions (payeeOf, identityForStaff), and no log line carrying a number.
 */
import { TRPCError } from "@trpc/server";
import { and, count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { consents, distributorIdentities } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { appRouter, createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { publishLegalDocument } from "@/server/legal/documents";
import { chain } from "@/server/network/test-helpers";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture } from "@/server/testing/fixtures";
import { decryptPii, piiHash } from "@/server/payouts/crypto/pii";
import { filingIdentities, identityForStaff, NO_PAYEE, payeeOf } from "./payee";
import { linkWechatOpenid, rejectIdentity } from "./identity";
import { idCheckCharacter } from "./validate";

const ID = "11010519491231002X";
const CARD = "4111111111111111";
const NOT_LUHN = "6222021234567890013";

let t: Database;
let logged: string[];
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

/** Everything written to the console while `fn` runs (to prove no number is ever logged). */
function captureConsole() {
  logged = [];
  for (const m of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
}

async function brandWithDistributor(name = "Brand") {
  const brand = await createBrandFixture(t, name);
  const [d] = await chain(t.db, brand.tenantId, [`${name} seller`]);
  const s = await createPortalSession(t.db, brand.tenantId, d!.memberId);
  const caller = createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.90" }));
  return { ...brand, distributor: d!, caller };
}

/** A valid GB 11643 number for a made-up person (region 110105, born 1990-01-01). */
const idFor = (seq: number) => {
  const first17 = `11010519900101${String(seq).padStart(3, "0")}`;
  return first17 + idCheckCharacter(first17);
};

const form = (over: Record<string, unknown> = {}) => ({
  realName: "张三",
  idNumber: ID,
  bankCard: CARD,
  bankName: "招商银行",
  phone: "13800138000",
  alipayAccount: "",
  incomeType: "labour" as const,
  sensitiveConsentVersion: 0,
  ...over,
});

async function errorOf(p: Promise<unknown>): Promise<TRPCError & { fields?: Record<string, string> }> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  const err = e as TRPCError;
  const fields = (err.cause as { fields?: Record<string, string> } | undefined)?.fields;
  return Object.assign(err, { fields });
}

async function stateOf(tenantId: string) {
  return withTenant(t.db, tenantId, async (tx) => ({
    identities: await tx.select().from(distributorIdentities),
    consents: (await tx.select({ n: count() }).from(consents).where(eq(consents.kind, "sensitive_info")))[0]!.n,
  }));
}

describe("submitting identity", () => {
  it("saves the details verified, answers with masks only, and records the consent with its version", async () => {
    const b = await brandWithDistributor();
    captureConsole();
    const out = await b.caller.portalIdentity.submit({ slug: b.slug, ...form() });
    expect(out).toMatchObject({
      status: "verified",
      realName: "张三",
      idNumberMasked: "110105********002X",
      bankCardMasked: "**** 1111",
      bankName: "招商银行",
      bankCardLuhnOk: true,
      phone: "13800138000",
      incomeType: "labour",
      sensitiveConsentVersion: 0,
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain(ID);
    expect(text).not.toContain(CARD);

    const view = await b.caller.portalIdentity.get({ slug: b.slug });
    expect(view).toMatchObject({ identity: { status: "verified", idNumberMasked: "110105********002X" }, consentVersion: 0, channels: { alipay: true } });
    expect(JSON.stringify(view)).not.toMatch(new RegExp(`${ID}|${CARD}`));

    const { identities, consents: n } = await stateOf(b.tenantId);
    expect(n).toBe(1);
    const row = identities[0]!;
    expect(row.idNumberEnc).not.toContain(ID);
    expect(decryptPii(row.idNumberEnc!)).toBe(ID);
    expect(decryptPii(row.bankCardEnc!)).toBe(CARD);
    expect(row.idNumberHash).toBe(piiHash(b.tenantId, ID));
    expect(row.birthDate).toBe("1949-12-31");
    const [consent] = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(consents).where(eq(consents.kind, "sensitive_info")));
    expect(consent).toMatchObject({ version: 0, context: "identity", memberId: b.distributor.memberId, ip: "198.51.100.90" });

    expect(logged.join("\n")).not.toMatch(new RegExp(`${ID}|${CARD}`));
  });

  it("a card failing Luhn is accepted with a warning flag; an update may keep the stored numbers", async () => {
    const b = await brandWithDistributor();
    await b.caller.portalIdentity.submit({ slug: b.slug, ...form({ bankCard: NOT_LUHN }) });
    const payee = await withTenant(t.db, b.tenantId, (tx) => payeeOf(tx, b.distributor.id));
    expect(payee).toMatchObject({ verified: true, bank: { accountMasked: "**** 0013", luhnOk: false, bankName: "招商银行" } });
    expect(decryptPii(payee.bank!.accountEnc)).toBe(NOT_LUHN);

    // Blank numbers keep what is stored; the rest is replaced.
    const out = await b.caller.portalIdentity.submit({ slug: b.slug, ...form({ idNumber: "", bankCard: "", bankName: "工商银行", incomeType: "individual_business" }) });
    expect(out).toMatchObject({ idNumberMasked: "110105********002X", bankCardMasked: "**** 0013", bankName: "工商银行", incomeType: "individual_business" });
    const [row] = (await stateOf(b.tenantId)).identities;
    expect(decryptPii(row!.bankCardEnc!)).toBe(NOT_LUHN);
  });

  it("bad input is refused field by field and changes nothing", async () => {
    const b = await brandWithDistributor();
    await b.caller.portalIdentity.submit({ slug: b.slug, ...form() });
    const before = await stateOf(b.tenantId);
    captureConsole();
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ idNumber: "110105194912310021" }, { idNumber: "idNumberChecksum" }],
      [{ idNumber: "1101051949123100" }, { idNumber: "idNumberFormat" }],
      [{ idNumber: "11010519490230002" + idCheckCharacter("11010519490230002") }, { idNumber: "idNumberBirthDate" }],
      [{ bankCard: "1234" }, { bankCard: "bankCardFormat" }],
      [{ realName: "张3" }, { realName: "realNameInvalid" }],
      [{ phone: "12345" }, { phone: "phoneInvalid" }],
      [{ bankName: "" }, { bankName: "bankNameInvalid" }],
      [{ alipayAccount: "not an account" }, { alipayAccount: "alipayInvalid" }],
      // Everything wrong at once: every field is reported.
      [
        { realName: "", idNumber: "x", bankCard: "y", bankName: "", phone: "" },
        { realName: "realNameInvalid", idNumber: "idNumberFormat", bankCard: "bankCardFormat", bankName: "bankNameInvalid", phone: "phoneInvalid" },
      ],
    ];
    for (const [over, fields] of cases) {
      const err = await errorOf(b.caller.portalIdentity.submit({ slug: b.slug, ...form({ ...over, realName: (over.realName) ?? "李四" }) }));
      expect(err.code).toBe("BAD_REQUEST");
      expect(err.fields).toEqual(fields);
      expect(err.message).not.toMatch(/\d{10}/);
    }
    // A shape error (wrong type) is a BAD_REQUEST from the input schema, before any service code.
    expect((await errorOf(b.caller.portalIdentity.submit({ slug: b.slug, ...form({ incomeType: "salary" }) }))).code).toBe("BAD_REQUEST");
    expect(await stateOf(b.tenantId)).toEqual(before);
    expect(logged.join("\n")).not.toMatch(/110105194912310021|11010519490230002/);
  });

  it("the first submission needs the numbers; the consent is required and must be the current version", async () => {
    const b = await brandWithDistributor();
    const missing = await errorOf(b.caller.portalIdentity.submit({ slug: b.slug, ...form({ idNumber: "", bankCard: "" }) }));
    expect(missing.fields).toEqual({ idNumber: "idNumberRequired", bankCard: "bankCardRequired" });

    await withTenant(t.db, b.tenantId, (tx) =>
      publishLegalDocument(tx, { type: "staff", id: b.ownerUserId }, { kind: "sensitive_info", bodyZh: "敏感个人信息处理同意书，第一版，共二十个字以上。", bodyEn: "Sensitive information consent, version one." }),
    );
    const stale = await errorOf(b.caller.portalIdentity.submit({ slug: b.slug, ...form({ sensitiveConsentVersion: 0 }) }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.fields).toEqual({ "consent.sensitive_info": "consent.stale" });
    expect(await stateOf(b.tenantId)).toEqual({ identities: [], consents: 0 });

    expect((await b.caller.portalIdentity.get({ slug: b.slug })).consentVersion).toBe(1);
    expect(await b.caller.portalIdentity.submit({ slug: b.slug, ...form({ sensitiveConsentVersion: 1 }) })).toMatchObject({ sensitiveConsentVersion: 1 });
    const [c] = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(consents).where(and(eq(consents.kind, "sensitive_info"))));
    expect(c?.version).toBe(1);
  });

  it("two distributors submitting the same ID at the same moment: exactly one gets it", async () => {
    const b = await brandWithDistributor();
    const [other] = await chain(t.db, b.tenantId, ["Racer"]);
    const s = await createPortalSession(t.db, b.tenantId, other!.memberId);
    const otherCaller = createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.93" }));
    const results = await Promise.allSettled([
      b.caller.portalIdentity.submit({ slug: b.slug, ...form({ idNumber: idFor(11) }) }),
      otherCaller.portalIdentity.submit({ slug: b.slug, ...form({ idNumber: idFor(11), realName: "王五" }) }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await stateOf(b.tenantId)).identities).toHaveLength(1);
  });

  it("one ID number belongs to one distributor per brand, but the same person may join another brand", async () => {
    const b = await brandWithDistributor();
    const [other] = await chain(t.db, b.tenantId, ["Other"]);
    const s = await createPortalSession(t.db, b.tenantId, other!.memberId);
    const otherCaller = createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.91" }));
    await b.caller.portalIdentity.submit({ slug: b.slug, ...form({ idNumber: idFor(7) }) });
    const err = await errorOf(otherCaller.portalIdentity.submit({ slug: b.slug, ...form({ idNumber: idFor(7), realName: "王五" }) }));
    expect(err.fields).toEqual({ idNumber: "idNumberInUse" });
    const c = await brandWithDistributor("Brand C");
    expect(await c.caller.portalIdentity.submit({ slug: c.slug, ...form({ idNumber: idFor(7) }) })).toMatchObject({ status: "verified" });
  });

  it("only distributors (not applicants or signed-out visitors) have an identity page", async () => {
    const b = await brandWithDistributor();
    const anon = createCaller(await createTrpcContext({ database: t, portalCookie: null, ip: "198.51.100.92" }));
    expect((await errorOf(anon.portalIdentity.get({ slug: b.slug }))).code).toBe("UNAUTHORIZED");
    expect((await errorOf(anon.portalIdentity.submit({ slug: b.slug, ...form() }))).code).toBe("UNAUTHORIZED");
  });
});

describe("contract functions for the other slices", () => {
  it("payeeOf defaults without a row; identityForStaff is masked, with a masked phone; rejection unverifies", async () => {
    const b = await brandWithDistributor();
    expect(await withTenant(t.db, b.tenantId, (tx) => payeeOf(tx, b.distributor.id))).toEqual(NO_PAYEE);
    expect(await withTenant(t.db, b.tenantId, (tx) => identityForStaff(tx, b.distributor.id))).toBeNull();
    await b.caller.portalIdentity.submit({ slug: b.slug, ...form({ alipayAccount: "zhang@example.com" }) });
    const payee = await withTenant(t.db, b.tenantId, (tx) => payeeOf(tx, b.distributor.id));
    expect(payee).toMatchObject({ verified: true, realName: "张三", incomeType: "labour", alipayAccount: "zhang@example.com", wechatOpenid: null });
    const staff = await withTenant(t.db, b.tenantId, (tx) => identityForStaff(tx, b.distributor.id));
    expect(staff).toMatchObject({ idNumberMasked: "110105********002X", bankCardMasked: "**** 1111", phone: "138****8000", alipayAccount: "zh***@example.com", frontPhotoUrl: null });
    expect(JSON.stringify(staff)).not.toMatch(new RegExp(`${ID}|${CARD}|13800138000|zhang@`));
    expect(Object.keys(staff!)).not.toContain("idNumberEnc");

    // The tax filing file gets the ID in clear (and only that function decrypts in bulk).
    const filing = await withTenant(t.db, b.tenantId, (tx) => filingIdentities(tx, [b.distributor.id, "0190a1b2-0000-7000-8000-0000000000ff"]));
    expect([...filing.values()]).toEqual([{ distributorId: b.distributor.id, realName: "张三", idNumber: ID }]);

    await withTenant(t.db, b.tenantId, (tx) => rejectIdentity(tx, b.distributor.id, "Name does not match the card"));
    expect((await withTenant(t.db, b.tenantId, (tx) => payeeOf(tx, b.distributor.id))).verified).toBe(false);
    expect((await b.caller.portalIdentity.get({ slug: b.slug })).identity).toMatchObject({ status: "rejected", statusReason: "Name does not match the card" });
  });
});

describe("WeChat openid", () => {
  it("is linked by the server (OAuth), never typed; a malformed one is refused and changes nothing", async () => {
    const b = await brandWithDistributor();
    await b.caller.portalIdentity.submit({ slug: b.slug, ...form() });
    await expect(withTenant(t.db, b.tenantId, (tx) => linkWechatOpenid(tx, b.distributor.id, "not an openid"))).rejects.toThrow(/openid/);
    expect((await withTenant(t.db, b.tenantId, (tx) => payeeOf(tx, b.distributor.id))).wechatOpenid).toBeNull();
    await withTenant(t.db, b.tenantId, (tx) => linkWechatOpenid(tx, b.distributor.id, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
    expect(await withTenant(t.db, b.tenantId, (tx) => payeeOf(tx, b.distributor.id))).toMatchObject({ verified: true, wechatOpenid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" });
    expect((await b.caller.portalIdentity.get({ slug: b.slug })).identity).toMatchObject({ wechatLinked: true, status: "verified" });
  });
});

describe("cross-brand isolation (every portalIdentity procedure)", () => {
  it("a brand A session on brand B's page is signed out there, and nothing of B is read or written", async () => {
    const a = await brandWithDistributor("Brand A");
    const b = await brandWithDistributor("Brand B");
    await b.caller.portalIdentity.submit({ slug: b.slug, ...form() });
    const before = await stateOf(b.tenantId);
    const calls = {
      "portalIdentity.get": () => a.caller.portalIdentity.get({ slug: b.slug }),
      "portalIdentity.submit": () => a.caller.portalIdentity.submit({ slug: b.slug, ...form({ realName: "李四" }) }),
    };
    // A new portalIdentity procedure without a case here fails this line.
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("portalIdentity."));
    expect(procedures.sort()).toEqual(Object.keys(calls).sort());
    for (const call of Object.values(calls)) expect(["UNAUTHORIZED", "NOT_FOUND", "FORBIDDEN"]).toContain((await errorOf(call())).code);
    expect(await stateOf(b.tenantId)).toEqual(before);
    // Brand A's own page knows nothing of B's details; the contract functions under A's tenant
    // do not find B's distributor (row-level security).
    expect((await a.caller.portalIdentity.get({ slug: a.slug })).identity).toBeNull();
    expect(await withTenant(t.db, a.tenantId, (tx) => payeeOf(tx, b.distributor.id))).toEqual(NO_PAYEE);
    expect(await withTenant(t.db, a.tenantId, (tx) => identityForStaff(tx, b.distributor.id))).toBeNull();
    await expect(withTenant(t.db, a.tenantId, (tx) => rejectIdentity(tx, b.distributor.id, "x-brand"))).rejects.toThrow(/no identity/);
    expect(await stateOf(b.tenantId)).toEqual(before);
  });
});
