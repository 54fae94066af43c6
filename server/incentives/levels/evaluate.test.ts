/**
 * Level upgrades from settled sales (issue 12): the settlement sweep upgrades the earner the
 * moment its settled figures meet a higher level, records the figures, and a rule keyed on the
 * new level pays from the next order only.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors, levelChanges } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createLevel } from "@/server/network/levels";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput, view } from "@/server/orders/testing";
import { settleAll } from "@/server/settlement/run";
import { demoteAtMonthClose } from "./evaluate";
import { levelProgress } from "./progress";
import { DEFAULT_INCENTIVE_SETTINGS, updateIncentiveSettings } from "./settings";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe("level upgrades", () => {
  it("upgrades on settled sales at once, with the figures, and the new level's rate applies to the next order only", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 0 });
    await addRule(t, tenantId, FLAT_RULE);
    const [D] = await chain(t.db, tenantId, ["D"]);
    const [A, S] = await withTenant(t.db, tenantId, async (tx) => [
      await createLevel(tx, ADMIN, { name: "A", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: null }),
      await createLevel(tx, ADMIN, { name: "S", rank: 2, minGmvFen: 15_000, minOrders: 2, minDirectCustomers: null }),
    ]);
    await addRule(t, tenantId, { name: "S rate", priority: 10, stackable: false, match: { levels: ["S"] }, tiers: [{ tier: 1, rateBp: 2000 }] });
    await withTenant(t.db, tenantId, (tx) => tx.update(distributors).set({ levelId: A.id }).where(eq(distributors.id, D!.id)));

    const first = orderInput({ referralCode: D!.code, status: "completed", paidAt: ago(3), completedAt: ago(2) });
    const second = orderInput({ referralCode: D!.code, status: "completed", paidAt: ago(3), completedAt: ago(2) });
    await ingest(t, tenantId, [first, second]);
    expect((await view(t, tenantId, first)).commissions[0]!.amountFen).toBe(1_000);

    // Past their window, both count toward S (¥200 of ¥150, 2 of 2 orders); the upgrade itself
    // comes with the sweep that settles them.
    const before = await withTenant(t.db, tenantId, (tx) => levelProgress(tx, D!.id));
    expect(before.current).toEqual({ name: "A", rank: 1 });
    expect(before.next).toMatchObject({ level: { name: "S" }, conditions: [{ metric: "gmv", current: 20_000, target: 15_000, met: true }, { metric: "orders", current: 2, target: 2 }] });

    await settleAll(t.db, { tenantId });
    const [row] = await withTenant(t.db, tenantId, (tx) => tx.select().from(distributors).where(eq(distributors.id, D!.id)));
    expect(row!.levelId).toBe(S.id);
    const changes = await withTenant(t.db, tenantId, (tx) => tx.select().from(levelChanges).where(eq(levelChanges.distributorId, D!.id)));
    expect(changes).toEqual([
      expect.objectContaining({ fromLevelId: A.id, toLevelId: S.id, direction: "upgrade", trigger: "settlement", gmvFen: 20_000, orderCount: 2, directCustomerCount: 2 }),
    ]);

    // The orders already placed keep their 10%; the next one pays S's 20%.
    const third = orderInput({ referralCode: D!.code });
    await ingest(t, tenantId, [third]);
    expect((await view(t, tenantId, first)).commissions[0]!.amountFen).toBe(1_000);
    expect((await view(t, tenantId, second)).commissions[0]!.amountFen).toBe(1_000);
    expect((await view(t, tenantId, third)).commissions[0]).toMatchObject({ amountFen: 2_000, ruleVersion: 1 });

    const after = await withTenant(t.db, tenantId, (tx) => levelProgress(tx, D!.id));
    expect(after.current).toEqual({ name: "S", rank: 2 });
    expect(after.next).toBeNull();
    expect(after.history[0]).toMatchObject({ direction: "upgrade", toLevel: "S", gmvFen: 20_000 });

    // Settling again changes nothing and records nothing more.
    await settleAll(t.db, { tenantId });
    expect(await withTenant(t.db, tenantId, (tx) => tx.select().from(levelChanges).where(eq(levelChanges.distributorId, D!.id)))).toHaveLength(1);
  });

  it("a level without thresholds is given by hand only: never reached by settling, never left at month close, not shown as next", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 0 });
    await addRule(t, tenantId, FLAT_RULE);
    const [D, E] = await chain(t.db, tenantId, ["D"]).then(async (d) => [...d, ...(await chain(t.db, tenantId, ["E"]))]);
    const [A, VIP] = await withTenant(t.db, tenantId, async (tx) => [
      await createLevel(tx, ADMIN, { name: "A", rank: 1, minGmvFen: null, minOrders: 1, minDirectCustomers: null }),
      await createLevel(tx, ADMIN, { name: "VIP", rank: 5, minGmvFen: null, minOrders: null, minDirectCustomers: null }),
    ]);
    await withTenant(t.db, tenantId, (tx) => tx.update(distributors).set({ levelId: VIP.id }).where(eq(distributors.id, E!.id)));
    await ingest(t, tenantId, [orderInput({ referralCode: D!.code, status: "completed", paidAt: ago(3), completedAt: ago(2) })]);
    await settleAll(t.db, { tenantId });
    const levelOf = async (id: string) => (await withTenant(t.db, tenantId, (tx) => tx.select().from(distributors).where(eq(distributors.id, id))))[0]!.levelId;
    // One settled order meets A; VIP, with no conditions, is not "met" by anyone.
    expect(await levelOf(D!.id)).toBe(A.id);
    expect((await withTenant(t.db, tenantId, (tx) => levelProgress(tx, D!.id))).next).toBeNull();
    // E sold nothing, and demotion is on: its hand-given VIP stays.
    await withTenant(t.db, tenantId, (tx) => updateIncentiveSettings(tx, ADMIN, { ...DEFAULT_INCENTIVE_SETTINGS, levelDemotion: true }));
    expect(await withTenant(t.db, tenantId, (tx) => demoteAtMonthClose(tx, tenantId, new Date()))).toBe(0);
    expect(await levelOf(E!.id)).toBe(VIP.id);
  });

  it("does not count unsettled, refunded-away or other brands' sales", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 7 });
    const other = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 0 });
    await addRule(t, tenantId, FLAT_RULE);
    await addRule(t, other, FLAT_RULE);
    const [D] = await chain(t.db, tenantId, ["D"]);
    const [E] = await chain(t.db, other, ["E"]);
    await withTenant(t.db, tenantId, (tx) => createLevel(tx, ADMIN, { name: "S", rank: 2, minGmvFen: 5_000, minOrders: null, minDirectCustomers: null }));
    // Completed yesterday with a 7-day window: not settled, so no upgrade.
    await ingest(t, tenantId, [orderInput({ referralCode: D!.code, status: "completed", paidAt: ago(2), completedAt: ago(1) })]);
    await ingest(t, other, [orderInput({ referralCode: E!.code, status: "completed", paidAt: ago(3), completedAt: ago(2) })]);
    await settleAll(t.db, { tenantId });
    await settleAll(t.db, { tenantId: other });
    const [row] = await withTenant(t.db, tenantId, (tx) => tx.select().from(distributors).where(eq(distributors.id, D!.id)));
    expect(row!.levelId).toBeNull();
    const p = await withTenant(t.db, tenantId, (tx) => levelProgress(tx, D!.id));
    expect(p.figures).toMatchObject({ gmvFen: 0, orderCount: 0 });
  });

  it("buyers bound by orders are not yet direct customers: the level moves only once their orders settle", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 7 });
    await addRule(t, tenantId, FLAT_RULE);
    const [D] = await chain(t.db, tenantId, ["D"]);
    const B = await withTenant(t.db, tenantId, (tx) => createLevel(tx, ADMIN, { name: "B", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: 2 }));
    // Two new buyers bound to D by its code, their orders completed yesterday (window 7 days).
    const orders = [0, 1].map(() => orderInput({ referralCode: D!.code, status: "completed", paidAt: ago(2), completedAt: ago(1) }));
    await ingest(t, tenantId, orders);
    const level = async () => (await withTenant(t.db, tenantId, (tx) => tx.select().from(distributors).where(eq(distributors.id, D!.id))))[0]!;
    expect(await level()).toMatchObject({ directCustomerCount: 2, levelId: null });
    await settleAll(t.db, { tenantId });
    expect((await level()).levelId).toBeNull();
    // Once the window has passed, the settlement that counts them upgrades D.
    await withTenant(t.db, tenantId, async (tx) => {
      await tx.execute(sql`update orders set settle_after = now() - interval '1 minute' where distributor_id = ${D!.id}`);
      await tx.execute(sql`update commissions set settle_after = now() - interval '1 minute' where distributor_id = ${D!.id}`);
    });
    await settleAll(t.db, { tenantId });
    expect((await level()).levelId).toBe(B.id);
  });
});
