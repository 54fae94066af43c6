/**
 * Month close and the team bonus (issue 12): the ladder's boundary, the team within the
 * commission levels only, city partners' regions, employees left out, a refund after the close
 * clawed back in the next period, an idempotent close, demotion, and brand isolation.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors, ledgerJournals, levelChanges, monthCloses, teamBonusAdjustments, teamBonusStatements } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createLevel } from "@/server/network/levels";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, balances, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { credit, debit, distributorAccount } from "@/server/ledger/accounts";
import { postJournals } from "@/server/ledger/post";
import { outcomeOf } from "@/server/testing/outcomes";
import { updateIncentiveSettings, DEFAULT_INCENTIVE_SETTINGS } from "./levels/settings";
import { closeDueMonths, closeMonth } from "./month-close";
import { teamBonusJournalKey } from "./team-bonus/compute";
import { monthBounds, monthOf } from "./team-bonus/period";
import type { LadderStep } from "./team-bonus/ladder";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const LADDER: LadderStep[] = [
  { minFen: 10_000_000, rateBp: 100 },
  { minFen: 30_000_000, rateBp: 200 },
];
const OCT = "2026-10";
const NOV = "2026-11";
/** Completed on the 10th of the month, afterSalesDays 0: settles in that month. */
const inMonth = (month: string, day = 10) => ({
  status: "completed" as const,
  paidAt: `${month}-0${Math.min(day, 9)}T04:00:00.000Z`,
  completedAt: `${month}-${String(day).padStart(2, "0")}T04:00:00.000Z`,
});
const afterNov = new Date("2026-12-01T00:00:00.000Z");

async function teamBrand(settings: Partial<typeof DEFAULT_INCENTIVE_SETTINGS> = {}, levels = 3) {
  const tenantId = await moneyBrand(t, { commissionLevels: levels, afterSalesDays: 0 });
  await addRule(t, tenantId, FLAT_RULE);
  const [L, B, C, D] = await chain(t.db, tenantId, ["Lead", "B", "C", "D"]);
  await withTenant(t.db, tenantId, async (tx) => {
    await tx.update(distributors).set({ role: "team_lead" }).where(eq(distributors.id, L!.id));
    await updateIncentiveSettings(tx, ADMIN, { ...DEFAULT_INCENTIVE_SETTINGS, teamLeadLadder: LADDER, cityPartnerLadder: LADDER, ...settings });
  });
  return { tenantId, L: L!, B: B!, C: C!, D: D! };
}

const sale = (code: string, amountFen: number, month = OCT, extra: Partial<Parameters<typeof orderInput>[0]> = {}) =>
  orderInput({ referralCode: code, items: [{ sku: "SKU-1", quantity: 1, amountFen }], ...inMonth(month), ...extra });

const close = (tenantId: string, month: string, now = new Date()) => withTenant(t.db, tenantId, (tx) => closeMonth(tx, tenantId, month, { now, actor: ADMIN }));

async function statements(tenantId: string, distributorId: string) {
  return withTenant(t.db, tenantId, (tx) =>
    tx.select().from(teamBonusStatements).where(eq(teamBonusStatements.distributorId, distributorId)).orderBy(teamBonusStatements.period),
  );
}

describe("team bonus at month close", () => {
  it("pays exactly ¥100,000.00 at 1%, counts descendants within the commission levels only, and closes once", async () => {
    const { tenantId, L, B, C, D } = await teamBrand();
    // Team = L, B, C (tiers 1–3 of L). D is the fourth level: its ¥50,000 never counts.
    await ingest(t, tenantId, [sale(L.code, 1_000_000), sale(B.code, 5_000_000), sale(C.code, 4_000_000), sale(D.code, 5_000_000)]);
    const first = await close(tenantId, OCT);
    expect(first.alreadyClosed).toBe(false);
    const [s] = await statements(tenantId, L.id);
    expect(s).toMatchObject({ period: OCT, basis: "team", gmvFen: 10_000_000, orderCount: 3, rateBp: 100, bonusFen: 100_000, totalFen: 100_000 });
    expect((await balances(t, tenantId, L.id)).availableFen).toBe(100_000);

    // Run twice → one entry.
    const again = await close(tenantId, OCT);
    expect(again.alreadyClosed).toBe(true);
    expect(await statements(tenantId, L.id)).toHaveLength(1);
    const journals = await withTenant(t.db, tenantId, (tx) =>
      tx.select().from(ledgerJournals).where(eq(ledgerJournals.idempotencyKey, teamBonusJournalKey(OCT, L.id))),
    );
    expect(journals).toHaveLength(1);
    expect(journals[0]!.kind).toBe("team_bonus");
    expect((await balances(t, tenantId, L.id)).availableFen).toBe(100_000);
  });

  it("one fen under the first step pays nothing; with two commission levels the third level drops out", async () => {
    const { tenantId, L, B, C } = await teamBrand({}, 2);
    await ingest(t, tenantId, [sale(L.code, 4_999_999), sale(B.code, 5_000_000), sale(C.code, 20_000_000)]);
    await close(tenantId, OCT);
    const [s] = await statements(tenantId, L.id);
    expect(s).toMatchObject({ gmvFen: 9_999_999, rateBp: 0, bonusFen: 0, journalId: null });
    expect((await balances(t, tenantId, L.id)).availableFen).toBe(0);
  });

  it("claws back a refund booked after the close in the next period, re-tiering the old period", async () => {
    const { tenantId, L, B } = await teamBrand();
    const o = sale(B.code, 10_000_000);
    await ingest(t, tenantId, [o]);
    await close(tenantId, OCT);
    expect((await balances(t, tenantId, L.id)).availableFen).toBe(100_000);
    // One fen refunded after October closed: October's basis falls below the step.
    await sendEvent(t, tenantId, o, { type: "refund", refundId: "late", items: [{ sku: "SKU-1", amountFen: 1 }], at: new Date().toISOString() });
    // November: ¥12,000 of new sales (below the ladder) → the statement carries the clawback only.
    await ingest(t, tenantId, [sale(B.code, 1_200_000, NOV)]);
    await close(tenantId, NOV, new Date(Math.max(Date.now(), afterNov.getTime())));
    const nov = (await statements(tenantId, L.id)).find((s) => s.period === NOV)!;
    expect(nov).toMatchObject({ gmvFen: 1_200_000, bonusFen: 0, adjustmentFen: -100_000, totalFen: -100_000 });
    const adj = await withTenant(t.db, tenantId, (tx) => tx.select().from(teamBonusAdjustments).where(eq(teamBonusAdjustments.distributorId, L.id)));
    expect(adj).toEqual([expect.objectContaining({ period: NOV, sourcePeriod: OCT, refundFen: 1, oldBasisFen: 10_000_000, newBasisFen: 9_999_999, amountFen: -100_000 })]);
    expect((await balances(t, tenantId, L.id)).availableFen).toBe(0);
  });

  it("a clawback larger than available becomes arrears; a refund before the close is simply netted", async () => {
    const { tenantId, L, B } = await teamBrand();
    const early = sale(B.code, 31_000_000);
    await ingest(t, tenantId, [early]);
    await sendEvent(t, tenantId, early, { type: "refund", refundId: "early", items: [{ sku: "SKU-1", amountFen: 1_000_000 }], at: new Date().toISOString() });
    await close(tenantId, OCT);
    expect((await statements(tenantId, L.id))[0]).toMatchObject({ gmvFen: 30_000_000, rateBp: 200, bonusFen: 600_000 });
    // L asks to withdraw ¥5,000 of it (available → withdrawing), then the rest of the order is
    // refunded after the close: October's bonus is clawed back whole.
    await withTenant(t.db, tenantId, (tx) =>
      postJournals(tx, tenantId, [
        {
          kind: "withdrawal",
          idempotencyKey: `test-withdraw:${L.id}`,
          causeType: "test",
          causeId: L.id,
          postings: [debit(distributorAccount(L.id, "available"), 500_000), credit(distributorAccount(L.id, "withdrawing"), 500_000)],
        },
      ]),
    );
    await sendEvent(t, tenantId, early, { type: "refund", refundId: "late", items: [{ sku: "SKU-1", amountFen: 30_000_000 }], at: new Date().toISOString() });
    await close(tenantId, NOV, new Date(Math.max(Date.now(), afterNov.getTime())));
    const nov = (await statements(tenantId, L.id)).find((s) => s.period === NOV)!;
    expect(nov.adjustmentFen).toBe(-600_000);
    expect(await balances(t, tenantId, L.id)).toMatchObject({ availableFen: 0, withdrawingFen: 500_000, arrearsFen: 500_000 });
  });

  it("city partners earn on their region's settled sales; employees can be left out", async () => {
    const { tenantId, B, C } = await teamBrand({ excludeEmployeesFromTeamBonus: true });
    await withTenant(t.db, tenantId, async (tx) => {
      await tx.update(distributors).set({ role: "city_partner", region: "浙江省 杭州市" }).where(eq(distributors.id, B.id));
      await tx.update(distributors).set({ role: "employee" }).where(eq(distributors.id, C.id));
    });
    const addr = (city: string, district = "西湖区") => ({ shippingAddress: { province: "浙江省", city, district, detail: "文三路 1 号" } });
    await ingest(t, tenantId, [
      sale(B.code, 6_000_000, OCT, addr("杭州市")),
      sale(B.code, 4_000_000, OCT, addr("杭州市", "滨江区")),
      sale(B.code, 9_000_000, OCT, addr("宁波市")), // another city
      sale(C.code, 9_000_000, OCT, addr("杭州市")), // an employee's sale: left out
    ]);
    await close(tenantId, OCT);
    const [s] = await statements(tenantId, B.id);
    expect(s).toMatchObject({ basis: "region", region: "浙江省 杭州市", gmvFen: 10_000_000, bonusFen: 100_000 });
  });

  it("refuses a month that has not ended, and the sweeper closes the last ended month once", async () => {
    const { tenantId, L, B } = await teamBrand();
    expect(await outcomeOf(close(tenantId, "2026-12", new Date("2026-12-15T00:00:00Z")))).toBe("PRECONDITION_FAILED");
    // The brand was created in the current month: the sweeper closes this month once it ends
    // (seen from a clock in the next one), and leaves earlier months to the console.
    const month = monthOf(new Date());
    await ingest(t, tenantId, [sale(B.code, 10_000_000, month, { paidAt: new Date(Date.now() - 60_000).toISOString(), completedAt: new Date().toISOString() })]);
    const later = new Date(monthBounds(month).end.getTime() + 3_600_000);
    const first = await closeDueMonths(t.db, { now: later });
    expect(first.month).toBe(month);
    await closeDueMonths(t.db, { now: later });
    expect(await statements(tenantId, L.id)).toEqual([expect.objectContaining({ period: month, bonusFen: 100_000 })]);
    // Last month ended before this brand existed: the sweeper leaves it alone.
    await closeDueMonths(t.db);
    expect(await withTenant(t.db, tenantId, (tx) => tx.select().from(monthCloses))).toHaveLength(1);
  });

  it("keeps brands apart: a close sees only its own brand's sales and statements", async () => {
    const one = await teamBrand();
    const two = await teamBrand();
    await ingest(t, one.tenantId, [sale(one.B.code, 30_000_000)]);
    await close(two.tenantId, OCT);
    expect(await statements(two.tenantId, two.L.id)).toEqual([]);
    await close(one.tenantId, OCT);
    const seenFromTwo = await withTenant(t.db, two.tenantId, (tx) => tx.select().from(teamBonusStatements));
    expect(seenFromTwo).toEqual([]);
    expect((await statements(one.tenantId, one.L.id))[0]!.bonusFen).toBe(600_000);
  });
});

describe("levels at month close", () => {
  it("demotes only when the brand enables it, to the highest level still met, with the figures", async () => {
    const { tenantId, D } = await teamBrand();
    const [A, S] = await withTenant(t.db, tenantId, async (tx) => [
      await createLevel(tx, ADMIN, { name: "A", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: null }),
      await createLevel(tx, ADMIN, { name: "S", rank: 2, minGmvFen: 1_000_000, minOrders: null, minDirectCustomers: null }),
    ]);
    await withTenant(t.db, tenantId, (tx) => tx.update(distributors).set({ levelId: S.id }).where(eq(distributors.id, D.id)));
    await ingest(t, tenantId, [sale(D.code, 500_000)]);
    await close(tenantId, OCT);
    const levelOf = async () =>
      (await withTenant(t.db, tenantId, (tx) => tx.select({ l: distributors.levelId }).from(distributors).where(eq(distributors.id, D.id))))[0]!.l;
    expect(await levelOf()).toBe(S.id);
    await withTenant(t.db, tenantId, (tx) => updateIncentiveSettings(tx, ADMIN, { ...DEFAULT_INCENTIVE_SETTINGS, teamLeadLadder: LADDER, levelDemotion: true }));
    await close(tenantId, NOV, new Date(Math.max(Date.now(), afterNov.getTime())));
    expect(await levelOf()).toBe(A.id);
    const changes = await withTenant(t.db, tenantId, (tx) =>
      tx.select().from(levelChanges).where(and(eq(levelChanges.distributorId, D.id), eq(levelChanges.direction, "demotion"))),
    );
    expect(changes).toEqual([expect.objectContaining({ fromLevelId: S.id, toLevelId: A.id, trigger: "month_close", gmvFen: 500_000, orderCount: 1 })]);
    const closes = rowsOf<{ n: number }>(await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select count(*)::int as n from month_closes`)));
    expect(closes[0]!.n).toBe(2);
  });
});
