/**
 * A newly approved distributor starts at the entry level: the lowest level whose conditions it
 * meets, not the highest (which it earns later through reevaluation). A level staff set before
 * approval is kept.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributorLevels, distributors } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import { applyAsDistributor, reviewApplications } from "./distributors";
import { createLevel } from "./levels";
import { entryLevel, type LevelRule } from "./levels-rules";
import { ADMIN, buyer } from "./test-helpers";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const level = (id: string, rank: number, minOrders: number | null = null): LevelRule => ({ id, rank, minGmvFen: null, minOrders, minDirectCustomers: null });

describe("entryLevel (pure)", () => {
  it("is the lowest-ranked level whose conditions are met, in any order given", () => {
    const figures = { gmvFen: 0, orderCount: 5, directCustomerCount: 0 };
    expect(entryLevel([level("S", 3), level("A", 2), level("B", 1)], figures)?.id).toBe("B");
    // The bottom level asks for more than the newcomer has: the next one up that it meets.
    expect(entryLevel([level("S", 3), level("A", 2, 5), level("B", 1, 10)], figures)?.id).toBe("A");
    expect(entryLevel([level("B", 1, 10)], figures)).toBeNull();
    expect(entryLevel([], figures)).toBeNull();
  });
});

async function brandWithLevels() {
  const b = await createBrandFixture(t, "Entry level");
  await withTenant(t.db, b.tenantId, async (tx) => {
    // Every level's conditions are met by a newcomer: before the fix, approval gave "Gold".
    await createLevel(tx, ADMIN, { name: "Gold", rank: 3, minGmvFen: null, minOrders: null, minDirectCustomers: 0 });
    await createLevel(tx, ADMIN, { name: "Bronze", rank: 1, minGmvFen: 0, minOrders: null, minDirectCustomers: null });
    await createLevel(tx, ADMIN, { name: "Silver", rank: 2, minGmvFen: null, minOrders: null, minDirectCustomers: null });
  });
  return b;
}

const levelOf = (tenantId: string, id: string) =>
  withTenant(t.db, tenantId, async (tx) => {
    const [row] = await tx
      .select({ name: distributorLevels.name })
      .from(distributors)
      .leftJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId))
      .where(eq(distributors.id, id));
    return row?.name ?? null;
  });

describe("level at approval", () => {
  it("gives a newly approved distributor the lowest level it qualifies for, audited as from no level", async () => {
    const b = await brandWithLevels();
    const d = await withTenant(t.db, b.tenantId, async (tx) => applyAsDistributor(tx, await buyer(tx), { name: "新人", region: "杭州" }));
    await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "approve" }));
    expect(await levelOf(b.tenantId, d.id)).toBe("Bronze");
    const audits = await withTenant(t.db, b.tenantId, async (tx) =>
      rowsOf<{ data: { from: string | null; to: string } }>(await tx.execute(sql`select data from audit_logs where action = 'distributor.level_upgraded' and target_id = ${d.id}`)),
    );
    expect(audits.map((a) => a.data)).toEqual([{ from: null, to: "Bronze" }]);
  });

  it("keeps a level staff set before approval", async () => {
    const b = await brandWithLevels();
    const d = await withTenant(t.db, b.tenantId, async (tx) => {
      const app = await applyAsDistributor(tx, await buyer(tx), { name: "内定", region: "杭州" });
      const [silver] = await tx.select({ id: distributorLevels.id }).from(distributorLevels).where(eq(distributorLevels.name, "Silver"));
      await tx.update(distributors).set({ levelId: silver!.id }).where(eq(distributors.id, app.id));
      return app;
    });
    await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "approve" }));
    expect(await levelOf(b.tenantId, d.id)).toBe("Silver");
  });

  it("an auto-approved applicant starts at the entry level too", async () => {
    const b = await brandWithLevels();
    const d = await withTenant(t.db, b.tenantId, async (tx) => {
      await tx.execute(sql`update brand_settings set enrolment_auto_approve = true`);
      return applyAsDistributor(tx, await buyer(tx), { name: "自动", region: "杭州" });
    });
    expect(d.status).toBe("active");
    expect(await levelOf(b.tenantId, d.id)).toBe("Bronze");
  });
});
