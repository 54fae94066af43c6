/**
 * The demo brand's orders: written through the real services, the ledger balances journal by
 * journal, some commissions settle, some distributors end in arrears, and a second run adds
 * nothing.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ledgerSummary } from "@/server/ledger/balances";
import { seedDemoNetwork } from "@/server/network/demo-network";
import { memoryStorage } from "@/server/storage/testing";
import { createBrandFixture } from "@/server/testing/fixtures";
import { settleTenant } from "@/server/settlement/run";
import { generateDemoOrders, seedDemoOrders } from "./demo-orders";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const NOW = new Date("2026-12-01T04:00:00Z");

async function countOf(tenantId: string, query: ReturnType<typeof sql>) {
  const [row] = await withTenant(t.db, tenantId, async (tx) => rowsOf<{ n: number }>(await tx.execute(query)));
  return Number(row!.n);
}

describe("demo orders", () => {
  it("are the same on every run, skewed to a few top distributors, across channels", () => {
    const codes = Array.from({ length: 200 }, (_, i) => `C${i}`);
    const a = generateDemoOrders({ count: 2_000, distributorCodes: codes, now: NOW });
    expect(generateDemoOrders({ count: 2_000, distributorCodes: codes, now: NOW })).toEqual(a);
    const byCode = new Map<string, number>();
    for (const o of a) if (o.input.referralCode) byCode.set(o.input.referralCode, (byCode.get(o.input.referralCode) ?? 0) + 1);
    const top5 = [...byCode.values()].sort((x, y) => y - x).slice(0, 5).reduce((s, n) => s + n, 0);
    expect(top5 / a.length).toBeGreaterThan(0.25);
    expect(new Set(a.map((o) => o.input.channel)).size).toBe(6);
    const completed = a.filter((o) => o.input.status === "completed").length / a.length;
    expect(completed).toBeGreaterThan(0.62);
    expect(completed).toBeLessThan(0.78);
    expect(a.every((o) => Date.parse(o.input.paidAt) <= NOW.getTime() && Date.parse(o.input.paidAt) >= NOW.getTime() - 90 * 86_400_000)).toBe(true);
  });

  it("a small seed balances every journal, settles some, leaves some in arrears, and runs once", async () => {
    const brand = await createBrandFixture(t, "Demo orders");
    await withTenant(t.db, brand.tenantId, (tx) => seedDemoNetwork(tx, { distributors: 150, customers: 50, storage: memoryStorage() }));
    const lines: string[] = [];
    const r = await seedDemoOrders(t.db, brand.tenantId, { count: 300, now: NOW, log: (l) => lines.push(l) });
    expect(r).toMatchObject({ orders: 300 });
    expect(r!.settledCommissions).toBeGreaterThan(0);
    expect(r!.inArrears).toBeGreaterThan(0);
    expect(r!.refunds + r!.lateRefunds).toBeGreaterThan(0);
    expect(lines[0]).toBe("orders 300/300…");

    await withTenant(t.db, brand.tenantId, async (tx) => {
      expect((await ledgerSummary(tx)).imbalanceFen).toBe(0);
      const unbalanced = rowsOf<{ journal_id: string }>(
        await tx.execute(sql`select journal_id from ledger_postings group by journal_id having sum(amount_fen) <> 0`),
      );
      expect(unbalanced).toEqual([]);
      // Every cached distributor balance is the sum of its postings.
      const drift = rowsOf<{ id: string }>(
        await tx.execute(sql`
          select a.id from ledger_accounts a
          left join (select distributor_id, account_type, sum(amount_fen) as s from ledger_postings where distributor_id is not null group by 1, 2) p
            on p.distributor_id = a.distributor_id and p.account_type = a.type
          where a.distributor_id is not null
            and a.balance_fen <> (case when a.type = 'arrears' then 1 else -1 end) * coalesce(p.s, 0)`),
      );
      expect(drift).toEqual([]);
      const [counts] = rowsOf<{ orders: number; cancelled: number; refunded: number; settled: number; arrears: number }>(
        await tx.execute(sql`select
          (select count(*)::int from orders where source = 'demo') as orders,
          (select count(*)::int from orders where status = 'cancelled') as cancelled,
          (select count(distinct order_id)::int from order_lines where refunded_fen > 0) as refunded,
          (select count(*)::int from commissions where status = 'settled') as settled,
          (select count(*)::int from ledger_accounts where type = 'arrears' and balance_fen > 0) as arrears`),
      );
      expect(counts).toMatchObject({ orders: 300, settled: r!.settledCommissions, arrears: r!.inArrears, refunded: r!.refunds + r!.lateRefunds });
      expect(counts!.cancelled).toBe(r!.cancelled);
      expect(counts!.cancelled).toBeGreaterThan(0);

      // Withdrawals went through the real flow: every paid one has its tax record and payout
      // journal, and the finance queue has rows in each state.
      const states = rowsOf<{ status: string; n: number }>(await tx.execute(sql`select status, count(*)::int as n from withdrawals group by status`));
      const by = Object.fromEntries(states.map((x) => [x.status, Number(x.n)]));
      expect(by.paid).toBeGreaterThan(0);
      expect(Object.keys(by).sort()).toEqual(expect.arrayContaining(["approved", "paid", "reviewing"]));
      const [paid] = rowsOf<{ unrecorded: number; unjournaled: number; unverified: number }>(
        await tx.execute(sql`select
          (select count(*)::int from withdrawals w where status = 'paid' and not exists (select 1 from tax_withholdings t where t.withdrawal_id = w.id)) as unrecorded,
          (select count(*)::int from withdrawals w where status = 'paid' and not exists (select 1 from ledger_journals j where j.idempotency_key = 'payout:' || w.id)) as unjournaled,
          (select count(*)::int from withdrawals w join distributor_identities i on i.distributor_id = w.distributor_id where i.status <> 'verified') as unverified`),
      );
      expect(paid).toEqual({ unrecorded: 0, unjournaled: 0, unverified: 0 });
    });

    expect(await seedDemoOrders(t.db, brand.tenantId, { count: 300, now: NOW })).toBeNull();
    const [again] = await withTenant(t.db, brand.tenantId, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from orders`)));
    expect(Number(again!.n)).toBe(300);
  });

  it("a seed stopped halfway (a first start interrupted) is finished by the next start, as it began", async () => {
    const brand = await createBrandFixture(t, "Demo resumed");
    await withTenant(t.db, brand.tenantId, (tx) => seedDemoNetwork(tx, { distributors: 150, customers: 50, storage: memoryStorage() }));
    const stop = new Error("Ctrl-C");
    // Stopped after the first of three batches of 100: the orders in, no refunds, no settlement.
    await expect(
      seedDemoOrders(t.db, brand.tenantId, { count: 300, batch: 100, now: NOW, log: (l) => { if (l.startsWith("orders 100/")) throw stop; } }),
    ).rejects.toBe(stop);
    expect(await countOf(brand.tenantId, sql`select count(*)::int as n from orders`)).toBe(100);

    // The next start: another time and count asked for, the first ones kept.
    const lines: string[] = [];
    const r = await seedDemoOrders(t.db, brand.tenantId, { count: 50, batch: 100, now: new Date(NOW.getTime() + 3_600_000), log: (l) => lines.push(l) });
    expect(lines[0]).toBe(`resuming the demo orders begun at ${NOW.toISOString()}…`);
    // What the generator makes for that time, count and network, each order once.
    const codes = await withTenant(t.db, brand.tenantId, async (tx) =>
      rowsOf<{ code: string }>(await tx.execute(sql`select code from distributors where status = 'active' order by code`)).map((x) => x.code),
    );
    const made = generateDemoOrders({ count: 300, distributorCodes: codes, now: NOW });
    expect(r).toMatchObject({ orders: 300, cancelled: made.filter((o) => o.fate.kind === "cancel").length });
    expect(await countOf(brand.tenantId, sql`select count(*)::int as n from orders`)).toBe(300);
    expect(await countOf(brand.tenantId, sql`select count(*)::int as n from orders where status = 'cancelled'`)).toBe(r!.cancelled);
    expect(await countOf(brand.tenantId, sql`select count(distinct order_id)::int as n from order_lines where refunded_fen > 0`)).toBe(
      made.filter((o) => o.fate.kind === "refund" || o.fate.kind === "late_refund").length,
    );
    expect(await countOf(brand.tenantId, sql`select count(*)::int as n from withdrawals where status = 'paid'`)).toBeGreaterThan(0);
    expect((await withTenant(t.db, brand.tenantId, (tx) => ledgerSummary(tx))).imbalanceFen).toBe(0);
    // Done now: a third start adds nothing, and the audit log tells the story once.
    expect(await seedDemoOrders(t.db, brand.tenantId, { count: 300, now: NOW })).toBeNull();
    expect(await countOf(brand.tenantId, sql`select count(*)::int as n from audit_logs where action like 'demo.orders_%'`)).toBe(3);
  });

  it("a seed stopped after its withdrawals were paid out does not pay them out again", async () => {
    const brand = await createBrandFixture(t, "Demo paid out");
    await withTenant(t.db, brand.tenantId, (tx) => seedDemoNetwork(tx, { distributors: 150, customers: 50, storage: memoryStorage() }));
    const stop = new Error("Ctrl-C");
    // Stopped after the late refunds: their earners' withdrawals are paid, the queue's are not made.
    await expect(
      seedDemoOrders(t.db, brand.tenantId, { count: 300, now: NOW, log: (l) => { if (l.startsWith("refunds after settlement")) throw stop; } }),
    ).rejects.toBe(stop);
    const paidOut = await countOf(brand.tenantId, sql`select count(*)::int as n from withdrawals`);
    expect(paidOut).toBeGreaterThan(0);
    // Meanwhile the embedded sweeper settled more (it runs at the real time, a month on here), so
    // the paid-out earners have money available again: paying them out again would find it.
    await settleTenant(t.db, brand.tenantId, { now: new Date(NOW.getTime() + 30 * 86_400_000) });
    expect(await seedDemoOrders(t.db, brand.tenantId, { count: 300, now: NOW })).toMatchObject({ orders: 300 });
    // The queue's withdrawals are other earners'; the paid-out earners still have one each.
    const perEarner = await withTenant(t.db, brand.tenantId, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from withdrawals group by distributor_id having count(*) > 1`)),
    );
    expect(perEarner).toEqual([]);
    expect(await countOf(brand.tenantId, sql`select count(*)::int as n from withdrawals`)).toBeGreaterThan(paidOut);
    expect((await withTenant(t.db, brand.tenantId, (tx) => ledgerSummary(tx))).imbalanceFen).toBe(0);
  });
});
