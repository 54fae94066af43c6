/**
 * The demo network reads like a two-year-old program: every recruit joined after its upline was
 * approved, every binding and click came after its distributor's approval, nothing is older than
 * the program or in the future; applicants wrote varied notes; templates (each with a drawn
 * background in storage) and materials exist;
 * that the demo brand is seeded once is server/cli/commands.test.ts's.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors, linkClicks, posterTemplates, promotionMaterials, shortLinks } from "@/db/schema";
import { firstRow, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { readImageHeader } from "@/server/promotion/image-size";
import { POSTER_SIZE } from "@/server/promotion/templates";
import { keyOfMediaUrl } from "@/server/storage/keys";
import { memoryStorage } from "@/server/storage/testing";
import { onboardingStatus } from "@/server/tenancy/onboarding";
import { createBrandFixture } from "@/server/testing/fixtures";
import { DEMO_HISTORY_DAYS, seedDemoNetwork } from "./demo-network";

let t: Database;
let tenantId: string;
let seeded: Awaited<ReturnType<typeof seedDemoNetwork>>;
const started = Date.now();
const storage = memoryStorage();

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createBrandFixture(t, "Demo invariants")).tenantId;
  seeded = await withTenant(t.db, tenantId, (tx) => seedDemoNetwork(tx, { distributors: 400, customers: 300, storage }));
}, 180_000);
afterAll(async () => t.close());

const count = async (query: ReturnType<typeof sql>) =>
  withTenant(t.db, tenantId, async (tx) => Number(firstRow<{ n: string }>(await tx.execute(query))!.n));

describe("demo network", () => {
  it("spreads join dates over two years, none in the future", async () => {
    const span = await withTenant(t.db, tenantId, async (tx) =>
      firstRow<{ first: string; last: string }>(await tx.execute(sql`select min(applied_at) as first, max(applied_at) as last from distributors`))!,
    );
    const first = new Date(span.first).getTime();
    expect(first).toBeGreaterThanOrEqual(started - DEMO_HISTORY_DAYS * 86_400_000 - 60_000);
    // The founders joined in the program's first month, so the history really is two years long.
    expect(first).toBeLessThan(started - (DEMO_HISTORY_DAYS - 31) * 86_400_000);
    expect(new Date(span.last).getTime()).toBeLessThanOrEqual(Date.now());
    const approvedInFuture = await count(sql`select count(*) as n from distributors where approved_at > now()`);
    expect(approvedInFuture).toBe(0);
  });

  it("has every recruit join after its upline's approval", async () => {
    expect(
      await count(sql`select count(*) as n from distributors d join distributors u on u.id = d.upline_id where d.applied_at <= u.approved_at`),
    ).toBe(0);
  });

  it("has every binding and click after its distributor's approval, and clicks this week", async () => {
    expect(seeded.customers).toBe(300);
    expect(seeded.clicks).toBeGreaterThan(0);
    expect(
      await count(sql`select count(*) as n from bindings b join distributors d on d.id = b.distributor_id where d.approved_at is null or b.bound_at < d.approved_at or b.bound_at > now()`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from link_clicks c join distributors d on d.id = c.distributor_id where d.approved_at is null or c.created_at < d.approved_at or c.created_at > now()`),
    ).toBe(0);
    expect(await count(sql`select count(*) as n from link_clicks where created_at > now() - interval '7 days'`)).toBeGreaterThan(0);
    // Every link's code is registered platform-wide, so /s/<code> resolves.
    expect(await count(sql`select count(*) as n from short_links l where not exists (select 1 from short_codes c where c.link_id = l.id)`)).toBe(0);
    const clickTotal = await withTenant(t.db, tenantId, (tx) => tx.$count(linkClicks));
    expect(clickTotal).toBe(seeded.clicks);
    expect(await withTenant(t.db, tenantId, (tx) => tx.$count(shortLinks))).toBeGreaterThan(20);
  });

  it("gives applicants varied notes and has templates and materials to share", async () => {
    const notes = await withTenant(t.db, tenantId, (tx) =>
      tx.selectDistinct({ note: distributors.applicationNote }).from(distributors).where(sql`application_note is not null`),
    );
    expect(notes.length).toBeGreaterThanOrEqual(3);
    const templates = await withTenant(t.db, tenantId, (tx) => tx.select().from(posterTemplates));
    expect(templates).toHaveLength(3);
    // Each template has its own background picture, stored as an upload of this brand, poster-sized.
    const keys = templates.map((tpl) => keyOfMediaUrl(tpl.backgroundUrl ?? ""));
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) {
      expect(key?.startsWith(`${tenantId}/public/`)).toBe(true);
      const stored = await storage.get(key!);
      expect(stored?.contentType).toBe("image/webp");
      expect(readImageHeader(stored!.bytes)).toEqual({ format: "webp", ...POSTER_SIZE });
    }
    expect(await withTenant(t.db, tenantId, (tx) => tx.$count(promotionMaterials))).toBeGreaterThanOrEqual(3);
  });

  it("leaves the onboarding checklist showing what the demo has done: program and distributors, not staff or API keys", async () => {
    const status = await withTenant(t.db, tenantId, (tx) => onboardingStatus(tx));
    expect(Object.fromEntries(status.steps.map((s) => [s.id, s.done]))).toEqual({ commission: true, staff: false, apiKey: false, distributor: true });
  });
});
