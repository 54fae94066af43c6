/**
 * Every app transaction is bounded: a long statement is cancelled and a transaction left idle
 * (a client stalling mid-request) is ended, so neither can hold a pooled connection for long.
 *
 * Enforcement is a real server's job and is checked there (TEST_DATABASE_URL). On PGlite the
 * same tests check that nothing is set: PGlite does not enforce statement_timeout, and its idle
 * timer, when it fires, spins the embedded backend and blocks the whole process (db/tenant.ts).
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "./client";
import { createTestDatabase, createTestTenant } from "./testing/test-db";
import {
  APP_ROLE,
  configureTransactionLimits,
  DEFAULT_TRANSACTION_LIMITS,
  firstRow,
  rowsOf,
  withPlatform,
  withTenant,
} from "./tenant";

let t: Database;
let tenantId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createTestTenant(t.db)).id;
});
afterAll(async () => {
  await t.close();
});
afterEach(() => configureTransactionLimits(DEFAULT_TRANSACTION_LIMITS));

const onServer = () => t.kind === "postgres";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settingsIn(run: typeof withPlatform) {
  return firstRow<{ statement: string; idle: string }>(
    await run(t.db, (tx) =>
      tx.execute(sql`select current_setting('statement_timeout') as statement,
        current_setting('idle_in_transaction_session_timeout') as idle`),
    ),
  )!;
}

describe("transaction limits", () => {
  it("are set in every tenant and platform transaction on a server, from the configuration", async () => {
    configureTransactionLimits({ statementTimeoutMs: 1234, idleInTransactionTimeoutMs: 5678 });
    const tenant = await settingsIn((db, fn) => withTenant(db, tenantId, fn));
    const platform = await settingsIn(withPlatform);
    if (onServer()) {
      expect(tenant).toEqual({ statement: "1234ms", idle: "5678ms" });
      expect(platform).toEqual({ statement: "1234ms", idle: "5678ms" });
    } else {
      expect([tenant.idle, platform.idle]).toEqual(["0", "0"]);
    }
  });

  it("cancel a statement that runs longer than the limit", async () => {
    configureTransactionLimits({ statementTimeoutMs: 200, idleInTransactionTimeoutMs: 10_000 });
    const started = Date.now();
    const run = withTenant(t.db, tenantId, (tx) => tx.execute(sql`select pg_sleep(2)`));
    if (onServer()) {
      await expect(run).rejects.toMatchObject({ cause: { code: "57014" } }); // query_canceled
      expect(Date.now() - started).toBeLessThan(1500);
    } else {
      await run;
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    }
  });

  it("end a transaction left idle longer than the limit, releasing its connection", async () => {
    if (!onServer()) {
      // Nothing to end on PGlite (see the file comment); the setting stays off there.
      expect((await settingsIn(withPlatform)).idle).toBe("0");
      return;
    }
    // One connection: if the stalled transaction kept it, the next query could never run.
    const single = await openDatabase({ url: inject("testDatabaseUrl")!, max: 1 });
    try {
      configureTransactionLimits({ statementTimeoutMs: 10_000, idleInTransactionTimeoutMs: 300 });
      const stalled = withTenant(single.db, tenantId, async (tx) => {
        await tx.execute(sql`select 1`);
        await sleep(1200); // the request's client went quiet mid-transaction
        await tx.execute(sql`select 2`);
      });
      await expect(stalled).rejects.toThrow();
      const after = await withPlatform(single.db, (tx) => tx.execute(sql`select 1 as ok`));
      expect(rowsOf<{ ok: number }>(after)[0]?.ok).toBe(1);
    } finally {
      await single.close();
    }
  });

  it("are also the runtime role's defaults on a server, for deployments that log in as it", async () => {
    // The run's migration (global setup, or createTestDatabase on PGlite) used the defaults.
    const [role] = rowsOf<{ rolconfig: string[] | null }>(
      await t.db.execute(sql`select rolconfig from pg_roles where rolname = ${APP_ROLE}`),
    );
    if (onServer()) {
      expect(role?.rolconfig).toEqual(
        expect.arrayContaining([
          `statement_timeout=${DEFAULT_TRANSACTION_LIMITS.statementTimeoutMs}ms`,
          `idle_in_transaction_session_timeout=${DEFAULT_TRANSACTION_LIMITS.idleInTransactionTimeoutMs}ms`,
        ]),
      );
    } else {
      expect(role?.rolconfig ?? []).toEqual([]);
    }
  });
});
