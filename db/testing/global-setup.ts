/**
 * Vitest global setup. With TEST_DATABASE_URL (a server URL such as
 * postgres://postgres@127.0.0.1:5432/postgres) it creates a database just for this run,
 * migrates it once, hands its URL to the test files, and drops it afterwards. Without it, it
 * migrates one in-memory PGlite and writes its data directory to a file: each test file's own
 * PGlite starts from that (see test-db.ts), about half a second against two to three for
 * initdb plus the migrations, in every one of the hundred-odd files that open a database.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../client";
import { migrateDatabase } from "../migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the migrated per-run Postgres database, or null when tests use PGlite. */
    testDatabaseUrl: string | null;
    /** File holding a migrated PGlite data directory (PGlite runs only), or null. */
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    project.provide("testDatabaseUrl", null);
    const database = await openDatabase({ dataDir: "memory://" });
    let file: string;
    try {
      await migrateDatabase(database);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fenxiao-pglite-"));
      file = path.join(dir, "template.tar");
      fs.writeFileSync(file, Buffer.from(await (await database.dumpDataDir!()).arrayBuffer()));
    } finally {
      await database.close();
    }
    project.provide("pgliteTemplate", file);
    return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  project.provide("pgliteTemplate", null);

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
