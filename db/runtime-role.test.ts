import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "./client";
import { runtimeRoleProblem } from "./runtime-role";
import { createTestDatabase } from "./testing/test-db";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("the runtime role check", () => {
  it("refuses a superuser connection and says how to connect as the runtime role", async () => {
    // Both engines' test connections are superusers (PGlite's always is; CI's server URL is postgres).
    const problem = await runtimeRoleProblem(t.db);
    expect(problem).toMatch(/superuser/);
    expect(problem).toMatch(/APP_DB_PASSWORD=.*npm run db:migrate/);
    expect(problem).toMatch(/postgres:\/\/fenxiao_app:/);
  });

  it("accepts a login role that is neither superuser nor BYPASSRLS, and refuses BYPASSRLS", async () => {
    const url = inject("testDatabaseUrl");
    if (!url) {
      // PGlite has one built-in superuser and no logins to try; the server run covers this.
      expect(t.kind).toBe("pglite");
      return;
    }
    const name = `fx_login_${randomBytes(4).toString("hex")}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      // Identifiers cannot be bind parameters; `name` is generated above from [a-z0-9_].
      await admin.unsafe(`create role ${name} login nosuperuser nobypassrls`);
      const asRole = (u: string) => {
        const x = new URL(u);
        x.username = name;
        x.password = "";
        return x.toString();
      };
      const plain = await openDatabase({ url: asRole(url), max: 1 });
      try {
        expect(await runtimeRoleProblem(plain.db)).toBeNull();
      } finally {
        await plain.close();
      }
      await admin.unsafe(`alter role ${name} bypassrls`);
      const bypass = await openDatabase({ url: asRole(url), max: 1 });
      try {
        expect(await runtimeRoleProblem(bypass.db)).toMatch(/BYPASSRLS/);
      } finally {
        await bypass.close();
      }
    } finally {
      await admin.unsafe(`drop role if exists ${name}`);
      await admin.end({ timeout: 5 });
    }
  });
});
