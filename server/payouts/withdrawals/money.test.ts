/**
 * Money invariants of the withdrawal flow: 100 concurrent requests on one balance (run it with
 * TEST_DATABASE_URL for real Postgres concurrency; on PGlite they serialise), the DOMAIN.md §4
 * arrears vector through the real services, and a property test over random sequences of
 * request / approve / reject / cancel / pay / fail: every journal sums to zero, cached balances
 * equal their postings, nothing is negative.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant } from "@/db/testing/test-db";
import { balancesOfOne, ledgerSummary } from "@/server/ledger/balances";
import { chain } from "@/server/network/test-helpers";
import { addRule, balances, daysAgo, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { settleAll } from "@/server/settlement/run";
import { appErrorOf } from "@/server/testing/outcomes";
import { requestWithdrawal } from "./request";
import { approveWithdrawal, cancelWithdrawal, rejectWithdrawal } from "./review";
import { ALL_CHANNELS, fund, fundedDistributor, setIdentity, setSettings } from "./testing";
import { markPaid, markPaying, returnFunds } from "./transitions";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const STAFF = { type: "staff" as const, id: "00000000-0000-7000-8000-0000000000a1" };
const SYS = { type: "system" as const, id: null };

/** Journals that do not sum to zero, and accounts whose cached balance differs from its postings. */
async function ledgerProblems(tenantId: string) {
  return withTenant(t.db, tenantId, async (tx) => {
    const unbalanced = rowsOf(await tx.execute(sql`select journal_id from ledger_postings group by journal_id having sum(amount_fen) <> 0`));
    const drift = rowsOf(
      await tx.execute(sql`
        select a.id from ledger_accounts a
        left join (select account_id, sum(amount_fen) s from ledger_postings group by account_id) p on p.account_id = a.id
        where a.distributor_id is not null
          and a.balance_fen <> (case when a.type = 'arrears' then 1 else -1 end) * coalesce(p.s, 0)`),
    );
    const negative = rowsOf(await tx.execute(sql`select id from ledger_accounts where balance_fen < 0`));
    const summary = await ledgerSummary(tx);
    return { unbalanced: unbalanced.length, drift: drift.length, negative: negative.length, imbalanceFen: summary.imbalanceFen };
  });
}

describe("concurrency", () => {
  it("100 concurrent ¥100 requests on a ¥1,000 balance: exactly 10 succeed, never negative", async () => {
    const tenantId = (await createTestTenant(t.db)).id;
    const d = await fundedDistributor(t.db, tenantId, 100_000);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, d.id, { channel: "bank", amountFen: 10_000 }))),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(10);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as { code?: string }).code).toMatch(/UNPROCESSABLE|CONFLICT/);
    }
    const b = await withTenant(t.db, tenantId, (tx) => balancesOfOne(tx, d.id));
    expect(b).toMatchObject({ availableFen: 0, withdrawingFen: 100_000 });
    const [n] = rowsOf<{ n: number | string }>(await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select count(*) n from withdrawals`)));
    expect(Number(n!.n)).toBe(10);
    expect(await ledgerProblems(tenantId)).toEqual({ unbalanced: 0, drift: 0, negative: 0, imbalanceFen: 0 });
  });
  it("concurrent requests by one distributor see each other: the daily count cap holds", async () => {
    const tenantId = (await createTestTenant(t.db)).id;
    await withTenant(t.db, tenantId, (tx) => setSettings(tx, tenantId, { dailyCountCap: 3 }));
    const d = await fundedDistributor(t.db, tenantId, 10_000_000);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, d.id, { channel: "bank", amountFen: 150_000 }))),
    );
    const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(ok).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { fields?: unknown }).fields).toEqual({ amountFen: "daily_count_cap" });
    const b = await withTenant(t.db, tenantId, (tx) => balancesOfOne(tx, d.id));
    expect(b).toMatchObject({ availableFen: 10_000_000 - 3 * 150_000, withdrawingFen: 3 * 150_000 });
    expect(await ledgerProblems(tenantId)).toEqual({ unbalanced: 0, drift: 0, negative: 0, imbalanceFen: 0 });
  });
});

describe("DOMAIN.md §4 arrears vector through the withdrawal services", () => {
  it("¥50 settled, ¥30 withdrawn and paid, full refund → arrears ¥30 and withdrawals refused; next ¥45 settles → available ¥15", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1 });
    await addRule(t, tenantId, { ...FLAT_RULE, tiers: [{ tier: 1, fixedFen: 5_000 }] });
    const [D] = await chain(t.db, tenantId, ["D"]);
    await withTenant(t.db, tenantId, (tx) => setIdentity(tx, tenantId, D!.id));
    const o1 = orderInput({ referralCode: D!.code, paidAt: daysAgo(30), status: "completed", completedAt: daysAgo(20) });
    await ingest(t, tenantId, [o1]);
    await settleAll(t.db, { tenantId, now: new Date() });
    const w = await withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, D!.id, { channel: "bank", amountFen: 3_000 }));
    await withTenant(t.db, tenantId, (tx) => approveWithdrawal(tx, tenantId, w.id, STAFF));
    await withTenant(t.db, tenantId, (tx) => markPaid(tx, tenantId, w.id, { paidAt: new Date() }, SYS));
    await sendEvent(t, tenantId, o1, { type: "refund", refundId: "all", items: [{ sku: "SKU-1", amountFen: 10_000 }], at: new Date().toISOString() });
    expect(await balances(t, tenantId, D!.id)).toMatchObject({ availableFen: 0, arrearsFen: 3_000, withdrawingFen: 0 });
    // Arrears first: nothing can be withdrawn until they are cleared (even with money credited).
    await withTenant(t.db, tenantId, (tx) => fund(tx, tenantId, D!.id, 100));
    const e = await appErrorOf(withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, D!.id, { channel: "bank", amountFen: 100 })));
    expect(e.code).toBe("PRECONDITION_FAILED");
    expect(e.fields).toEqual({ amountFen: "arrears" });
    expect(e.message).toContain("¥30.00");
    await addRule(t, tenantId, { ...FLAT_RULE, name: "45", priority: 10, tiers: [{ tier: 1, fixedFen: 4_500 }] });
    const o2 = orderInput({ referralCode: D!.code, paidAt: daysAgo(30), status: "completed", completedAt: daysAgo(20) });
    await ingest(t, tenantId, [o2]);
    await settleAll(t.db, { tenantId, now: new Date() });
    // The test's extra ¥1 sits beside DOMAIN's ¥15.
    expect(await balances(t, tenantId, D!.id)).toMatchObject({ availableFen: 1_500 + 100, arrearsFen: 0 });
    // Now the ¥15 can be withdrawn.
    const w2 = await withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, D!.id, { channel: "bank", amountFen: 1_500 }));
    expect(w2.status).toBe("reviewing");
    const s = await withTenant(t.db, tenantId, (tx) => ledgerSummary(tx));
    expect(s.imbalanceFen).toBe(0);
    expect(s.accounts).toMatchObject({ available: 100, withdrawing: 1_500, arrears: 0, payouts: 3_000 - w.taxFen - w.feeFen, tax_payable: w.taxFen });
  });
});

type Op =
  | { op: "request"; d: number; amountFen: number }
  | { op: "approve" | "reject" | "cancel" | "pay" | "fail" | "wait_expire"; i: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("request" as const), d: fc.nat(2), amountFen: fc.integer({ min: 1, max: 400_000 }) }),
  ...(["approve", "reject", "cancel", "pay", "fail", "wait_expire"] as const).map((op) => fc.record({ op: fc.constant(op), i: fc.nat(30) })),
);

describe("property: random withdrawal lifecycles keep the ledger sound", () => {
  it("journals sum to zero, cached balances equal postings, nothing negative, money conserved", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), async (ops) => {
        const tenantId = (await createTestTenant(t.db)).id;
        await withTenant(t.db, tenantId, (tx) => setSettings(tx, tenantId, { ...ALL_CHANNELS, feeBp: 30, dualApprovalFromFen: 200_000 }));
        const ds: { id: string }[] = [];
        for (let k = 0; k < 3; k++) ds.push(await fundedDistributor(t.db, tenantId, 500_000));
        const ids: string[] = [];
        for (const o of ops) {
          const run = (fn: Parameters<typeof withTenant>[2]) => withTenant(t.db, tenantId, fn).catch((e: unknown) => {
            // Business refusals are expected; anything else is a bug.
            if (!(e && typeof e === "object" && "code" in e && typeof e.code === "string" && /^[A-Z_]+$/.test(e.code))) throw e;
          });
          if (o.op === "request") {
            await run(async (tx) => {
              ids.push((await requestWithdrawal(tx, tenantId, ds[o.d]!.id, { channel: "bank", amountFen: o.amountFen })).id);
            });
            continue;
          }
          const id = ids[o.i % Math.max(1, ids.length)];
          if (!id) continue;
          if (o.op === "approve") await run((tx) => approveWithdrawal(tx, tenantId, id, { type: "staff", id: ops.indexOf(o) % 2 ? STAFF.id : "00000000-0000-7000-8000-0000000000b2" }));
          if (o.op === "reject") await run((tx) => rejectWithdrawal(tx, tenantId, id, "no", STAFF));
          if (o.op === "cancel") await run(async (tx) => {
            const [w] = rowsOf<{ distributor_id: string }>(await tx.execute(sql`select distributor_id from withdrawals where id = ${id}`));
            await cancelWithdrawal(tx, tenantId, w!.distributor_id, id);
          });
          if (o.op === "pay") {
            await run((tx) => markPaying(tx, tenantId, id, SYS));
            await run((tx) => markPaid(tx, tenantId, id, { paidAt: new Date() }, SYS));
          }
          if (o.op === "fail") await run((tx) => returnFunds(tx, tenantId, id, "failed", "bank said no", SYS));
          if (o.op === "wait_expire") await run((tx) => returnFunds(tx, tenantId, id, "expired", "not confirmed", SYS));
        }
        expect(await ledgerProblems(tenantId)).toEqual({ unbalanced: 0, drift: 0, negative: 0, imbalanceFen: 0 });
        // Conservation: what was funded is now available + withdrawing + paid out (net + tax + fees).
        const s = await withTenant(t.db, tenantId, (tx) => ledgerSummary(tx));
        expect(s.accounts.available + s.accounts.withdrawing + s.accounts.payouts + s.accounts.tax_payable + s.accounts.fees).toBe(1_500_000);
        // withdrawing equals the sum of the withdrawals still in flight.
        const [inFlight] = rowsOf<{ s: string | number | null }>(
          await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select sum(amount_fen) s from withdrawals where status in ('reviewing','approved','paying','waiting_confirmation')`)),
        );
        expect(s.accounts.withdrawing).toBe(Number(inFlight?.s ?? 0));
        for (const d of ds) {
          const b = await withTenant(t.db, tenantId, (tx) => balancesOfOne(tx, d.id));
          expect(b.availableFen).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 12 },
    );
  });
});
