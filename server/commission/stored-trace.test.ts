/**
 * The trace is stored half in the commission's columns and half in its trace column
 * (stored-trace.ts): what ingest writes must read back as the trace the engine computed, and
 * rows written whole before the split must read the same.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { commissions } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain } from "@/server/network/test-helpers";
import { addRule, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { commissionTrace } from "./stored-trace";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function brandWithOrder() {
  const tenantId = await moneyBrand(t, { commissionLevels: 2 });
  await addRule(t, tenantId, {
    name: "茶具 fixed",
    priority: 0,
    stackable: false,
    match: {},
    tiers: [
      { tier: 1, rateBp: 820 },
      { tier: 2, fixedFen: 150 },
    ],
  });
  const [, child] = await chain(t.db, tenantId, ["P", "C"]);
  await ingest(t, tenantId, [orderInput({ referralCode: child!.code, items: [{ sku: "SKU-1", quantity: 3, amountFen: 12_345 }] })]);
  return tenantId;
}

async function read(tenantId: string) {
  return withTenant(t.db, tenantId, async (tx) => {
    const whole = await tx.select({ tier: commissions.tier, trace: commissionTrace }).from(commissions).orderBy(commissions.tier);
    const raw = rowsOf<{ trace: Record<string, unknown> }>(await tx.execute(sql`select trace from commissions order by tier`));
    return { whole, raw: raw.map((r) => r.trace) };
  });
}

describe("a commission's stored trace", () => {
  it("keeps only what the columns do not hold, and reads back whole", async () => {
    const tenantId = await brandWithOrder();
    const { whole, raw } = await read(tenantId);
    for (const r of raw) expect(Object.keys(r).sort()).toEqual(["baseFen", "quantity", "ruleName", "stackable"]);
    const ruleId = whole[0]!.trace.ruleId;
    expect(whole.map((w) => w.trace)).toEqual([
      { tier: 1, ruleId, ruleName: "茶具 fixed", version: 1, stackable: false, kind: "percent", rateBp: 820, baseFen: 12_345, quantity: 3 },
      { tier: 2, ruleId, ruleName: "茶具 fixed", version: 1, stackable: false, kind: "fixed", fixedFen: 150, baseFen: 12_345, quantity: 3 },
    ]);
  });

  it("reads a trace written whole (before migration 0054) the same", async () => {
    const tenantId = await brandWithOrder();
    const before = (await read(tenantId)).whole;
    await t.db.execute(sql`
      update commissions set trace = trace || jsonb_strip_nulls(jsonb_build_object('tier', tier, 'ruleId', rule_id,
        'version', rule_version, 'kind', kind, 'rateBp', rate_bp, 'fixedFen', fixed_fen))
      where tenant_id = ${tenantId}`);
    const after = await read(tenantId);
    expect(Object.keys(after.raw[0]!)).toContain("rateBp");
    expect(after.whole).toEqual(before);
  });
});
