import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import { getDistributorDetail } from "./detail";
import { ADMIN, chain } from "./test-helpers";
import { reparent } from "./tree";
import { updateProgramSettings } from "@/server/tenancy/settings";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("distributor detail", () => {
  it("shows only the tiers the program pays: two tiers, two in the chain and one level of team", async () => {
    const b = await createBrandFixture(t);
    const [, B, C] = await chain(t.db, b.tenantId, ["A", "B", "C", "D", "E"]);
    const at = (levels: 1 | 2 | 3) =>
      withTenant(t.db, b.tenantId, async (tx) => {
        await updateProgramSettings(tx, ADMIN, { commissionLevels: levels, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30 });
        return getDistributorDetail(tx, C!.id);
      });
    const two = await at(2);
    expect(two.commissionLevels).toBe(2);
    expect(two.uplines.map((u) => [u.tier, u.name])).toEqual([[2, "B"]]);
    expect(two.counts.levels.map((l) => l.level)).toEqual([1]);
    expect(two.upline?.id).toBe(B!.id);
    const three = await at(3);
    expect(three.uplines.map((u) => [u.tier, u.name])).toEqual([[2, "B"], [3, "A"]]);
    // C earns on D (one below) and, with three tiers, on E (two below).
    expect(three.counts.levels.map((l) => l.level)).toEqual([1, 2]);
    const one = await at(1);
    expect(one.uplines).toEqual([]);
    // The direct upline is still named, though it earns nothing in a one-tier program.
    expect(one.upline?.id).toBe(B!.id);
  });

  it("names the old and new upline of every re-parent, newest first (top level as null)", async () => {
    const b = await createBrandFixture(t);
    const [A, B] = await chain(t.db, b.tenantId, ["A", "B"]);
    const [X] = await chain(t.db, b.tenantId, ["X"]);
    const move = (newUplineId: string | null, reason: string) =>
      withTenant(t.db, b.tenantId, (tx) => reparent(tx, ADMIN, { distributorId: B!.id, newUplineId, reason }));
    await move(X!.id, "first");
    await move(null, "second");
    const detail = await withTenant(t.db, b.tenantId, (tx) => getDistributorDetail(tx, B!.id));
    expect(detail.reparents.map((r) => ({ reason: r.reason, from: r.fromUpline, to: r.toUpline }))).toEqual([
      { reason: "second", from: { id: X!.id, code: X!.code, name: "X" }, to: null },
      { reason: "first", from: { id: A!.id, code: A!.code, name: "A" }, to: { id: X!.id, code: X!.code, name: "X" } },
    ]);
    expect(detail.reparents[1]).toMatchObject({ fromUplineId: A!.id, toUplineId: X!.id, actorType: "staff" });
  });
});
