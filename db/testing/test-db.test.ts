import { eq, sql } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../client";
import { members, tenants } from "../schema";
import { firstRow, withPlatform, withTenant } from "../tenant";
import { createTestDatabase, createTestTenant, randomSlug } from "./test-db";

const journal = JSON.parse(
  fs.readFileSync(path.join(process.cwd(), "drizzle/meta/_journal.json"), "utf8"),
) as { entries: unknown[] };

describe("createTestDatabase", () => {
  let t: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.close();
  });

  it("uses Postgres when the run has TEST_DATABASE_URL, PGlite otherwise", () => {
    expect(t.kind).toBe(inject("testDatabaseUrl") ? "postgres" : "pglite");
  });

  it("has every committed migration applied and the schema secured", async () => {
    const applied = firstRow<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
    );
    expect(applied?.n).toBe(journal.entries.length);

    const rls = firstRow<{ enabled: boolean; forced: boolean }>(
      await t.db.execute(
        sql`select relrowsecurity as enabled, relforcerowsecurity as forced
            from pg_class where relname = 'members' and relkind = 'r'`,
      ),
    );
    expect(rls).toEqual({ enabled: true, forced: true });
  });

  it("creates tenants with unique random slugs, or the slug given", async () => {
    const a = await createTestTenant(t.db);
    const b = await createTestTenant(t.db);
    expect(a.id).not.toBe(b.id);
    expect(a.slug).not.toBe(b.slug);

    const slug = randomSlug("acme");
    const c = await createTestTenant(t.db, slug);
    expect(c.slug).toBe(slug);
    const [row] = await t.db.select().from(tenants).where(eq(tenants.id, c.id));
    expect(row?.slug).toBe(slug);
  });

  it("scopes tenant tables to the tenant of withTenant", async () => {
    const a = await createTestTenant(t.db);
    const b = await createTestTenant(t.db);
    await withTenant(t.db, a.id, (tx) =>
      tx.insert(members).values({ tenantId: a.id, displayName: "alice" }),
    );
    await withTenant(t.db, b.id, (tx) =>
      tx.insert(members).values({ tenantId: b.id, displayName: "bob" }),
    );

    const seenByA = await withTenant(t.db, a.id, (tx) => tx.select().from(members));
    expect(seenByA.map((m) => [m.tenantId, m.displayName])).toEqual([[a.id, "alice"]]);

    const seenByB = await withTenant(t.db, b.id, (tx) => tx.select().from(members));
    expect(seenByB.map((m) => [m.tenantId, m.displayName])).toEqual([[b.id, "bob"]]);

    // Writing another tenant's row is refused by the policy's WITH CHECK.
    await expect(
      withTenant(t.db, a.id, (tx) =>
        tx.insert(members).values({ tenantId: b.id, displayName: "mallory" }),
      ),
    ).rejects.toThrow();

    // With no tenant set, tenant tables read empty.
    const seenByPlatform = await withPlatform(t.db, (tx) => tx.select().from(members));
    expect(seenByPlatform).toEqual([]);
  });
});
