/**
 * The console's counts and the per-distributor / per-link figures, on fixture data whose times
 * straddle the brand's day and week boundaries (Asia/Shanghai, weeks from Monday); another
 * brand's rows never count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { bindings, linkClicks } from "@/db/schema";
import { currentTenantId, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { applyAsDistributor } from "@/server/network/distributors";
import { createProduct } from "@/server/promotion/products";
import { ensureShortLink } from "@/server/promotion/short-links";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { consoleCounts, distributorActivity, pendingReviewCount } from "./activity";
import { ADMIN, buyer, chain } from "./test-helpers";

let t: Database;
let brand: Awaited<ReturnType<typeof createBrandFixture>>;
let other: Awaited<ReturnType<typeof createBrandFixture>>;
let alice: { id: string };
let bob: { id: string };
// Wednesday 2026-03-11 09:00 in Shanghai. Its week began Monday 2026-03-09 00:00 (+08:00),
// which is Sunday 2026-03-08 16:00 UTC; its day began 2026-03-10 16:00 UTC.
const NOW = new Date("2026-03-11T01:00:00Z");
const at = (iso: string) => new Date(iso);

async function seed(tenantId: string, names: string[]) {
  const [a, b] = await chain(t.db, tenantId, names);
  await withTenant(t.db, tenantId, async (tx) => {
    const tid = await currentTenantId(tx);
    const product = await createProduct(tx, ADMIN, { sku: `P-${names[0]}`, name: "龙井", priceFen: 100 });
    const main = await ensureShortLink(tx, { distributorId: a!.id });
    const forProduct = await ensureShortLink(tx, { distributorId: a!.id, productId: product.id });
    const click = (linkId: string, distributorId: string, deviceId: string | null, createdAt: Date) => ({
      tenantId: tid, shortLinkId: linkId, distributorId, deviceId, ipHash: deviceId ? null : "ip-1", createdAt,
    });
    const bLink = await ensureShortLink(tx, { distributorId: b!.id });
    await tx.insert(linkClicks).values([
      // Today (Shanghai): 10 March 16:30 UTC is 11 March 00:30 in Shanghai.
      click(main.id, a!.id, "dev-1", at("2026-03-10T16:30:00Z")),
      click(main.id, a!.id, "dev-1", at("2026-03-11T00:00:00Z")),
      // Earlier this week: Monday 00:10 Shanghai.
      click(forProduct.id, a!.id, "dev-2", at("2026-03-08T16:10:00Z")),
      click(forProduct.id, a!.id, null, at("2026-03-09T10:00:00Z")),
      // Last week: Sunday 23:50 Shanghai.
      click(main.id, a!.id, "dev-3", at("2026-03-08T15:50:00Z")),
      click(bLink.id, b!.id, "dev-9", at("2026-03-10T10:00:00Z")),
    ]);
    const [m1, m2, m3, m4] = [await buyer(tx), await buyer(tx), await buyer(tx), await buyer(tx)];
    const bind = (buyerMemberId: string, distributorId: string, boundAt: Date, endedAt: Date | null = null) => ({
      tenantId: tid, buyerMemberId, distributorId, source: "link" as const, boundAt, endedAt,
    });
    await tx.insert(bindings).values([
      bind(m1, a!.id, at("2026-03-10T17:00:00Z")), // today
      bind(m2, a!.id, at("2026-03-09T08:00:00Z")), // this week
      bind(m3, b!.id, at("2026-02-01T08:00:00Z")), // long ago
      bind(m4, a!.id, at("2026-03-10T18:00:00Z"), at("2026-03-10T19:00:00Z")), // ended: not bound now
    ]);
    await applyAsDistributor(tx, await buyer(tx), { name: "申请人", region: "杭州" });
  });
  return [a!, b!] as const;
}

beforeAll(async () => {
  t = await createTestDatabase();
  brand = await createBrandFixture(t, "Activity");
  other = await createBrandFixture(t, "Other activity");
  [alice, bob] = await seed(brand.tenantId, ["Alice", "Bob"]);
  // The other brand is busier: none of it may show up in this brand's figures.
  await seed(other.tenantId, ["Xavier", "Yann"]);
  await withTenant(t.db, other.tenantId, async (tx) => applyAsDistributor(tx, await buyer(tx), { name: "另一位", region: "上海" }));
});
afterAll(async () => t.close());

describe("console counts", () => {
  it("counts today and this week on the brand's clock, only the brand's own rows", async () => {
    const counts = await withTenant(t.db, brand.tenantId, (tx) => consoleCounts(tx, NOW));
    expect(counts).toEqual({
      distributorsActive: 2,
      pendingReview: 1,
      customersBound: 3,
      customersBoundToday: 1,
      clicksThisWeek: 5,
      clicksToday: 2,
      // dev-1, dev-2, the IP-only visit and dev-9.
      visitorsThisWeek: 4,
      weekStartsAt: at("2026-03-08T16:00:00Z"),
    });
    const otherCounts = await withTenant(t.db, other.tenantId, (tx) => consoleCounts(tx, NOW));
    expect(otherCounts.pendingReview).toBe(2);
  });

  it("badges the review queue with the brand's pending applications", async () => {
    expect(await withTenant(t.db, brand.tenantId, (tx) => pendingReviewCount(tx))).toBe(1);
    const { caller } = await staffCaller(t, brand.ownerUserId, brand.tenantId);
    expect(await caller.distributors.pendingCount()).toBe(1);
    expect((await caller.dashboard.counts()).pendingReview).toBe(1);
  });
});

describe("distributor activity", () => {
  it("gives visits, visitors and customers per distributor and per link", async () => {
    const a = await withTenant(t.db, brand.tenantId, (tx) => distributorActivity(tx, alice.id, NOW));
    expect(a).toMatchObject({ clicks: 5, clicksThisWeek: 4, visitors: 4, customersBound: 2, customersBoundThisWeek: 2 });
    expect(a.links.map((l) => [l.productName, l.clicks, l.clicksThisWeek, l.visitors])).toEqual([
      [null, 3, 2, 2],
      ["龙井", 2, 2, 2],
    ]);
    const b = await withTenant(t.db, brand.tenantId, (tx) => distributorActivity(tx, bob.id, NOW));
    expect(b).toMatchObject({ clicks: 1, visitors: 1, customersBound: 1, customersBoundThisWeek: 0 });
  });

  it("does not find another brand's distributor", async () => {
    await expect(withTenant(t.db, other.tenantId, (tx) => distributorActivity(tx, alice.id, NOW))).rejects.toThrow(/not found/i);
  });
});
