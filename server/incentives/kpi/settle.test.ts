/**
 * KPI rewards (issue 12 item 4): paid only on verified completion — settled sales of the month,
 * after every counted order's after-sales window — never for recruiting, once per task and
 * distributor however often the settlement runs, into the ledger as a balanced journal.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ledgerSummary } from "@/server/ledger/balances";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, balances, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { settleKpiRewards } from "./settle";
import { createKpiTask, distributorKpiProgress, listKpiTasks, updateKpiTask } from "./tasks";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const sh = (local: string) => new Date(`${local}+08:00`);
const MONTH = "2026-03";

async function brand() {
  const tenantId = await moneyBrand(t, { commissionLevels: 2, afterSalesDays: 7 });
  await addRule(t, tenantId, FLAT_RULE);
  const [A, B] = await chain(t.db, tenantId, ["Alice", "Bob"]);
  return { tenantId, A: A!, B: B! };
}

/** An order attributed to `code`, paid and (optionally) completed at Shanghai local times. */
async function sale(tenantId: string, code: string, amountFen: number, paid: string, completed?: string) {
  const o = orderInput({ referralCode: code, paidAt: sh(paid).toISOString(), items: [{ sku: "SKU-1", quantity: 1, amountFen }] });
  await ingest(t, tenantId, [o]);
  if (completed) await sendEvent(t, tenantId, o, { type: "completed", at: sh(completed).toISOString() });
  return o;
}

const task = (tenantId: string, input: Record<string, unknown>) =>
  withTenant(t.db, tenantId, (tx) => createKpiTask(tx, ADMIN, { name: "March push", month: MONTH, rewardFen: 5_000, ...input }));
const settle = (tenantId: string, now: string, month = MONTH) => withTenant(t.db, tenantId, (tx) => settleKpiRewards(tx, tenantId, month, { now: sh(now) }));
const rewards = async (tenantId: string) =>
  rowsOf<{ distributor_id: string; reward_fen: string | number; achieved: string | number }>(
    await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select distributor_id, reward_fen, achieved from kpi_rewards`)),
  ).map((r) => ({ distributor_id: r.distributor_id, reward_fen: Number(r.reward_fen), achieved: Number(r.achieved) }));

describe("KPI tasks", () => {
  it("rejects any metric that is not a sale — recruits, sign-ups — in the service and in the database", async () => {
    const { tenantId } = await brand();
    for (const metric of ["recruits", "new_distributors", "signups"]) {
      await expect(task(tenantId, { metric, target: 3 })).rejects.toThrow();
    }
    await expect(
      withTenant(t.db, tenantId, (tx) =>
        tx.execute(sql`insert into kpi_tasks (tenant_id, id, name, month, metric, target, reward_fen)
          values (${tenantId}, gen_random_uuid(), 'x', '2026-03', 'recruits', 1, 1)`),
      ),
    ).rejects.toThrow();
    await expect(task(tenantId, { metric: "gmv", target: 0 })).rejects.toThrow();
    await expect(task(tenantId, { metric: "gmv", target: 1, month: "2026-13" })).rejects.toThrow();
  });

  it("pays only once the month is over and every counted order's after-sales window has passed; twice → one reward", async () => {
    const { tenantId, A } = await brand();
    const tk = await task(tenantId, { metric: "gmv", target: 30_000 });
    await sale(tenantId, A.code, 20_000, "2026-03-05T10:00:00", "2026-03-10T10:00:00");
    // Paid in March, completed on the last evening: its window ends 8 April.
    await sale(tenantId, A.code, 15_000, "2026-03-31T20:00:00", "2026-04-01T10:00:00");
    // An April order never counts for March.
    await sale(tenantId, A.code, 90_000, "2026-04-01T00:00:00", "2026-04-01T12:00:00");

    expect((await settle(tenantId, "2026-03-31T23:59:59")).rewards).toBe(0); // the month is not over
    expect((await settle(tenantId, "2026-04-02T00:00:00")).rewards).toBe(0); // ¥200 settled < ¥300
    expect(await rewards(tenantId)).toEqual([]);
    expect((await settle(tenantId, "2026-04-08T10:00:00")).rewards).toBe(1); // the window ends exactly then
    expect((await settle(tenantId, "2026-04-20T00:00:00")).rewards).toBe(0);
    expect((await settle(tenantId, "2026-05-20T00:00:00")).rewards).toBe(0);
    const r = await rewards(tenantId);
    expect(r).toEqual([{ distributor_id: A.id, reward_fen: 5000, achieved: 35000 }]);
    expect((await balances(t, tenantId, A.id)).availableFen).toBe(5_000);
    const journals = rowsOf<{ n: string }>(
      await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select count(*) as n from ledger_journals where kind = 'kpi_reward' and cause_id = ${tk.id}`)),
    );
    expect(Number(journals[0]!.n)).toBe(1);
    const summary = await withTenant(t.db, tenantId, (tx) => ledgerSummary(tx));
    expect(summary.imbalanceFen).toBe(0);
    // Paid: the terms can no longer change.
    await expect(withTenant(t.db, tenantId, (tx) => updateKpiTask(tx, ADMIN, { id: tk.id, name: "x", month: MONTH, metric: "gmv", target: 1, rewardFen: 1 }))).rejects.toThrow(/no longer change/);
  });

  it("refunded and cancelled orders do not count; orders and new-customer targets count buyers, never recruits", async () => {
    const { tenantId, A, B } = await brand();
    await task(tenantId, { name: "3 orders", metric: "orders", target: 3 });
    await task(tenantId, { name: "2 customers", metric: "new_customers", target: 2 });
    const buyerPhone = { kind: "phone" as const, value: "13800000001" };
    for (const day of ["02", "03"]) {
      const o = orderInput({ referralCode: A.code, buyer: { identities: [buyerPhone] }, paidAt: sh(`2026-03-${day}T10:00:00`).toISOString() });
      await ingest(t, tenantId, [o]);
      await sendEvent(t, tenantId, o, { type: "completed", at: sh(`2026-03-${day}T12:00:00`).toISOString() });
    }
    const refunded = await sale(tenantId, A.code, 10_000, "2026-03-04T10:00:00", "2026-03-04T12:00:00");
    await sendEvent(t, tenantId, refunded, { type: "refund", refundId: "r1", items: [{ sku: "SKU-1", amountFen: 10_000 }], at: sh("2026-03-05T10:00:00").toISOString() });
    const cancelled = await sale(tenantId, A.code, 10_000, "2026-03-06T10:00:00");
    await sendEvent(t, tenantId, cancelled, { type: "cancelled", at: sh("2026-03-06T11:00:00").toISOString() });
    // Recruiting more distributors (B, under A) is not a sale and moves nothing.
    await chain(t.db, tenantId, ["Carol", "Dan", "Erin"]);
    expect((await settle(tenantId, "2026-05-01T00:00:00")).rewards).toBe(0);
    // One more real buyer: 3 orders, 2 new customers.
    await sale(tenantId, A.code, 10_000, "2026-03-07T10:00:00", "2026-03-07T12:00:00");
    expect((await settle(tenantId, "2026-05-01T00:00:00")).rewards).toBe(2);
    expect((await rewards(tenantId)).map((r) => [r.distributor_id, r.achieved]).sort()).toEqual([
      [A.id, 2],
      [A.id, 3],
    ]);
    expect((await balances(t, tenantId, B.id)).availableFen).toBe(0);
    const list = await withTenant(t.db, tenantId, (tx) => listKpiTasks(tx, tenantId, { month: MONTH }));
    expect(list.total).toBe(2);
    // 5 active distributors are eligible; one of them completed each task.
    expect(list.items.map((r) => [r.eligible, r.rewarded, r.completionBp])).toEqual([
      [5, 1, 2000],
      [5, 1, 2000],
    ]);
  });

  it("pays only the distributors in the task's role; the reward offsets arrears first", async () => {
    const { tenantId, A, B } = await brand();
    await withTenant(t.db, tenantId, (tx) => tx.execute(sql`update distributors set role = 'team_lead' where id = ${B.id}`));
    await task(tenantId, { metric: "gmv", target: 1_000, role: "team_lead", rewardFen: 3_000 });
    await sale(tenantId, A.code, 5_000, "2026-03-05T10:00:00", "2026-03-05T12:00:00");
    await sale(tenantId, B.code, 5_000, "2026-03-05T10:00:00", "2026-03-05T12:00:00");
    // B owes ¥10 from an earlier clawback.
    await withTenant(t.db, tenantId, async (tx) => {
      const { postJournals } = await import("@/server/ledger/post");
      const { brandAccount, credit, debit, distributorAccount } = await import("@/server/ledger/accounts");
      await postJournals(tx, tenantId, [
        { kind: "adjustment", idempotencyKey: "test-arrears", causeType: "test", causeId: "1", postings: [debit(distributorAccount(B.id, "arrears"), 1_000), credit(brandAccount("commission_expense"), 1_000)] },
      ]);
    });
    expect((await settle(tenantId, "2026-04-30T00:00:00")).rewards).toBe(1);
    expect((await rewards(tenantId)).map((r) => r.distributor_id)).toEqual([B.id]);
    expect(await balances(t, tenantId, B.id)).toMatchObject({ arrearsFen: 0, availableFen: 2_000 });
  });

  it("shows this month's progress from attributed sales (not yet verified)", async () => {
    const { tenantId, A } = await brand();
    const now = sh("2026-03-20T12:00:00");
    await task(tenantId, { metric: "gmv", target: 50_000 });
    await sale(tenantId, A.code, 12_000, "2026-03-02T10:00:00");
    await sale(tenantId, A.code, 8_000, "2026-03-19T10:00:00");
    const p = await withTenant(t.db, tenantId, (tx) => distributorKpiProgress(tx, tenantId, A.id, { now }));
    expect(p).toEqual([expect.objectContaining({ metric: "gmv", target: 50_000, current: 20_000, rewarded: false, verifying: false })]);
  });
});
