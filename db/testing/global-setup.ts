/**
 * Vitest global setup. With TEST_DATABASE_URL (a server URL such as
 * postgres://postgres@127.0.0.1:5432/postgres) it creates a database just for this run,
 * migrates it once, hands its URL to the test files, and drops it afterwards. Without it,
 * nothing happens here: each test file makes its own in-memory PGlite (see test-db.ts).
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../client";
import { migrateDatabase } from "../migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the migrated per-run Postgres database, or null when tests use PGlite. */
    testDatabaseUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    project.provide("testDatabaseUrl", null);
    return;
  }

  const name = `fenxiao_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const testUrl = url.toString();

  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    // Identifiers cannot be bind parameters; `name` is generated above from [a-z0-9_] only.
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }

  const dropDatabase = async () => {
    const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                where datname = ${name} and pid <> pg_backend_pid()`;
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  };

  const database = await openDatabase({ url: testUrl, max: 1 });
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close();
    await dropDatabase();
    throw error;
  }
  await database.close();

  project.provide("testDatabaseUrl", testUrl);
  process.env.TEST_DB_URL = testUrl;
  return dropDatabase;
}
