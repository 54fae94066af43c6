/**
 * The workbench's risk figures (issue 10 item 6) against a direct count of the same orders:
 * Asia/Shanghai month edges, withheld = held + rejected, top rules.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { RiskRuleHit } from "@/db/schema/orders";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { taxMonthBounds } from "@/server/payouts/tax/month";
import { decideOrder } from "./decisions";
import { previousMonth, riskFigures } from "./figures";
import { flaggedOrder } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("previousMonth", () => {
  it("steps back across a year", () => {
    expect(previousMonth("2027-01")).toBe("2026-12");
    expect(previousMonth("2026-03")).toBe("2026-02");
  });
});

const rule = (code: string, action: "review" | "block" = "review"): RiskRuleHit => ({ code, action, evidence: {} });

describe("riskFigures", () => {
  it("equals a direct count of the month's flagged orders, on the Shanghai calendar", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1 });
    await addRule(t, tenantId, FLAT_RULE);
    const [D] = await chain(t.db, tenantId, ["D"]);
    const now = new Date("2026-11-18T04:00:00Z");
    // 2026-10-31 16:30 UTC is 1 November 00:30 in Shanghai: this month, not last.
    const firstMinute = "2026-10-31T16:30:00Z";
    const lastOfOctober = "2026-10-31T15:30:00Z";
    await flaggedOrder(t, tenantId, { rules: [rule("device_shared"), rule("address_cluster")], order: { referralCode: D!.code, paidAt: firstMinute } });
    const b = await flaggedOrder(t, tenantId, { rules: [rule("device_shared")], order: { referralCode: D!.code, paidAt: "2026-11-10T02:00:00Z", items: [{ sku: "S", quantity: 1, amountFen: 30_000 }] } });
    await flaggedOrder(t, tenantId, { verdict: "block", rules: [rule("blacklist", "block")], order: { paidAt: "2026-11-11T02:00:00Z" } });
    await flaggedOrder(t, tenantId, { rules: [rule("burst")], order: { referralCode: D!.code, paidAt: lastOfOctober } });
    await flaggedOrder(t, tenantId, { verdict: "block", rules: [rule("self_purchase", "block")], order: { paidAt: "2026-10-05T02:00:00Z" } });
    await ingest(t, tenantId, [orderInput({ referralCode: D!.code, paidAt: "2026-11-12T02:00:00Z" })]);
    // b is rejected (its 3000 stays withheld, as a decision's amount); a is still held (1000).
    await withTenant(t.db, tenantId, (tx) => decideOrder(tx, tenantId, ADMIN, { orderId: b.orderId, decision: "reject", reason: "farm" }));

    const f = await withTenant(t.db, tenantId, (tx) => riskFigures(tx, now));

    const direct = async (month: string) => {
      const { start, end } = taxMonthBounds(month);
      return rowsOf<{ blocked: number; review: number }>(
        await withTenant(t.db, tenantId, (tx) =>
          tx.execute(sql`select count(*) filter (where risk_verdict = 'block')::int as blocked, count(*) filter (where risk_verdict = 'review')::int as review
            from orders where paid_at >= ${start.toISOString()}::timestamptz and paid_at < ${end.toISOString()}::timestamptz`),
        ),
      )[0]!;
    };
    const nov = await direct("2026-11");
    const oct = await direct("2026-10");
    expect(f.thisMonth).toMatchObject({ month: "2026-11", blocked: nov.blocked, inReview: nov.review });
    expect(f.lastMonth).toMatchObject({ month: "2026-10", blocked: oct.blocked, inReview: oct.review });
    expect([nov.blocked, nov.review, oct.blocked, oct.review]).toEqual([1, 2, 1, 1]);
    expect(f.thisMonth.open).toBe(1);
    expect(f.thisMonth.withheldFen).toBe(1000 + 3000);
    expect(f.lastMonth.withheldFen).toBe(1000);
    expect(f.thisMonth.topRules).toEqual([
      { code: "device_shared", orders: 2 },
      { code: "address_cluster", orders: 1 },
      { code: "blacklist", orders: 1 },
    ]);
  });
});
