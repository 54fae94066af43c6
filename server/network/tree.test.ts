import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { createBrandFixture } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { adminCreateDistributor } from "./distributors";
import { ADMIN, chain, nextPhone } from "./test-helpers";
import { childrenPage, commissionChain, reparent, teamCounts, teamPage } from "./tree";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});


describe("referral tree", () => {
  it("gives the three-tier commission chain from one row (A→B→C→D: D, C, B)", async () => {
    const b = await createBrandFixture(t);
    const [, B, C, D] = await chain(t.db, b.tenantId, ["A", "B", "C", "D"]);
    const links = await withTenant(t.db, b.tenantId, (tx) => commissionChain(tx, D!.id));
    expect(links.map((l) => [l.tier, l.name])).toEqual([[1, "D"], [2, "C"], [3, "B"]]);
    expect(links.map((l) => l.id)).toEqual([D!.id, C!.id, B!.id]);
    expect(links.map((l) => [l.code, l.status])).toEqual([D!, C!, B!].map((x) => [x.code, "active"]));
    const [A] = await chain(t.db, b.tenantId, ["Root"]);
    const top = await withTenant(t.db, b.tenantId, (tx) => commissionChain(tx, A!.id));
    expect(top.map((l) => [l.tier, l.name])).toEqual([[1, "Root"]]);
    // Another brand's distributor is not found, even by its exact id.
    const other = await createBrandFixture(t);
    expect(await outcomeOf(withTenant(t.db, other.tenantId, (tx) => commissionChain(tx, D!.id)))).toBe("NOT_FOUND");
  });

  it("refuses self-parenting and every loop in a four-deep invite chain, changing nothing", async () => {
    const b = await createBrandFixture(t);
    const [A, B, C, D] = await chain(t.db, b.tenantId, ["A", "B", "C", "D"]);
    const before = await paths(b.tenantId);
    const move = (who: string, to: string) =>
      withTenant(t.db, b.tenantId, (tx) => reparent(tx, ADMIN, { distributorId: who, newUplineId: to, reason: "test" }));
    expect(await outcomeOf(move(A!.id, A!.id))).toBe("PRECONDITION_FAILED");
    const loopError = (await move(A!.id, D!.id).catch((e: unknown) => e)) as AppError;
    expect(loopError.fields).toEqual({ newUplineId: "reparent.loop" });
    for (const [who, to] of [[A, B], [A, C], [A, D], [B, C], [B, D], [C, D]] as const) {
      expect(await outcomeOf(move(who!.id, to!.id))).toBe("PRECONDITION_FAILED");
    }
    expect(await paths(b.tenantId)).toEqual(before);
    // The database refuses self-parenting even without the service.
    await expect(
      withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`update distributors set upline_id = id where id = ${A!.id}`)),
    ).rejects.toThrow();
  });

  it("moves a whole team, re-deriving paths and both uplines, and logs actor and reason", async () => {
    const b = await createBrandFixture(t);
    const [A, B, C, D] = await chain(t.db, b.tenantId, ["A", "B", "C", "D"]);
    const [X] = await chain(t.db, b.tenantId, ["X"]);
    // Move B (with C and D beneath it) under X.
    await withTenant(t.db, b.tenantId, (tx) => reparent(tx, ADMIN, { distributorId: B!.id, newUplineId: X!.id, reason: "team moved to X" }));
    const dChain = await withTenant(t.db, b.tenantId, (tx) => commissionChain(tx, D!.id));
    expect(dChain.map((l) => l.name)).toEqual(["D", "C", "B"]);
    const cChain = await withTenant(t.db, b.tenantId, (tx) => commissionChain(tx, C!.id));
    expect(cChain.map((l) => l.name)).toEqual(["C", "B", "X"]);
    const x = await withTenant(t.db, b.tenantId, (tx) => teamCounts(tx, X!.id));
    expect(x.total).toBe(3);
    const a = await withTenant(t.db, b.tenantId, (tx) => teamCounts(tx, A!.id));
    expect(a.total).toBe(0);
    const log = rowsOf<{ reason: string; actor_id: string }>(
      await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select reason, actor_id from referral_changes`)),
    );
    expect(log).toEqual([{ reason: "team moved to X", actor_id: ADMIN.id }]);
    // And back to the top level.
    await withTenant(t.db, b.tenantId, (tx) => reparent(tx, ADMIN, { distributorId: B!.id, newUplineId: null, reason: "independent" }));
    const bChain = await withTenant(t.db, b.tenantId, (tx) => commissionChain(tx, B!.id));
    expect(bChain.map((l) => l.name)).toEqual(["B"]);
  });

  it("needs a reason to re-parent", async () => {
    const b = await createBrandFixture(t);
    const [A, B] = await chain(t.db, b.tenantId, ["A", "B"]);
    const e = await withTenant(t.db, b.tenantId, (tx) => reparent(tx, ADMIN, { distributorId: B!.id, newUplineId: null, reason: " " })).catch((x: unknown) => x);
    expect((e as AppError).code).toBe("BAD_REQUEST");
    const still = await withTenant(t.db, b.tenantId, (tx) => commissionChain(tx, B!.id));
    expect(still.map((l) => l.id)).toEqual([B!.id, A!.id]);
  });

  it("counts a team per level", async () => {
    const b = await createBrandFixture(t);
    const [A] = await chain(t.db, b.tenantId, ["A", "B", "C", "D", "E"]);
    const counts = await withTenant(t.db, b.tenantId, (tx) => teamCounts(tx, A!.id, 2));
    expect(counts.total).toBe(4);
    expect(counts.levels).toEqual([{ level: 1, total: 1, active: 1 }, { level: 2, total: 1, active: 1 }]);
  });

  it("pages children with their own direct and whole-team counts, and a team newest first", async () => {
    const b = await createBrandFixture(t);
    const [A] = await chain(t.db, b.tenantId, ["A", "B", "C", "E"]);
    await withTenant(t.db, b.tenantId, (tx) => adminCreateDistributor(tx, ADMIN, { name: "D", phone: nextPhone(), uplineCode: A!.code }));
    await chain(t.db, b.tenantId, ["X", "Y"]);
    const inBrand = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, b.tenantId, fn);

    const children = await inBrand((tx) => childrenPage(tx, { parentId: A!.id, limit: 10, offset: 0 }));
    expect(children.total).toBe(2);
    expect(children.items.map((i) => [i.name, i.directCount, i.teamCount])).toEqual([["B", 1, 2], ["D", 0, 0]]);
    const roots = await inBrand((tx) => childrenPage(tx, { parentId: null, limit: 10, offset: 0 }));
    expect(roots.items.map((i) => [i.name, i.directCount, i.teamCount])).toEqual([["A", 2, 4], ["X", 1, 1]]);

    const page = (offset: number, maxLevels?: number) =>
      inBrand((tx) => teamPage(tx, { distributorId: A!.id, limit: 2, offset, maxLevels })).then((r) => r.map((x) => [x.name, x.level]));
    expect(await page(0)).toEqual([["D", 1], ["E", 3]]);
    expect(await page(2)).toEqual([["C", 2], ["B", 1]]);
    expect(await page(0, 1)).toEqual([["D", 1], ["B", 1]]);
  });
});

async function paths(tenantId: string) {
  return rowsOf<{ name: string; path: string; upline_id: string | null; upline2_id: string | null }>(
    await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select name, path, upline_id, upline2_id from distributors order by name`)),
  );
}
