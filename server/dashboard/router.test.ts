/**
 * The dashboard through tRPC and the jobs: Asia/Shanghai month boundaries, cross-brand
 * isolation, the refresher's safety lag for transactions that commit after a refresh read past
 * their ids, and the Inngest cron and the cross-brand run folding every brand.
 */
import { InngestTestEngine } from "@inngest/test";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createJobFunctions } from "@/server/jobs/functions";
import { chain } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, orderInput } from "@/server/orders/testing";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { shanghaiIso } from "@/server/shared/time";
import { addMonths, brandMonthOf, change, weekOf } from "./month";
import { monthFigures } from "./queries";
import { queueOrderDays, refreshDashboard, uuidFloor } from "./refresh";
import { refreshAllDashboards } from "./run";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function brand(name: string) {
  const b = await createBrandFixture(t, name);
  await addRule(t, b.tenantId, FLAT_RULE);
  const [D] = await chain(t.db, b.tenantId, [`${name} D`]);
  const owner = (await staffCaller(t, b.ownerUserId, b.tenantId)).caller;
  return { ...b, D: D!, owner };
}

describe("brand months (pure)", () => {
  it("puts an instant in its Asia/Shanghai month and steps months across years", () => {
    expect(brandMonthOf(new Date("2026-10-31T16:30:00Z"))).toBe("2026-11");
    expect(brandMonthOf(new Date("2026-10-31T15:59:59Z"))).toBe("2026-10");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(change(150, 100)).toBe(0.5);
    expect(change(5, 0)).toBeNull();
    expect(change(0, 0)).toBe(0);
    expect(weekOf("2026-11-01")).toBe("2026-10-26"); // a Sunday belongs to the week of Monday the 26th
  });
});

describe("dashboard.overview and dashboard.top", () => {
  it("counts an order paid at 2026-10-31T16:30Z in November (Asia/Shanghai), not October", async () => {
    const a = await brand("Boundary");
    await ingest(t, a.tenantId, [
      orderInput({
        referralCode: a.D.code,
        paidAt: "2026-10-31T16:30:00Z",
        items: [{ sku: "X", quantity: 1, amountFen: 30_000 }],
      }),
      orderInput({
        referralCode: a.D.code,
        paidAt: "2026-10-31T15:59:00Z",
        items: [{ sku: "X", quantity: 1, amountFen: 10_000 }],
      }),
    ]);
    const nov = await a.owner.dashboard.overview({ month: "2026-11" });
    const oct = await a.owner.dashboard.overview({ month: "2026-10" });
    expect(nov.figures.gmvFen).toEqual({ value: 30_000, previous: 10_000, change: 2 });
    expect(nov.figures.commissionFen.value).toBe(3_000);
    expect(nov.figures.activeDistributors).toEqual({ value: 1, previous: 1, change: 0 });
    expect(nov.daily.find((d) => d.day === "2026-11-01")?.gmvFen).toBe(30_000);
    expect(nov.daily).toHaveLength(30);
    expect(oct.figures.gmvFen.value).toBe(10_000);
    expect(oct.daily.find((d) => d.day === "2026-10-31")?.gmvFen).toBe(10_000);
    expect(nov.channels).toEqual([{ channel: "tmall", gmvFen: 30_000, orders: 1 }]);
    expect(nov.funnel).toMatchObject({ orders: 1, settled: 0 });
    const top = await a.owner.dashboard.top({ month: "2026-11" });
    expect(top).toEqual([
      expect.objectContaining({
        id: a.D.id,
        code: a.D.code,
        gmvFen: 30_000,
        commissionFen: 3_000,
        orders: 1,
        badge: "top",
      }),
    ]);
    // The channel filter narrows the figures and the table.
    expect(
      (await a.owner.dashboard.overview({ month: "2026-11", channel: "jd" })).figures.gmvFen.value,
    ).toBe(0);
    expect(await a.owner.dashboard.top({ month: "2026-11", channel: "jd" })).toEqual([]);
  });

  it("shows a brand its own figures only", async () => {
    const a = await brand("Iso A");
    const b = await brand("Iso B");
    await ingest(t, a.tenantId, [
      orderInput({
        referralCode: a.D.code,
        paidAt: "2026-09-10T04:00:00Z",
        items: [{ sku: "X", quantity: 1, amountFen: 11_100 }],
      }),
    ]);
    await ingest(t, b.tenantId, [
      orderInput({
        referralCode: b.D.code,
        paidAt: "2026-09-11T04:00:00Z",
        items: [{ sku: "X", quantity: 1, amountFen: 77_700 }],
      }),
    ]);
    const seenByA = await a.owner.dashboard.overview({ month: "2026-09" });
    expect(seenByA.figures.gmvFen.value).toBe(11_100);
    expect((await a.owner.dashboard.top({ month: "2026-09" })).map((r) => r.id)).toEqual([a.D.id]);
    expect(await a.owner.dashboard.hasOrders()).toBe(true);
    expect((await b.owner.dashboard.overview({ month: "2026-09" })).figures.gmvFen.value).toBe(
      77_700,
    );
    // Brand A's refresh wrote nothing into brand B's aggregates, and reads none of them.
    const foreign = await withTenant(t.db, a.tenantId, async (tx) =>
      rowsOf<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from dashboard_distributor_months where distributor_id = ${b.D.id}::uuid`,
        ),
      ),
    );
    expect(foreign[0]?.n).toBe(0);
    const fresh = await brand("Iso C");
    expect(await fresh.owner.dashboard.hasOrders()).toBe(false);
    expect((await fresh.owner.dashboard.overview({ month: "2026-09" })).figures.gmvFen.value).toBe(
      0,
    );
  });

  it("counts this month's new distributors per week and the buyers their orders bound", async () => {
    const a = await brand("Activity");
    await ingest(t, a.tenantId, [
      orderInput({ referralCode: a.D.code, paidAt: new Date(Date.now() - 60_000).toISOString() }),
    ]);
    const now = await a.owner.dashboard.overview({ month: brandMonthOf(new Date()) });
    expect(now.newDistributorsByWeek).toHaveLength(12);
    expect(now.newDistributorsByWeek.at(-1)).toEqual({
      week: weekOf(shanghaiIso(new Date()).slice(0, 10)),
      count: 1,
    });
    expect(now.funnel).toEqual({ clicks: 0, boundBuyers: 1, orders: 1, settled: 0 });
  });

  it("refuses a malformed month", async () => {
    const a = await brand("Bad month");
    await expect(a.owner.dashboard.overview({ month: "2026-13" })).rejects.toThrow();
  });
});

describe("refresher", () => {
  it("re-reads the safety lag: a transaction that drew its ids before a refresh and committed after is still folded", async () => {
    const a = await brand("Late");
    const refresh = (now: Date, lagMs: number) =>
      withTenant(t.db, a.tenantId, (tx) => refreshDashboard(tx, { now, lagMs }));
    const start = Date.now();
    await refresh(new Date(start), 0); // first refresh: the brand is queued whole, nothing yet
    // A refresh 60 s on reads past ids drawn now; the order below draws its ids now and
    // commits after it, like a transaction that was still open while that refresh ran.
    await refresh(new Date(start + 60_000), 0);
    await ingest(t, a.tenantId, [
      orderInput({
        referralCode: a.D.code,
        paidAt: "2026-08-05T04:00:00Z",
        items: [{ sku: "X", quantity: 1, amountFen: 5_000 }],
      }),
    ]);
    const gmv = async () =>
      (await withTenant(t.db, a.tenantId, (tx) => monthFigures(tx, "2026-08"))).gmvFen;
    // Without a lag it is missed …
    await refresh(new Date(start + 61_000), 0);
    expect(await gmv()).toBe(0);
    // … a lag longer than the transaction catches it, and folding again changes nothing.
    await refresh(new Date(start + 62_000), 120_000);
    expect(await gmv()).toBe(5_000);
    await refresh(new Date(start + 63_000), 120_000);
    expect(await gmv()).toBe(5_000);
    expect(uuidFloor(0x0123_4567_89ab)).toBe("01234567-89ab-0000-0000-000000000000");
  });

  it("refolds an order's day queued by a change that leaves no event (a risk verdict set directly)", async () => {
    const a = await brand("Verdict");
    const [out] = await ingest(t, a.tenantId, [
      orderInput({
        referralCode: a.D.code,
        paidAt: "2026-06-05T04:00:00Z",
        items: [{ sku: "X", quantity: 1, amountFen: 4_000 }],
      }),
    ]);
    const blocked = async () =>
      (await a.owner.dashboard.overview({ month: "2026-06" })).figures.blockedOrders.value;
    expect(await blocked()).toBe(0);
    await withTenant(t.db, a.tenantId, async (tx) => {
      await tx.execute(
        sql`update orders set risk_verdict = 'block' where id = ${out!.orderId}::uuid`,
      );
      await queueOrderDays(tx, [out!.orderId]);
    });
    expect(await blocked()).toBe(1);
  });

  it("folds every brand with new rows (the embedded run and the Inngest cron)", async () => {
    const a = await brand("Run A");
    const b = await brand("Run B");
    await ingest(t, a.tenantId, [
      orderInput({
        referralCode: a.D.code,
        paidAt: "2026-07-05T04:00:00Z",
        items: [{ sku: "X", quantity: 1, amountFen: 1_000 }],
      }),
    ]);
    const summary = await refreshAllDashboards(t.db);
    expect(summary.failures).toEqual([]);
    expect(summary.tenants).toBeGreaterThanOrEqual(2);
    expect((await withTenant(t.db, a.tenantId, (tx) => monthFigures(tx, "2026-07"))).gmvFen).toBe(
      1_000,
    );

    await ingest(t, b.tenantId, [
      orderInput({
        referralCode: b.D.code,
        paidAt: "2026-07-06T04:00:00Z",
        items: [{ sku: "X", quantity: 1, amountFen: 2_000 }],
      }),
    ]);
    const fns = createJobFunctions(() => Promise.resolve(t.db));
    const engine = new InngestTestEngine({
      function: fns.find((f) => f.id() === "dashboard-refresh")! as never,
    });
    const { result } = await engine.execute();
    expect(result).toMatchObject({ failures: 0 });
    expect((await withTenant(t.db, b.tenantId, (tx) => monthFigures(tx, "2026-07"))).gmvFen).toBe(
      2_000,
    );
  // On real Postgres the run folds every brand the other test files made in the shared database:
  // on a slow 2-core machine that passed 30 s.
  }, 180_000);
});
