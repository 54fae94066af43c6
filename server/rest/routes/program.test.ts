import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { getSettings } from "@/server/tenancy/settings";
import { brandWithKey, MOUNTS, restHarness, type Harness } from "../testing";

let t: Database;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t);
});
afterAll(async () => {
  await h.close();
  await t.close();
});

const DEFAULTS = { commissionLevels: 2, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" };

describe.each(MOUNTS)("/api/v1/program through the %s", (mount) => {
  it("reads the settings and changes only the fields sent, audited as the API key", async () => {
    const b = await brandWithKey(t);
    expect(await (await h.call(mount, "GET", "/api/v1/program", { key: b.key })).json()).toEqual(DEFAULTS);
    const res = await h.call(mount, "PATCH", "/api/v1/program", { key: b.key, body: { commissionLevels: 3, selfPurchase: "allow" } });
    expect(res.status).toBe(200);
    const after = { ...DEFAULTS, commissionLevels: 3, selfPurchase: "allow" };
    expect(await res.json()).toEqual(after);
    expect(await (await h.call(mount, "GET", "/api/v1/program", { key: b.key })).json()).toEqual(after);
    const [log] = rowsOf<{ actor_type: string; actor_id: string; data: unknown }>(
      await withTenant(t.db, b.tenantId, (tx) =>
        tx.execute(sql`select actor_type, actor_id, data from audit_logs where action = 'settings.program.updated'`),
      ),
    );
    expect(log).toEqual({ actor_type: "api", actor_id: b.apiKeyId, data: { commissionLevels: [2, 3], selfPurchase: ["block", "allow"] } });
  });

  it("refuses bad values naming each field, and changes nothing", async () => {
    const b = await brandWithKey(t);
    const res = await h.call(mount, "PATCH", "/api/v1/program", {
      key: b.key,
      body: { commissionLevels: 4, bindingMode: "forever", selfPurchase: "block", tiers: 3 },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: Record<string, string>; detail: string };
    expect(problem.errors).toEqual({ commissionLevels: "too_big", bindingMode: "invalid_value", tiers: "unrecognized_key" });
    expect(problem.detail).toContain("commissionLevels must be at most 3");
    const low = await h.call(mount, "PATCH", "/api/v1/program", { key: b.key, body: { commissionLevels: 0, afterSalesDays: "7" } });
    expect(((await low.json()) as { errors: unknown }).errors).toEqual({ commissionLevels: "too_small", afterSalesDays: "invalid_type" });
    expect(await withTenant(t.db, b.tenantId, getSettings)).toMatchObject({ commissionLevels: 2, bindingMode: "lock", selfPurchase: "block" });
  });

  it("changes only the key's own brand", async () => {
    const a = await brandWithKey(t, "Brand A");
    const b = await brandWithKey(t, "Brand B");
    await h.call(mount, "PATCH", "/api/v1/program", { key: a.key, body: { afterSalesDays: 15 } });
    expect(await withTenant(t.db, b.tenantId, getSettings)).toMatchObject({ afterSalesDays: 7 });
    expect(await withTenant(t.db, a.tenantId, getSettings)).toMatchObject({ afterSalesDays: 15 });
  });
});
