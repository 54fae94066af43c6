import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import { adminCreateDistributor, applyAsDistributor } from "@/server/network/distributors";
import { resolveMember } from "@/server/network/oneid";
import { onboardingStatus } from "./onboarding";
import { getSettings, updateBrandProfile, updateProgramSettings } from "./settings";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const actor = { type: "staff" as const, id: "00000000-0000-7000-8000-000000000001" };

describe("program settings", () => {
  it("saves and audits a change with before/after values", async () => {
    const b = await createBrandFixture(t);
    await withTenant(t.db, b.tenantId, async (tx) => {
      await updateProgramSettings(tx, actor, { commissionLevels: 3, afterSalesDays: 15, bindingMode: "last_click", bindingLockDays: 30 });
      const s = await getSettings(tx);
      expect(s).toMatchObject({ commissionLevels: 3, afterSalesDays: 15, bindingMode: "last_click" });
      const [log] = rowsOf<{ action: string; data: Record<string, unknown>; actor_id: string }>(
        await tx.execute(sql`select action, data, actor_id from audit_logs where action = 'settings.program.updated'`),
      );
      expect(log!.data).toEqual({ commissionLevels: [2, 3], afterSalesDays: [7, 15], bindingMode: ["lock", "last_click"] });
      expect(log!.actor_id).toBe(actor.id);
    });
  });

  it("sets the self-purchase policy, audited, and keeps it when a caller does not send it", async () => {
    const b = await createBrandFixture(t);
    await withTenant(t.db, b.tenantId, async (tx) => {
      expect((await getSettings(tx)).selfPurchase).toBe("block");
      await updateProgramSettings(tx, actor, { commissionLevels: 2, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "allow" });
      await updateProgramSettings(tx, actor, { commissionLevels: 3, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30 });
      expect(await getSettings(tx)).toMatchObject({ selfPurchase: "allow", commissionLevels: 3 });
      const logs = rowsOf<{ data: Record<string, unknown> }>(
        await tx.execute(sql`select data from audit_logs where action = 'settings.program.updated' order by created_at, id`),
      );
      expect(logs.map((l) => l.data)).toEqual([{ selfPurchase: ["block", "allow"] }, { commissionLevels: [2, 3] }]);
    });
  });

  it("refuses more than three commission levels in validation and in the database", async () => {
    const b = await createBrandFixture(t);
    await expect(
      withTenant(t.db, b.tenantId, (tx) =>
        updateProgramSettings(tx, actor, { commissionLevels: 4, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30 }),
      ),
    ).rejects.toThrow();
    await expect(
      withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`update brand_settings set commission_levels = 4`)),
    ).rejects.toThrow();
    const s = await withTenant(t.db, b.tenantId, getSettings);
    expect(s.commissionLevels).toBe(2);
  });

  it("renames the brand everywhere when the profile's display name changes", async () => {
    const b = await createBrandFixture(t);
    await withTenant(t.db, b.tenantId, (tx) =>
      updateBrandProfile(tx, actor, { displayName: "Renamed Brand", landingUrl: "https://shop.example.com/", contactEmail: "" }),
    );
    const [row] = rowsOf<{ name: string }>(await t.db.execute(sql`select name from tenants where id = ${b.tenantId}`));
    expect(row!.name).toBe("Renamed Brand");
    const s = await withTenant(t.db, b.tenantId, getSettings);
    expect(s.landingUrl).toBe("https://shop.example.com/");
    expect(s.contactEmail).toBeNull();
  });
});

describe("onboarding checklist", () => {
  it("ticks steps off as the brand does them", async () => {
    const b = await createBrandFixture(t);
    const before = await withTenant(t.db, b.tenantId, onboardingStatus);
    expect(before.completed).toBe(0);
    await withTenant(t.db, b.tenantId, (tx) =>
      updateProgramSettings(tx, actor, { commissionLevels: 2, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30 }),
    );
    const after = await withTenant(t.db, b.tenantId, onboardingStatus);
    expect(after.steps.find((s) => s.id === "commission")?.done).toBe(true);
    expect(after.completed).toBe(1);
  });

  it("counts a distributor for the last step, not a buyer who signed in", async () => {
    const b = await createBrandFixture(t);
    const step = async () =>
      (await withTenant(t.db, b.tenantId, onboardingStatus)).steps.find((s) => s.id === "distributor")?.done;
    const buyer = await withTenant(t.db, b.tenantId, (tx) =>
      resolveMember(tx, [{ kind: "phone", value: "13900001111", verified: true }]),
    );
    expect(await step()).toBe(false);
    const application = await withTenant(t.db, b.tenantId, (tx) =>
      applyAsDistributor(tx, buyer.memberId, { name: "Applicant", region: "杭州" }),
    );
    expect(application.status).toBe("applied");
    expect(await step()).toBe(false);
    await withTenant(t.db, b.tenantId, (tx) =>
      adminCreateDistributor(tx, actor, { name: "First", phone: "13900002222" }),
    );
    expect(await step()).toBe(true);
  });
});
