import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase, randomSlug } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { createBrand } from "./brands";
import { getSettings } from "./settings";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const valid = () => {
  const slug = randomSlug("s");
  return {
    brandName: "Signup Co",
    slug,
    ownerName: "Owner",
    email: `boss@${slug}.test`,
    password: "good-password-9",
    acceptTerms: true as const,
  };
};

async function fail(p: Promise<unknown>) {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("self-serve signup", () => {
  it("creates the brand, its owner, default program settings and an audit entry", async () => {
    const input = valid();
    const b = await createBrand(t.db, input);
    await withTenant(t.db, b.tenantId, async (tx) => {
      const s = await getSettings(tx);
      expect(s).toMatchObject({ displayName: "Signup Co", commissionLevels: 2, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30 });
      const roles = rowsOf<{ role: string }>(await tx.execute(sql`select role::text from memberships`));
      expect(roles).toEqual([{ role: "owner" }]);
      const audit = rowsOf<{ action: string }>(await tx.execute(sql`select action from audit_logs`));
      expect(audit.map((a) => a.action)).toContain("brand.created");
    });
  });

  it("gives field errors for a taken slug and a taken email, creating nothing", async () => {
    const first = valid();
    await createBrand(t.db, first);
    const slugClash = await fail(createBrand(t.db, { ...valid(), slug: first.slug }));
    expect(slugClash.code).toBe("CONFLICT");
    expect(slugClash.fields).toEqual({ slug: "slug.taken" });
    const second = { ...valid(), email: first.email.toUpperCase() };
    const emailClash = await fail(createBrand(t.db, second));
    expect(emailClash.fields).toEqual({ email: "email.taken" });
    const leftovers = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from tenants where slug = ${second.slug}`),
    );
    expect(leftovers[0]!.n).toBe(0);
  });

  it("rejects weak passwords, bad slugs and missing terms with field errors", async () => {
    const e1 = await fail(createBrand(t.db, { ...valid(), password: "short1" }));
    expect(e1.fields?.password).toBe("password.tooShort");
    const e2 = await fail(createBrand(t.db, { ...valid(), password: "onlyletterspassword" }));
    expect(e2.fields?.password).toBe("password.needsLetterAndDigit");
    const e3 = await fail(createBrand(t.db, { ...valid(), slug: "Bad Slug!" }));
    expect(e3.fields?.slug).toBe("slug.format");
    const e4 = await fail(createBrand(t.db, { ...valid(), slug: "admin" }));
    expect(e4.fields?.slug).toBe("slug.reserved");
    const e5 = await fail(createBrand(t.db, { ...valid(), acceptTerms: false as unknown as true }));
    expect(e5.fields?.acceptTerms).toBe("terms.required");
  });
});

