/**
 * The team bonus procedures: who may close a month and change the ladder, what each brand sees
 * (its own statements only), and the portal's ladder and progress for the signed-in lead.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, orderInput } from "@/server/orders/testing";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import { outcomeOf } from "@/server/testing/outcomes";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { createCaller } from "../root";
import { createTrpcContext } from "../trpc";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const LADDER = [
  { minFen: 10_000_000, rateBp: 100 },
  { minFen: 30_000_000, rateBp: 200 },
];

async function brandWithLead() {
  const brand = await createBrandFixture(t, "Team");
  await withTenant(t.db, brand.tenantId, (tx) =>
    updateProgramSettings(tx, ADMIN, { commissionLevels: 3, afterSalesDays: 0, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" }),
  );
  await addRule(t, brand.tenantId, FLAT_RULE);
  const [L, B] = await chain(t.db, brand.tenantId, ["Lead", "B"]);
  await withTenant(t.db, brand.tenantId, (tx) => tx.update(distributors).set({ role: "team_lead" }).where(eq(distributors.id, L!.id)));
  const { caller: owner } = await staffCaller(t, brand.ownerUserId, brand.tenantId);
  await owner.teamBonus.updateSettings({
    teamLeadLadder: LADDER,
    cityPartnerLadder: [],
    levelLookbackDays: 365,
    levelDemotion: false,
    excludeEmployeesFromTeamBonus: false,
  });
  return { brand, owner, L: L!, B: B! };
}

describe("team bonus procedures", () => {
  it("owner and finance close a month, an operator may not; each brand sees only its own statements", async () => {
    const one = await brandWithLead();
    const two = await brandWithLead();
    await ingest(t, one.brand.tenantId, [
      orderInput({ referralCode: one.B.code, items: [{ sku: "S", quantity: 1, amountFen: 12_000_000 }], status: "completed", paidAt: "2026-10-03T04:00:00Z", completedAt: "2026-10-05T04:00:00Z" }),
    ]);
    const operator = await staffInRole(t, one.brand, "operator");
    expect(await outcomeOf(operator.caller.teamBonus.closeMonth({ month: "2026-10" }))).toBe("FORBIDDEN");
    expect(await outcomeOf(operator.caller.teamBonus.updateSettings({ teamLeadLadder: [], cityPartnerLadder: [], levelLookbackDays: 30, levelDemotion: true, excludeEmployeesFromTeamBonus: false }))).toBe("FORBIDDEN");
    const finance = await staffInRole(t, one.brand, "finance");
    const closed = await finance.caller.teamBonus.closeMonth({ month: "2026-10" });
    expect(closed).toMatchObject({ month: "2026-10", alreadyClosed: false, steps: { teamBonus: { statements: 1, bonusFen: 120_000 } } });
    expect(await one.owner.teamBonus.closeMonth({ month: "2026-10" })).toMatchObject({ alreadyClosed: true });

    const mine = await one.owner.teamBonus.statements({ period: "2026-10" });
    expect(mine).toMatchObject({ total: 1, items: [{ distributorCode: one.L.code, gmvFen: 12_000_000, rateBp: 100, bonusFen: 120_000 }] });
    expect(await two.owner.teamBonus.statements({})).toEqual({ total: 0, items: [] });
    expect((await two.owner.teamBonus.closes()).closes).toEqual([]);
    // The other brand's close is its own: October is still open there.
    expect(await two.owner.teamBonus.closeMonth({ month: "2026-10" })).toMatchObject({ alreadyClosed: false, steps: { teamBonus: { statements: 0 } } });
  });

  it("shows the signed-in lead its ladder, this month's progress and its closed periods; others get nothing", async () => {
    const { brand, L, B } = await brandWithLead();
    const now = new Date();
    const thisMonthDay = new Date(now.getTime() - 60_000).toISOString();
    await ingest(t, brand.tenantId, [
      orderInput({ referralCode: B.code, items: [{ sku: "S", quantity: 1, amountFen: 320_000 }], status: "completed", paidAt: thisMonthDay, completedAt: thisMonthDay }),
    ]);
    const session = await createPortalSession(t.db, brand.tenantId, L.memberId);
    const portal = createCaller(await createTrpcContext({ database: t, portalCookie: session.cookieValue, ip: "198.51.100.9" }));
    const view = await portal.portalTeamBonus.teamBonus({ slug: brand.slug });
    expect(view).toMatchObject({ basis: "team", ladder: LADDER, monthToDate: { gmvFen: 320_000, rateBp: 0, bonusFen: 0 }, next: { step: LADDER[0], remainingFen: 9_680_000 } });
    const progress = await portal.portalTeamBonus.levelProgress({ slug: brand.slug });
    expect(progress.figures.gmvFen).toBe(0);

    const bSession = await createPortalSession(t.db, brand.tenantId, B.memberId);
    const bPortal = createCaller(await createTrpcContext({ database: t, portalCookie: bSession.cookieValue, ip: "198.51.100.9" }));
    expect(await bPortal.portalTeamBonus.teamBonus({ slug: brand.slug })).toBeNull();
    // A session of this brand cannot read through another brand's slug.
    const other = await createBrandFixture(t, "Other");
    expect(await outcomeOf(portal.portalTeamBonus.teamBonus({ slug: other.slug }))).toBe("UNAUTHORIZED");
  });
});
