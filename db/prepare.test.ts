/**
 * Statements with parameters go out prepared (db/client.ts): Drizzle asks postgres-js for
 * unprepared ones, which cost two round trips each and stop the pipeline. Checked on a stand-in
 * for the postgres-js handle (what each call asks for), and on a real server (the statement is
 * in pg_prepared_statements of the connection that ran it).
 */
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREPARE_MAX_PARAMETERS, preparingStatements, type Database } from "./client";
import { rowsOf } from "./tenant";
import { createTestDatabase } from "./testing/test-db";

type Call = { query: string; args: unknown; options: { prepare?: boolean; simple?: boolean } | undefined };

function standIn(calls: Call[]) {
  const handle = {
    unsafe: (query: string, args?: unknown, options?: { prepare?: boolean }) => calls.push({ query, args, options }),
    begin: (...a: unknown[]) => (a[a.length - 1] as (inner: unknown) => unknown)(standIn(calls)),
    savepoint: (...a: unknown[]) => (a[a.length - 1] as (inner: unknown) => unknown)(standIn(calls)),
    options: { parsers: {} },
  };
  return handle as unknown as postgres.Sql;
}

describe("preparingStatements", () => {
  it("prepares statements with 1 to PREPARE_MAX_PARAMETERS parameters, in transactions and savepoints too", async () => {
    const calls: Call[] = [];
    const sqlHandle = preparingStatements(standIn(calls));
    await sqlHandle.unsafe("select $1", [1], { prepare: false });
    await sqlHandle.unsafe("select 1", [], { prepare: false });
    await sqlHandle.unsafe("  WITH x as (select 1) select * from x;", [], { prepare: false });
    await sqlHandle.unsafe("select 1; select 2", [], { prepare: false });
    await sqlHandle.unsafe("vacuum analyze orders", [], { prepare: false });
    await sqlHandle.unsafe("set local role fenxiao_app", []);
    const many = Array.from({ length: PREPARE_MAX_PARAMETERS + 1 }, (_, i) => i);
    await sqlHandle.unsafe("select many", many, { prepare: false });
    await sqlHandle.unsafe("select named", [], { prepare: true });
    await sqlHandle.begin("isolation level serializable", async (tx) => {
      await tx.unsafe("in tx", [1], { prepare: false });
      await (tx).savepoint(async (sp) => {
        await sp.unsafe("in savepoint", [1]);
      });
    });
    expect(calls.map((c) => [c.query, c.options?.prepare, c.options?.simple])).toEqual([
      ["select $1", true, undefined],
      // One query without parameters: prepared, by the extended protocol (postgres-js would
      // send it by the simple one, parsed and planned each time). Several statements in one
      // text, and utility commands, stay as they were.
      ["select 1", true, false],
      ["  WITH x as (select 1) select * from x;", true, false],
      ["select 1; select 2", false, undefined],
      ["vacuum analyze orders", false, undefined],
      ["set local role fenxiao_app", undefined, undefined],
      ["select many", false, undefined],
      ["select named", true, false],
      ["in tx", true, undefined],
      ["in savepoint", true, undefined],
    ]);
    expect((sqlHandle as unknown as { options: object }).options).toEqual({ parsers: {} });
  });
});

describe("on the database", () => {
  let t: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.close());

  it("runs a statement with parameters as a prepared statement of its connection (Postgres)", async () => {
    const prepared = await t.db.transaction(async (tx) => {
      await tx.execute(sql`select ${"x"}::text as prepare_check`);
      return rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement = ${"select $1::text as prepare_check"}`));
    });
    // PGlite is driven through its own driver, not postgres-js: nothing is prepared there.
    expect(prepared[0]?.n).toBe(t.kind === "postgres" ? 1 : 0);
  });

  it("prepares a query without parameters too, its values typed as a statement with parameters gets them (Postgres)", async () => {
    const [bare, withParameter, prepared] = await t.db.transaction(async (tx) => {
      const columns = sql`42::int as n, 7::bigint as b, timestamptz '2026-12-06 10:00:00+00' as at, 'x'::text as s, '{"a":[1]}'::jsonb as j, array['p','q'] as arr`;
      const v = rowsOf(await tx.execute(sql`select ${columns}`));
      const w = rowsOf(await tx.execute(sql`select ${columns} where ${true}`));
      const p = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like ${"select 42::int as n%"}`));
      return [v, w, p] as const;
    });
    expect(bare).toEqual(withParameter);
    expect(bare[0]).toMatchObject({ n: 42, s: "x", j: { a: [1] }, arr: ["p", "q"] });
    expect(prepared[0]?.n).toBe(t.kind === "postgres" ? 2 : 0);
  });
});
