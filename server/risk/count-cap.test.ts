/**
 * Count thresholds stop at COUNT_CAP, what the ingest probes read (rules.ts). Settings stored
 * above it before the cap (migration 0055) become the cap, not the default they would otherwise
 * read as.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { moneyBrand } from "@/server/orders/testing";
import { COUNT_CAP } from "./rules";
import { loadRuleSettings } from "./settings";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const MIGRATION = fs.readFileSync(path.join(process.cwd(), "drizzle/0055_risk_count_threshold_cap.sql"), "utf8");

describe("count thresholds above what the probes read (migration 0055)", () => {
  it("become the cap; other keys and other rules are untouched", async () => {
    const tenantId = await moneyBrand(t);
    // Written as the owner, as a brand could before the cap.
    await t.db.execute(sql`
      insert into risk_rule_settings (tenant_id, rule, enabled, action, thresholds, window_minutes) values
        (${tenantId}, 'brushing_burst', true, 'review', '{"newBuyers": 10000}', 60),
        (${tenantId}, 'near_threshold', true, 'block', '{"orders": 800, "thresholdFen": 500000, "bandBp": 300}', null),
        (${tenantId}, 'ip_cluster', true, 'review', '{"orders": 40}', null)`);
    const before = await withTenant(t.db, tenantId, (tx) => loadRuleSettings(tx));
    // Out of bounds, the stored value reads as the default: what the migration prevents.
    expect(before.brushing_burst.thresholds).toEqual({ newBuyers: 10 });
    await t.db.execute(sql.raw(MIGRATION));
    const after = await withTenant(t.db, tenantId, (tx) => loadRuleSettings(tx));
    expect(after.brushing_burst).toMatchObject({ thresholds: { newBuyers: COUNT_CAP }, windowMinutes: 60 });
    expect(after.near_threshold).toMatchObject({ thresholds: { orders: COUNT_CAP, thresholdFen: 500_000, bandBp: 300 }, action: "block" });
    expect(after.ip_cluster.thresholds).toMatchObject({ orders: 40 });
  });
});
