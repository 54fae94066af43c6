/**
 * Databases for integration tests.
 *
 *   let t: Database;
 *   beforeAll(async () => { t = await createTestDatabase(); });
 *   afterAll(async () => { await t.close(); });
 *
 * By default each call returns a fresh, migrated in-memory PGlite, private to the caller
 * (loaded from the global setup's migrated template when there is one).
 * When the run has TEST_DATABASE_URL set, it returns a postgres-js connection to the per-run
 * database the global setup created and migrated; that database is shared by every test file
 * in the run, so tests must not assume empty tables — make a tenant per test (or per file)
 * with createTestTenant and scope assertions to it.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { inject } from "vitest";
import { openDatabase, type Database, type Db } from "../client";
import { migrateDatabase } from "../migrate";
import { tenants } from "../schema";

export async function createTestDatabase(): Promise<Database> {
  const url = inject("testDatabaseUrl");
  if (url) return openDatabase({ url, max: 4 });
  const template = inject("pgliteTemplate");
  if (template) {
    // The global setup's migrated database: the same catalogue, without initdb and migrations.
    const loadDataDir = new Blob([fs.readFileSync(template)]);
    return openDatabase({ dataDir: "memory://", loadDataDir });
  }
  const database = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(database);
  return database;
}

export type TestTenant = typeof tenants.$inferSelect;

/** A random slug that satisfies tenants_slug_format and will not collide across test files. */
export function randomSlug(prefix = "t"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

/**
 * Inserts a brand directly into the platform `tenants` table (as the connection's own role,
 * not through withTenant) and returns the row. `slug` is used as given; omit it for a random
 * unique one.
 */
export async function createTestTenant(db: Db, slug: string = randomSlug()): Promise<TestTenant> {
  const [tenant] = await db
    .insert(tenants)
    .values({ slug, name: `Test brand ${slug}` })
    .returning();
  if (!tenant) throw new Error("createTestTenant: insert returned no row");
  return tenant;
}
