/** The team bonus statements CSV export (the console's list, GET /console/export/team-bonus-statements). */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createStaffSession } from "@/server/auth/staff-auth";
import { exportCsv } from "@/server/export/handler";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { ingest, orderInput } from "@/server/orders/testing";
import { createBrandFixture } from "@/server/testing/fixtures";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { DEFAULT_INCENTIVE_SETTINGS, updateIncentiveSettings } from "../levels/settings";
import { closeMonth } from "../month-close";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const body = async (res: Response) => (await res.text()).replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);

describe("team bonus statements export", () => {
  it("streams the statements with the reader's headers, in yuan, for the staff's own brand", async () => {
    const brand = await createBrandFixture(t, "Export Team");
    const other = await createBrandFixture(t, "Other Team");
    await withTenant(t.db, brand.tenantId, async (tx) => {
      await updateProgramSettings(tx, ADMIN, { commissionLevels: 2, afterSalesDays: 0, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" });
      await updateIncentiveSettings(tx, ADMIN, { ...DEFAULT_INCENTIVE_SETTINGS, teamLeadLadder: [{ minFen: 10_000_000, rateBp: 150 }] });
    });
    const [L, B] = await chain(t.db, brand.tenantId, ["王团长", "B"]);
    await withTenant(t.db, brand.tenantId, (tx) => tx.update(distributors).set({ role: "team_lead" }).where(eq(distributors.id, L!.id)));
    await ingest(t, brand.tenantId, [
      orderInput({ referralCode: B!.code, items: [{ sku: "S", quantity: 1, amountFen: 12_345_600 }], status: "completed", paidAt: "2026-10-02T04:00:00Z", completedAt: "2026-10-03T04:00:00Z" }),
    ]);
    await withTenant(t.db, brand.tenantId, (tx) => closeMonth(tx, brand.tenantId, "2026-10"));
    const run = async (b: typeof brand) =>
      exportCsv({
        database: t,
        staffSessionId: await createStaffSession(t.db, b.ownerUserId),
        list: "team-bonus-statements",
        query: new URLSearchParams({ period: "2026-10" }),
        locale: "zh-CN",
        now: new Date("2026-11-05T00:00:00Z"),
      });
    const res = await run(brand);
    expect(res.status).toBe(200);
    const rows = await body(res);
    expect(rows).toEqual([
      "月份,获奖人,分销商编码,计算口径,已结算销售额（元）,比例,奖励（元）,扣回（元）,实发（元）",
      `2026-10,王团长,${L!.code},团队,123456.00,1.5,1851.84,0.00,1851.84`,
    ]);
    expect(await body(await run(other))).toHaveLength(1);
  });
});
