/**
 * The console's distributor and binding tables: the page's order and its export's keyset order
 * agree (so the file reads like the table), the filters the shared table sends (levelId, sort,
 * dir) are honoured by both, and the bindings list shows current bindings unless asked for all.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { bindingSource } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { bindBuyer } from "./binding";
import { distributorChunk, distributorExportSchema } from "./console-lists";
import { BINDING_SOURCES } from "./schemas";
import { ADMIN, buyer, chain } from "./test-helpers";

let t: Database;
let brand: Awaited<ReturnType<typeof createBrandFixture>>;
let owner: Awaited<ReturnType<typeof staffCaller>>["caller"];
let people: Awaited<ReturnType<typeof chain>>;
let levelA: string;

beforeAll(async () => {
  t = await createTestDatabase();
  brand = await createBrandFixture(t, "Console lists");
  owner = (await staffCaller(t, brand.ownerUserId, brand.tenantId)).caller;
  people = await chain(t.db, brand.tenantId, ["一", "二", "三", "四", "五"]);
  // Distinct join dates, one day apart in creation order, with two sharing a moment (ties by id).
  await withTenant(t.db, brand.tenantId, async (tx) => {
    for (const [i, p] of people.entries()) {
      await tx.execute(sql`update distributors set applied_at = ${new Date(Date.UTC(2025, 0, 1 + Math.min(i, 3))).toISOString()}::timestamptz where id = ${p.id}`);
    }
  });
  levelA = (await owner.distributors.createLevel({ name: "A", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: null })).id;
  await owner.distributors.bulkSetLevel({ ids: [people[1]!.id, people[3]!.id], levelId: levelA });
});
afterAll(async () => t.close());

/** Every row of the export for `query`, read in chunks of two (so the keyset is crossed). */
async function exported(query: Record<string, string>) {
  const filter = distributorExportSchema.parse(query);
  const ids: string[] = [];
  await withTenant(t.db, brand.tenantId, async (tx) => {
    let cursor = null;
    do {
      const { rows, next } = await distributorChunk(tx, filter, cursor, 2);
      ids.push(...rows.map((r) => r.id));
      cursor = next;
    } while (cursor);
  });
  return ids;
}

describe("distributor table and export", () => {
  it("lists newest first by default, oldest first when asked, and the export reads the same order", async () => {
    const newest = await owner.distributors.list({ limit: 100, offset: 0 });
    const byDate = [...newest.items].sort((a, b) => b.appliedAt.getTime() - a.appliedAt.getTime());
    expect(newest.items.map((d) => d.appliedAt.getTime())).toEqual(byDate.map((d) => d.appliedAt.getTime()));
    expect(await exported({})).toEqual(newest.items.map((d) => d.id));

    const oldest = await owner.distributors.list({ sort: "appliedAt", dir: "asc", limit: 100, offset: 0 });
    expect(oldest.items.map((d) => d.id)).toEqual([...newest.items.map((d) => d.id)].reverse());
    expect(await exported({ sort: "appliedAt", dir: "asc" })).toEqual(oldest.items.map((d) => d.id));
  });

  it("pages without gaps or repeats across rows that joined at the same moment", async () => {
    const all = (await owner.distributors.list({ limit: 100, offset: 0 })).items.map((d) => d.id);
    const paged: string[] = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      paged.push(...(await owner.distributors.list({ limit: 2, offset })).items.map((d) => d.id));
    }
    expect(paged).toEqual(all);
  });

  it("filters page and export by levelId, the name the shared table sends", async () => {
    const page = await owner.distributors.list({ levelId: levelA, limit: 100, offset: 0 });
    expect(page.items.map((d) => d.id).sort()).toEqual([people[1]!.id, people[3]!.id].sort());
    expect(await exported({ levelId: levelA })).toEqual(page.items.map((d) => d.id));
  });

  it("keeps the review queue oldest first unless a direction is given, in page and export", async () => {
    const waiting = [people[4]!.id, people[2]!.id];
    const setStatus = (status: string) =>
      withTenant(t.db, brand.tenantId, (tx) => tx.execute(sql`update distributors set status = ${status}::distributor_status where id in (${sql.join(waiting.map((id) => sql`${id}::uuid`), sql`, `)})`));
    await setStatus("applied");
    try {
      const queue = await owner.distributors.list({ status: "applied", limit: 10, offset: 0 });
      expect(queue.items.map((d) => d.id)).toEqual([people[2]!.id, people[4]!.id]);
      expect(await exported({ status: "applied" })).toEqual([people[2]!.id, people[4]!.id]);
      const newestFirst = await owner.distributors.list({ status: "applied", sort: "appliedAt", dir: "desc", limit: 10, offset: 0 });
      expect(newestFirst.items.map((d) => d.id)).toEqual([people[4]!.id, people[2]!.id]);
    } finally {
      await setStatus("active");
    }
  });
});

describe("bindings list", () => {
  it("shows current bindings by default and the ended ones with state=all", async () => {
    const buyerId = await withTenant(t.db, brand.tenantId, (tx) => buyer(tx));
    await withTenant(t.db, brand.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: buyerId, distributorId: people[0]!.id, source: "qr" }));
    await withTenant(t.db, brand.tenantId, (tx) =>
      bindBuyer(tx, { buyerMemberId: buyerId, distributorId: people[2]!.id, source: "manual", reason: "工单 42", actor: ADMIN }),
    );
    const current = await owner.bindings.list({ limit: 20, offset: 0 });
    expect(current.items.map((b) => [b.distributor.code, b.source, b.endedAt])).toEqual([[people[2]!.code, "manual", null]]);
    const all = await owner.bindings.list({ state: "all", limit: 20, offset: 0 });
    expect(all.total).toBe(2);
    expect(all.items[1]).toMatchObject({ source: "qr", distributor: { code: people[0]!.code } });
    expect(all.items[1]!.endedAt).toBeInstanceOf(Date);
    expect((await owner.bindings.list({ source: "qr", state: "all", limit: 20, offset: 0 })).total).toBe(1);
  });

  it("names its sources as the database does (the browser's copy cannot drift)", () => {
    expect([...BINDING_SOURCES]).toEqual(bindingSource.enumValues);
  });
});
