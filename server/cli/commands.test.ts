import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors, posterTemplates, products, tenants } from "@/db/schema";
import { chain } from "@/server/network/test-helpers";
import { addRule, balances, FLAT_RULE, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { withTenant } from "@/db/tenant";
import { createTestDatabase, randomSlug } from "@/db/testing/test-db";
import { authenticateStaff } from "@/server/auth/staff-auth";
import { AppError } from "@/server/errors";
import { DEMO_PRODUCTS } from "@/server/promotion/demo-catalogue";
import { createRestApp } from "@/server/rest/app";
import { findTenantBySlug } from "@/server/tenancy/brands";
import { DEMO } from "@/server/tenancy/demo";
import { runCommand } from "./commands";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function run(...argv: string[]) {
  const lines: string[] = [];
  await runCommand(t, argv, (l) => lines.push(l));
  return lines;
}

describe("admin CLI", () => {
  it("settle:run --tenant settles that brand's due commissions and says how much", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1 });
    await addRule(t, tenantId, FLAT_RULE);
    const [D] = await chain(t.db, tenantId, ["D"]);
    const longAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await ingest(t, tenantId, [orderInput({ referralCode: D!.code, paidAt: longAgo(20), status: "completed", completedAt: longAgo(10) })]);
    const [{ slug }] = (await t.db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId))) as [{ slug: string }];
    expect(await run("settle:run", "--tenant", slug)).toEqual(["Settled 1 commission(s) in 1 brand(s): ¥10.00 to available, ¥0.00 of it against arrears."]);
    expect((await balances(t, tenantId, D!.id)).availableFen).toBe(1000);
    expect(await run("settle:run", "--tenant", slug)).toEqual(["Settled 0 commission(s) in 1 brand(s): ¥0.00 to available, ¥0.00 of it against arrears."]);
    await expect(run("settle:run", "--tenant", "no-such-brand")).rejects.toThrow(/No brand/);
  });

  it("tenant:create then apikey:create gives a key that authenticates on /api/v1/me", async () => {
    const slug = randomSlug("cli");
    const email = `owner@${slug}.test`;
    const created = await run("tenant:create", "--name", "CLI Brand", "--slug", slug, "--owner-email", email, "--owner-password", "cli-password-1");
    expect(created.join("\n")).toContain(`slug ${slug}`);
    const owner = await authenticateStaff(t.db, { email, password: "cli-password-1", ip: "cli" });
    expect(owner.email).toBe(email);

    const out = await run("apikey:create", "--tenant", slug, "--name", "ERP");
    const key = out.find((l) => l.startsWith("fx_"))!;
    expect(key).toMatch(/^fx_/);

    const api = createRestApp({ database: () => Promise.resolve(t) });
    const ok = await api.fetch(new Request("http://x/api/v1/me", { headers: { authorization: `Bearer ${key}` } }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ brand: { name: "CLI Brand" } });

    const bad = await api.fetch(new Request("http://x/api/v1/me", { headers: { authorization: "Bearer fx_wrong" } }));
    expect(bad.status).toBe(401);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(await bad.json()).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });

  it("explains missing options, unknown brands and unknown commands", async () => {
    await expect(run("tenant:create", "--name", "X")).rejects.toThrow(/--slug, --owner-email, --owner-password/);
    const e = await run("apikey:create", "--tenant", "no-such-brand", "--name", "k").catch((x: unknown) => x);
    expect((e as AppError).code).toBe("NOT_FOUND");
    await expect(run("frobnicate")).rejects.toThrow(/Unknown command "frobnicate"/);
  });

  it("db:migrate is idempotent and demo:seed creates the demo brand once", async () => {
    expect((await run("db:migrate")).join()).toContain("Migrations applied");
    const first = await run("demo:seed");
    const second = await run("demo:seed");
    expect(first.concat(second).join("\n")).toMatch(/hoobang/);
    expect(second[0]).toContain("already exists");
    // The demo is usable at once: a network to look at and products to make links for.
    const demo = await findTenantBySlug(t.db, DEMO.slug);
    const counts = await withTenant(t.db, demo!.id, async (tx) => ({
      distributors: await tx.$count(distributors),
      products: await tx.$count(products),
      templates: await tx.$count(posterTemplates),
    }));
    expect(counts.distributors).toBeGreaterThanOrEqual(2000);
    expect(counts.products).toBe(DEMO_PRODUCTS.length);
    // Seeded once: the second run added no second set of templates.
    expect(counts.templates).toBe(3);
  });
});
