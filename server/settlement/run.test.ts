/**
 * Settling a brand in chunks of its earners' buckets on several connections at once (run.ts,
 * buckets.ts): however many workers, chunks and runs at once, every due commission settles
 * exactly once, into its own earner's account, and the ledger stays balanced; an earner whose
 * bucket fits in a chunk gets one journal. (On PGlite the workers collapse into one; the same
 * assertions hold.)
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isServerDatabase, type Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ledgerSummary } from "@/server/ledger/balances";
import { chain } from "@/server/network/test-helpers";
import { addRule, balances, daysAgo, FLAT_RULE, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { settleTenant } from "./run";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

/** `earners` unrelated distributors, each referring `each` completed orders whose window has passed. */
async function dueBrand(earners: number, each: number) {
  const tenantId = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 7 });
  await addRule(t, tenantId, FLAT_RULE);
  const ds: { id: string; code: string }[] = [];
  for (let i = 0; i < earners; i++) ds.push(...(await chain(t.db, tenantId, [`E${i}`])));
  // Earner i's order k pays 1000·(i+1) + 10·k fen: 10% of it is 100·(i+1) + k, exact.
  const expected = new Map<string, number>();
  const orders = ds.flatMap((d, i) =>
    Array.from({ length: each }, (_, k) => {
      expected.set(d.id, (expected.get(d.id) ?? 0) + 100 * (i + 1) + k);
      return orderInput({
        referralCode: d.code,
        status: "completed",
        paidAt: daysAgo(20),
        completedAt: daysAgo(10),
        items: [{ sku: "SKU-1", quantity: 1, amountFen: 1000 * (i + 1) + 10 * k }],
      });
    }),
  );
  await ingest(t, tenantId, orders);
  return { tenantId, ds, expected, total: orders.length };
}

async function expectSettledOnce(tenantId: string, ds: { id: string }[], expected: Map<string, number>, journals: number) {
  for (const d of ds) expect(await balances(t, tenantId, d.id)).toMatchObject({ pendingFen: 0, availableFen: expected.get(d.id) });
  const [row] = await withTenant(t.db, tenantId, async (tx) =>
    rowsOf<{ pending: number; unlinked: number; dangling: number; journals: number }>(
      await tx.execute(sql`
        select (select count(*)::int from commissions where status <> 'settled') as pending,
          (select count(*)::int from commissions where settle_journal_id is null) as unlinked,
          -- No foreign key holds the link (migration 0052); the sweep does.
          (select count(*)::int from commissions c
            where not exists (select 1 from ledger_journals j where j.id = c.settle_journal_id and j.kind = 'settlement')) as dangling,
          (select count(*)::int from ledger_journals where kind = 'settlement') as journals`),
    ),
  );
  expect(row).toMatchObject({ pending: 0, unlinked: 0, dangling: 0, journals });
  expect((await withTenant(t.db, tenantId, (tx) => ledgerSummary(tx))).imbalanceFen).toBe(0);
}

describe("settling a brand in chunks of its earners' buckets", () => {
  it("three workers, chunks of four: every commission settles once, into its earner's available balance", async () => {
    const { tenantId, ds, expected, total } = await dueBrand(9, 5);
    const runs = await settleTenant(t.db, tenantId, { chunk: 4, workers: 3 });
    expect(runs.reduce((s, r) => s + r.commissions, 0)).toBe(total);
    expect(runs.reduce((s, r) => s + r.settledFen, 0)).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    // One journal per earner per chunk, each chunk's count as the run reported it.
    await expectSettledOnce(tenantId, ds, expected, runs.reduce((s, r) => s + r.distributors, 0));
    expect((await settleTenant(t.db, tenantId, { chunk: 4, workers: 3 })).reduce((s, r) => s + r.commissions, 0)).toBe(0);
  });

  it("two runs at once (the cron and the CLI) settle each commission once between them", async () => {
    const { tenantId, ds, expected, total } = await dueBrand(6, 6);
    const both = await Promise.all([settleTenant(t.db, tenantId, { chunk: 5, workers: 2 }), settleTenant(t.db, tenantId, { chunk: 5, workers: 2 })]);
    const runs = both.flat();
    expect(runs.reduce((s, r) => s + r.commissions, 0)).toBe(total);
    await expectSettledOnce(tenantId, ds, expected, runs.reduce((s, r) => s + r.distributors, 0));
  });

  it("a brand smaller than workers × chunk is still cut into a range for each worker", async () => {
    const { tenantId, ds, expected, total } = await dueBrand(12, 2);
    const runs = await settleTenant(t.db, tenantId, { chunk: 10_000, workers: 3 });
    expect(runs.reduce((s, r) => s + r.commissions, 0)).toBe(total);
    // On Postgres three connections each settle a share; PGlite has one connection, one chunk.
    if (isServerDatabase(t.db)) expect(runs.filter((r) => r.commissions > 0).length).toBeGreaterThanOrEqual(2);
    else expect(runs).toHaveLength(1);
    await expectSettledOnce(tenantId, ds, expected, ds.length);
  });

  it("a chunk that loses a deadlock is run again, and every commission still settles once", async () => {
    const { tenantId, ds, expected, total } = await dueBrand(4, 3);
    // The first settlement journal row this brand posts aborts the transaction as a deadlock
    // would (40P01). A sequence counts the trigger's calls: it is not rolled back with the
    // transaction, so the retry sees that it has fired.
    const setup = [
      `create sequence test_deadlock_once`,
      `grant usage on sequence test_deadlock_once to public`,
      `create function test_deadlock_once() returns trigger language plpgsql as $$
       begin
         if nextval('test_deadlock_once') = 1 then raise exception 'deadlock detected (test)' using errcode = 'deadlock_detected'; end if;
         return new;
       end $$`,
      `create trigger test_deadlock_once before insert on ledger_journals for each row
         when (new.tenant_id = '${tenantId}' and new.kind = 'settlement') execute function test_deadlock_once()`,
    ];
    for (const statement of setup) await t.db.execute(sql.raw(statement));
    try {
      const runs = await settleTenant(t.db, tenantId, { chunk: 100, workers: 1 });
      expect(runs.reduce((s, r) => s + r.commissions, 0)).toBe(total);
      await expectSettledOnce(tenantId, ds, expected, ds.length);
      // One call that aborted the first attempt, then one for each of the retry's four journals.
      const [row] = rowsOf<{ calls: number }>(await t.db.execute(sql`select last_value::int as calls from test_deadlock_once`));
      expect(row!.calls).toBe(1 + ds.length);
    } finally {
      for (const statement of [`drop trigger test_deadlock_once on ledger_journals`, `drop function test_deadlock_once()`, `drop sequence test_deadlock_once`])
        await t.db.execute(sql.raw(statement));
    }
  });

  it("a run that cannot post an earner's journal settles nothing, and the commissions stay due", async () => {
    const { tenantId, ds } = await dueBrand(3, 2);
    // A pending commission worth 0 (the sweep never sees one: a refund to 0 cancels it) makes
    // a journal with no postings, which is not posted; its commissions would point at nothing.
    await t.db.execute(sql`update commissions set amount_fen = 0 where tenant_id = ${tenantId} and distributor_id = ${ds[0]!.id}`);
    await expect(settleTenant(t.db, tenantId, { chunk: 100, workers: 1 })).rejects.toThrow(/journals not posted by this run/);
    const [row] = await withTenant(t.db, tenantId, async (tx) =>
      rowsOf<{ settled: number; due: number; journals: number }>(
        await tx.execute(sql`
          select (select count(*)::int from commissions where status = 'settled' or settle_journal_id is not null) as settled,
            (select count(*)::int from commission_due) as due,
            (select count(*)::int from ledger_journals where kind = 'settlement') as journals`),
      ),
    );
    expect(row).toEqual({ settled: 0, due: 6, journals: 0 });
  });

  it("settles each earner's due commissions under one journal when its bucket fits in a chunk", async () => {
    const { tenantId, ds, expected, total } = await dueBrand(8, 5);
    // The chunk holds the fullest bucket: no earner's commissions are cut in two.
    const buckets = await withTenant(t.db, tenantId, async (tx) =>
      rowsOf<{ bucket: number }>(await tx.execute(sql`select fx_settlement_bucket(id) as bucket from distributors`)),
    );
    const perBucket = new Map<number, number>();
    for (const b of buckets) perBucket.set(b.bucket, (perBucket.get(b.bucket) ?? 0) + 1);
    const runs = await settleTenant(t.db, tenantId, { chunk: 5 * Math.max(...perBucket.values()), workers: 2 });
    expect(runs.reduce((s, r) => s + r.commissions, 0)).toBe(total);
    await expectSettledOnce(tenantId, ds, expected, ds.length);
  });
});
