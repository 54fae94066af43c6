import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { linkClicks, shortLinks } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { bindBuyer, bindFromDevice, bindingHistory } from "./binding";
import { changeStatus } from "./distributors";
import { ADMIN, buyer, chain } from "./test-helpers";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const day = 86400_000;
const t0 = new Date("2026-06-01T00:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * day);

async function brandWithMode(mode: "permanent" | "lock" | "last_click", lockDays = 30) {
  const b = await createBrandFixture(t);
  await withTenant(t.db, b.tenantId, (tx) =>
    updateProgramSettings(tx, ADMIN, { commissionLevels: 3, afterSalesDays: 7, bindingMode: mode, bindingLockDays: lockDays }),
  );
  const [A, B] = await chain(t.db, b.tenantId, ["A", "B"]);
  const [C] = await chain(t.db, b.tenantId, ["C"]);
  return { tenantId: b.tenantId, A: A!, B: B!, C: C! };
}

const currentOf = async (tenantId: string, memberId: string) =>
  (await withTenant(t.db, tenantId, (tx) => bindingHistory(tx, memberId))).find((h) => !h.endedAt)?.distributorName;

describe("binding modes (controllable clock)", () => {
  it("lock: the first link holds for N days, then the next link rebinds", async () => {
    const n = await brandWithMode("lock", 10);
    const m = await withTenant(t.db, n.tenantId, (tx) => buyer(tx));
    const bind = (d: string, now: Date) => withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m, distributorId: d, source: "link", now }));
    expect((await bind(n.A.id, at(0))).action).toBe("bind");
    expect(await bind(n.C.id, at(9.9))).toMatchObject({ action: "keep", reason: "locked" });
    expect(await currentOf(n.tenantId, m)).toBe("A");
    expect((await bind(n.C.id, at(10))).action).toBe("rebind");
    expect(await currentOf(n.tenantId, m)).toBe("C");
    const history = await withTenant(t.db, n.tenantId, (tx) => bindingHistory(tx, m));
    expect(history.map((h) => [h.distributorName, h.endedReason])).toEqual([["C", null], ["A", "rebound:link"]]);
    expect(history[0]!.protectedUntil).toEqual(at(20));
  });

  it("permanent: the first binding wins forever", async () => {
    const n = await brandWithMode("permanent");
    const m = await withTenant(t.db, n.tenantId, (tx) => buyer(tx));
    await withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m, distributorId: n.A.id, source: "qr", now: at(0) }));
    const r = await withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m, distributorId: n.C.id, source: "link", now: at(3650) }));
    expect(r).toMatchObject({ action: "keep", reason: "permanent" });
    expect(await currentOf(n.tenantId, m)).toBe("A");
  });

  it("last_click: every new link rebinds, and direct-customer counts follow", async () => {
    const n = await brandWithMode("last_click");
    const m = await withTenant(t.db, n.tenantId, (tx) => buyer(tx));
    for (const [d, day] of [[n.A, 0], [n.C, 1], [n.A, 2]] as const) {
      await withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m, distributorId: d.id, source: "poster", now: at(day) }));
    }
    expect(await currentOf(n.tenantId, m)).toBe("A");
    const counts = rowsOf<{ name: string; n: number }>(
      await withTenant(t.db, n.tenantId, (tx) => tx.execute(sql`select name, direct_customer_count as n from distributors order by name`)),
    );
    expect(counts).toEqual([{ name: "A", n: 1 }, { name: "B", n: 0 }, { name: "C", n: 0 }]);
  });

  it("refuses self-binding, loops into one's own downline, and inactive distributors", async () => {
    const n = await brandWithMode("last_click");
    const self = await withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: n.A.memberId, distributorId: n.A.id, source: "link" }));
    expect(self).toEqual({ action: "refuse", reason: "self" });
    // A (upline of B) buying through B would pay A on its own purchase through the chain.
    const loop = await withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: n.A.memberId, distributorId: n.B.id, source: "link" }));
    expect(loop).toEqual({ action: "refuse", reason: "loop" });
    // B buying through its upline A is an ordinary binding.
    const up = await withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: n.B.memberId, distributorId: n.A.id, source: "link" }));
    expect(up.action).toBe("bind");
    await withTenant(t.db, n.tenantId, (tx) => changeStatus(tx, ADMIN, { id: n.C.id, status: "frozen", reason: "review" }));
    const m = await withTenant(t.db, n.tenantId, (tx) => buyer(tx));
    const frozen = await withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m, distributorId: n.C.id, source: "link" }));
    expect(frozen).toEqual({ action: "refuse", reason: "inactive" });
  });

  it("a manual override needs a reason, rebinds through any lock and is audited", async () => {
    const n = await brandWithMode("lock", 30);
    const m = await withTenant(t.db, n.tenantId, (tx) => buyer(tx));
    await withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m, distributorId: n.A.id, source: "link", now: at(0) }));
    await expect(
      withTenant(t.db, n.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m, distributorId: n.C.id, source: "manual", actor: ADMIN, now: at(1) })),
    ).rejects.toThrow(/reason/);
    const r = await withTenant(t.db, n.tenantId, (tx) =>
      bindBuyer(tx, { buyerMemberId: m, distributorId: n.C.id, source: "manual", actor: ADMIN, reason: "customer asked", now: at(1) }),
    );
    expect(r.action).toBe("rebind");
    const audit = rowsOf<{ action: string }>(
      await withTenant(t.db, n.tenantId, (tx) => tx.execute(sql`select action from audit_logs where action = 'binding.overridden'`)),
    );
    expect(audit).toHaveLength(1);
  });

  it("binds a visitor through their device's latest click, with that click's source", async () => {
    const n = await brandWithMode("lock");
    const m = await withTenant(t.db, n.tenantId, (tx) => buyer(tx));
    await withTenant(t.db, n.tenantId, async (tx) => {
      const [link] = await tx.insert(shortLinks).values({ tenantId: n.tenantId, code: "TESTQR1", distributorId: n.C.id }).returning();
      await tx.insert(linkClicks).values({ tenantId: n.tenantId, shortLinkId: link!.id, distributorId: n.C.id, deviceId: "dev-1", via: "qr", createdAt: at(0) });
    });
    expect(await withTenant(t.db, n.tenantId, (tx) => bindFromDevice(tx, { buyerMemberId: m, deviceId: "dev-2", now: at(1) }))).toBeNull();
    expect(await withTenant(t.db, n.tenantId, (tx) => bindFromDevice(tx, { buyerMemberId: m, deviceId: "dev-1", now: at(31) }))).toBeNull();
    const r = await withTenant(t.db, n.tenantId, (tx) => bindFromDevice(tx, { buyerMemberId: m, deviceId: "dev-1", now: at(1) }));
    expect(r?.action).toBe("bind");
    const [h] = await withTenant(t.db, n.tenantId, (tx) => bindingHistory(tx, m));
    expect(h).toMatchObject({ distributorName: "C", source: "qr" });
  });
});
