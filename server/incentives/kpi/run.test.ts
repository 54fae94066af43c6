/**
 * The incentives sweep: the platform function lists only brands with work, and the Inngest cron
 * (and the sweeper's runner) pays a closed month's KPI reward once, folding leaderboards and
 * growth on the way.
 */
import { InngestTestEngine } from "@inngest/test";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createJobFunctions } from "@/server/jobs/functions";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, balances, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { monthBounds, previousMonth, shanghaiMonth } from "@/server/incentives/leaderboards/periods";
import { closedMonths, runIncentiveSweep, tenantsWithIncentiveWork } from "./run";
import { createKpiTask } from "./tasks";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const DAY = 86_400_000;

describe("incentives sweep", () => {
  it("names the last three closed months", () => {
    expect(closedMonths(new Date("2026-01-15T00:00:00+08:00"))).toEqual(["2025-12", "2025-11", "2025-10"]);
    // 1 March 00:30 in Shanghai is still 28 February in UTC: the brand's clock decides.
    expect(closedMonths(new Date("2026-03-01T00:30:00+08:00"), 1)).toEqual(["2026-02"]);
  });

  it("lists brands with new order events, due growth or KPI tasks of those months — and no others", async () => {
    const busy = await moneyBrand(t);
    const idle = await moneyBrand(t);
    const [D] = await chain(t.db, busy, ["D"]);
    await ingest(t, busy, [orderInput({ referralCode: D!.code })]);
    const month = previousMonth(shanghaiMonth(new Date()));
    const withTask = await moneyBrand(t);
    await withTenant(t.db, withTask, (tx) => createKpiTask(tx, ADMIN, { name: "x", month, metric: "orders", target: 1, rewardFen: 100 }));
    const found = await tenantsWithIncentiveWork(t.db, new Date(Date.now() - 60_000), new Date(), [month]);
    expect(found).toEqual(expect.arrayContaining([busy, withTask]));
    expect(found).not.toContain(idle);
    // Not callable with a tenant's rows otherwise: inside a brand's transaction, other brands stay invisible.
    const seen = rowsOf<{ n: number | string }>(await withTenant(t.db, idle, (tx) => tx.execute(sql`select count(*) as n from kpi_tasks`)));
    expect(Number(seen[0]!.n)).toBe(0);
  });

  it("the cron pays last month's reward on settled sales once, however often it runs", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 7 });
    await addRule(t, tenantId, FLAT_RULE);
    const [D] = await chain(t.db, tenantId, ["D"]);
    const month = previousMonth(shanghaiMonth(new Date()));
    const start = monthBounds(month).start.getTime();
    await withTenant(t.db, tenantId, (tx) => createKpiTask(tx, ADMIN, { name: "1 order", month, metric: "orders", target: 1, rewardFen: 2_500 }));
    const o = orderInput({ referralCode: D!.code, paidAt: new Date(start + 2 * DAY).toISOString() });
    await ingest(t, tenantId, [o]);
    await sendEvent(t, tenantId, o, { type: "completed", at: new Date(start + 3 * DAY).toISOString() });
    const fns = createJobFunctions(() => Promise.resolve(t.db));
    const engine = () => new InngestTestEngine({ function: fns.find((f) => f.id() === "incentives-sweep")! as never });
    const first = await engine().execute();
    expect(first.result).toMatchObject({ failures: 0 });
    expect((first.result as { rewards: number }).rewards).toBeGreaterThanOrEqual(1);
    await engine().execute();
    await runIncentiveSweep(t.db, { tenantId });
    // The reward (¥25, available) besides the order's ¥10 commission, pending or, if another
    // file's sweep of every brand ran meanwhile (one shared database on Postgres), settled.
    const b = await balances(t, tenantId, D!.id);
    expect(b.availableFen + b.pendingFen).toBe(2_500 + 1_000);
    expect(b.availableFen).toBeGreaterThanOrEqual(2_500);
    const rewards = rowsOf<{ n: number | string }>(await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select count(*) as n from kpi_rewards`)));
    expect(Number(rewards[0]!.n)).toBe(1);
    // The growth fold ran too: the order's ¥100 settled, for buyer and distributor.
    const growth = rowsOf<{ g: number | string }>(await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select growth_value_fen as g from members where id = ${D!.memberId}`)));
    expect(Number(growth[0]!.g)).toBe(10_000);
  });
});
