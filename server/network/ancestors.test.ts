import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { ancestors } from "./ancestors";
import { changeStatus } from "./distributors";
import { ADMIN, chain } from "./test-helpers";
import { reparent } from "./tree";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});


describe("ancestors", () => {
  it("lists every upline from the root down, beyond the three commission tiers", async () => {
    const b = await createBrandFixture(t);
    const [A, B, C, D, E] = await chain(t.db, b.tenantId, ["A", "B", "C", "D", "E"]);
    await withTenant(t.db, b.tenantId, (tx) => changeStatus(tx, ADMIN, { id: B!.id, status: "frozen", reason: "ops" }));
    const up = await withTenant(t.db, b.tenantId, (tx) => ancestors(tx, E!.id));
    expect(up).toEqual([
      { id: A!.id, code: A!.code, name: "A", status: "active", depth: 0 },
      { id: B!.id, code: B!.code, name: "B", status: "frozen", depth: 1 },
      { id: C!.id, code: C!.code, name: "C", status: "active", depth: 2 },
      { id: D!.id, code: D!.code, name: "D", status: "active", depth: 3 },
    ]);
    expect(await withTenant(t.db, b.tenantId, (tx) => ancestors(tx, A!.id))).toEqual([]);
  });

  it("follows a re-parent: the moved node's team gets the new chain", async () => {
    const b = await createBrandFixture(t);
    const [, B, C] = await chain(t.db, b.tenantId, ["A", "B", "C"]);
    const [X] = await chain(t.db, b.tenantId, ["X"]);
    await withTenant(t.db, b.tenantId, (tx) => reparent(tx, ADMIN, { distributorId: B!.id, newUplineId: X!.id, reason: "moved" }));
    const up = await withTenant(t.db, b.tenantId, (tx) => ancestors(tx, C!.id));
    expect(up.map((u) => [u.name, u.depth])).toEqual([["X", 0], ["B", 1]]);
  });

  it("does not find another brand's distributor, and names none of its uplines", async () => {
    const a = await createBrandFixture(t);
    const b = await createBrandFixture(t);
    const [, , deep] = await chain(t.db, b.tenantId, ["B1", "B2", "B3"]);
    expect(await outcomeOf(withTenant(t.db, a.tenantId, (tx) => ancestors(tx, deep!.id)))).toBe("NOT_FOUND");
  });
});
