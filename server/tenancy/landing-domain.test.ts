import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { landingVerification, verificationToken, verifyLandingDomain, VERIFY_LIMIT } from "./landing-domain";
import { brandProfileSchemaFor } from "./schemas";
import { getSettings, updateBrandProfile } from "./settings";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const actor = { type: "staff" as const, id: "00000000-0000-7000-8000-000000000001" };

async function brandWithLanding(landingUrl: string | null) {
  const b = await createBrandFixture(t);
  await withTenant(t.db, b.tenantId, (tx) => updateBrandProfile(tx, actor, { displayName: "Brand", landingUrl }));
  return b;
}

/** A DNS that answers TXT queries from a table. */
const dns = (records: Record<string, string[][]>) => {
  const asked: string[] = [];
  return {
    asked,
    resolveTxt: (name: string) => {
      asked.push(name);
      return Promise.resolve(records[name] ?? []);
    },
  };
};

describe("landing domain verification", () => {
  it("verifies the landing URL's host by its TXT record, once, and audits it", async () => {
    const b = await brandWithLanding("https://Shop.Example.com/store");
    const status = await withTenant(t.db, b.tenantId, landingVerification);
    expect(status).toMatchObject({ host: "shop.example.com", verified: false });
    expect(status.record).toEqual({
      name: "_fenxiao.shop.example.com",
      value: `fenxiao-verify=${verificationToken(b.tenantId)}`,
    });
    // Long TXT values arrive split into strings; they are joined.
    const value = status.record!.value;
    const d = dns({ "_fenxiao.shop.example.com": [["v=spf1 -all"], [value.slice(0, 10), value.slice(10)]] });
    const r = await withTenant(t.db, b.tenantId, (tx) => verifyLandingDomain(tx, actor, d));
    expect(r.result).toBe("verified");
    expect(r.status).toMatchObject({ verified: true, verifiedHost: "shop.example.com" });
    const s = await withTenant(t.db, b.tenantId, getSettings);
    expect(s.landingVerifiedHost).toBe("shop.example.com");
  });

  it("does not accept another brand's token, or none; each try counts against a limit", async () => {
    const b = await brandWithLanding("https://shop.example.org/");
    const other = await createBrandFixture(t);
    const d = dns({ "_fenxiao.shop.example.org": [[`fenxiao-verify=${verificationToken(other.tenantId)}`]] });
    const tries: string[] = [];
    for (let i = 0; i <= VERIFY_LIMIT.limit; i++) {
      tries.push(
        await withTenant(t.db, b.tenantId, (tx) => verifyLandingDomain(tx, actor, d)).then(
          (r) => r.result,
          (e: unknown) => (e as { code?: string }).code ?? String(e),
        ),
      );
    }
    expect(tries.slice(0, -1).every((x) => x === "not_found")).toBe(true);
    expect(tries.at(-1)).toBe("TOO_MANY_REQUESTS");
    expect((await withTenant(t.db, b.tenantId, getSettings)).landingVerifiedHost).toBeNull();
  });

  it("is lost when the landing URL moves to another host, and kept within the same host", async () => {
    const b = await brandWithLanding("https://shop.example.net/");
    const status = await withTenant(t.db, b.tenantId, landingVerification);
    const d = dns({ "_fenxiao.shop.example.net": [[status.record!.value]] });
    await withTenant(t.db, b.tenantId, (tx) => verifyLandingDomain(tx, actor, d));
    await withTenant(t.db, b.tenantId, (tx) =>
      updateBrandProfile(tx, actor, { displayName: "Brand", landingUrl: "https://shop.example.net/sale" }),
    );
    expect((await withTenant(t.db, b.tenantId, landingVerification)).verified).toBe(true);
    await withTenant(t.db, b.tenantId, (tx) =>
      updateBrandProfile(tx, actor, { displayName: "Brand", landingUrl: "https://elsewhere.example.net/" }),
    );
    expect(await withTenant(t.db, b.tenantId, landingVerification)).toMatchObject({ verified: false, verifiedHost: null });
  });

  it("needs a landing URL to verify", async () => {
    const b = await brandWithLanding(null);
    expect(await outcomeOf(withTenant(t.db, b.tenantId, (tx) => verifyLandingDomain(tx, actor, dns({}))))).toBe(
      "PRECONDITION_FAILED",
    );
  });
});

describe("brand profile URLs", () => {
  it("accept only https web addresses for the logo and landing URL, changing nothing otherwise", async () => {
    const b = await brandWithLanding("https://shop.example.com/");
    for (const bad of [
      "javascript:alert(document.cookie)",
      "JAVASCRIPT:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "file:///etc/passwd",
      "file://server/share",
      "ftp://example.com/",
    ]) {
      for (const field of ["logoUrl", "landingUrl"] as const) {
        const r = await outcomeOf(
          withTenant(t.db, b.tenantId, (tx) => updateBrandProfile(tx, actor, { displayName: "Brand", [field]: bad })),
        );
        expect(r, `${field} ${bad}`).toBe("BAD_REQUEST");
      }
    }
    const s = await withTenant(t.db, b.tenantId, getSettings);
    expect([s.logoUrl, s.landingUrl]).toEqual([null, "https://shop.example.com/"]);
  });

  it("take http only where the server allows it (development)", () => {
    const http = { displayName: "Brand", landingUrl: "http://shop.example.com/" };
    const strict = brandProfileSchemaFor({ allowHttp: false }).safeParse(http);
    expect(strict.success ? null : strict.error.issues[0]?.message).toBe("url.httpsOnly");
    expect(brandProfileSchemaFor({ allowHttp: true }).safeParse(http).success).toBe(true);
  });
});
