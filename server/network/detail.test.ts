import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import { getDistributorDetail } from "./detail";
import { ADMIN, chain } from "./test-helpers";
import { reparent } from "./tree";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("distributor detail", () => {
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
