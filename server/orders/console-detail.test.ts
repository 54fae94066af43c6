/**
 * The order detail: header, masked buyer, attribution, risk with evidence, lines, commissions
 * with rule name and readable trace, the event timeline, and a ledger section in which every
 * journal balances and the order's postings explain its earners' balances line by line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { adminCreateDistributor } from "@/server/network/distributors";
import { ADMIN, chain, nextPhone } from "@/server/network/test-helpers";
import { settleAll } from "@/server/settlement/run";
import { outcomeOf } from "@/server/testing/outcomes";
import { orderDetail } from "./console-detail";
import { addRule, balances, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "./testing";
import { findOrderId } from "./views";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const detailOf = async (tenantId: string, o: { channel: string; externalId: string }, locale: "en" | "zh-CN" = "en") =>
  withTenant(t.db, tenantId, async (tx) => orderDetail(tx, (await findOrderId(tx, o.channel, o.externalId))!, locale));

describe("order detail", () => {
  it("explains a settled, partly refunded order down to each posting", async () => {
    const tenantId = await moneyBrand(t, { afterSalesDays: 0 });
    await addRule(t, tenantId, FLAT_RULE);
    const [A, B, C] = await chain(t.db, tenantId, ["A", "B", "C"]);
    const phone = nextPhone();
    const paidAt = new Date(Date.now() - 3_600_000).toISOString();
    const o = orderInput({
      paidAt,
      referralCode: C!.code,
      buyer: { identities: [{ kind: "phone", value: phone }] },
      items: [
        { sku: "S1", category: "tea", quantity: 2, amountFen: 10_000 },
        { sku: "S2", quantity: 1, amountFen: 6_000 },
      ],
    });
    // Another order of C's settles in the same run: the settlement journal is shared.
    const other = orderInput({ paidAt, referralCode: C!.code, items: [{ sku: "S9", quantity: 1, amountFen: 3_000 }] });
    await ingest(t, tenantId, [o, other]);
    const completedAt = new Date(Date.now() - 60_000).toISOString();
    await sendEvent(t, tenantId, o, { type: "completed", at: completedAt });
    await sendEvent(t, tenantId, other, { type: "completed", at: completedAt });
    await settleAll(t.db, { tenantId });
    await sendEvent(t, tenantId, o, { type: "refund", refundId: "RF-1", items: [{ sku: "S1", amountFen: 5_000, quantity: 1 }], at: new Date().toISOString() });

    const d = await detailOf(tenantId, o);
    expect(d).toMatchObject({
      channel: "tmall",
      externalId: o.externalId,
      status: "completed",
      source: "api",
      amountFen: 16_000,
      refundedFen: 5_000,
      attribution: { source: "referral_code", referralCode: C!.code, distributor: { id: C!.id, code: C!.code, name: "C" } },
      risk: { verdict: "allow", rules: [] },
    });
    expect(d.settleAfter?.getTime()).toBe(Date.parse(completedAt));
    expect(d.buyer.identities).toHaveLength(1);
    expect(d.buyer.identities[0]!.kind).toBe("phone");
    expect(d.buyer.identities[0]!.masked).not.toContain(phone.slice(3, 7));
    expect(d.lines).toEqual([
      expect.objectContaining({ lineNo: 0, sku: "S1", category: "tea", quantity: 2, amountFen: 10_000, refundedFen: 5_000, refundedQuantity: 1, afterSalesOpen: false }),
      expect.objectContaining({ lineNo: 1, sku: "S2", quantity: 1, amountFen: 6_000, refundedFen: 0 }),
    ]);

    // Commissions per tier: the amount now, the rule and a trace in the reader's language.
    const s1 = d.commissions.filter((c) => c.sku === "S1");
    expect(s1.map((c) => [c.tier, c.distributor.code, c.amountFen, c.settledFen, c.status])).toEqual([
      // Settled in full, then clawed back to what the remaining ¥50 earns.
      [1, C!.code, 500, 1_000, "settled"],
      [2, B!.code, 250, 500, "settled"],
      [3, A!.code, 100, 200, "settled"],
    ]);
    expect(s1[0]!.rule).toMatchObject({ name: "flat", version: 1 });
    expect(s1[0]!.trace).toBe("¥5.00 = 10% of ¥50.00 (¥100.00 paid, ¥50.00 refunded), rule flat v1, tier 1");
    expect(d.commissionFen).toBe(500 + 250 + 100 + 600 + 300 + 120);
    const zh = await detailOf(tenantId, o, "zh-CN");
    expect(zh.commissions[0]!.trace).toBe("¥5.00 = ¥50.00 × 10%（实付 ¥100.00，已退 ¥50.00），规则「flat」v1，第 1 级");

    // The timeline, with the refund's items.
    expect(d.events.map((e) => [e.type, e.source])).toEqual([
      ["created", "api"],
      ["completed", "api"],
      ["refund", "api"],
    ]);
    expect(d.events[2]!.refund).toEqual({ refundId: "RF-1", items: [{ sku: "S1", amountFen: 5_000, quantity: 1 }] });

    // The ledger: the accrual, one settlement journal per earner, the refund's clawback.
    expect(d.journals.map((j) => j.kind)).toEqual(["accrual", "settlement", "settlement", "settlement", "refund"]);
    for (const j of d.journals) {
      const debit = j.postings.reduce((s, p) => s + p.debitFen, 0);
      const credit = j.postings.reduce((s, p) => s + p.creditFen, 0);
      expect(debit).toBe(credit);
      expect(debit).toBeGreaterThan(0);
      for (const p of j.postings) expect(p.debitFen === 0 || p.creditFen === 0).toBe(true);
    }
    const accrual = d.journals[0]!;
    expect(accrual.ofThisOrder).toBe(true);
    expect(accrual.postings.find((p) => p.accountType === "commission_expense")).toMatchObject({ debitFen: 1_600 + 800 + 320, distributor: null });
    const cSettlement = d.journals.find((j) => j.kind === "settlement" && j.postings.some((p) => p.distributor?.id === C!.id))!;
    expect(cSettlement.ofThisOrder).toBe(false);
    // This order's share of C's settlement, and the journal as a whole (with the other order's ¥3.00 × 10%).
    expect(cSettlement.orderShareFen).toBe(1_000 + 600);
    expect(cSettlement.postings.find((p) => p.accountType === "available")!.creditFen).toBe(1_600 + 300);

    // Line by line: C's available balance is exactly what these journals moved on it.
    const moved = d.journals
      .flatMap((j) => j.postings)
      .filter((p) => p.distributor?.id === C!.id && p.accountType === "available")
      .reduce((s, p) => s + p.creditFen - p.debitFen, 0);
    expect(moved).toBe((await balances(t, tenantId, C!.id)).availableFen);
    expect(moved).toBe(1_600 + 300 - 500);
  });

  it("shows a blocked self-purchase with the rule that fired and its evidence", async () => {
    const tenantId = await moneyBrand(t);
    await addRule(t, tenantId, FLAT_RULE);
    const phone = nextPhone();
    const self = await withTenant(t.db, tenantId, (tx) => adminCreateDistributor(tx, ADMIN, { name: "Self", phone }));
    const o = orderInput({ buyer: { identities: [{ kind: "phone", value: phone }] }, referralCode: self.code });
    await ingest(t, tenantId, [o]);
    await sendEvent(t, tenantId, o, { type: "cancelled", at: new Date().toISOString() });
    const d = await detailOf(tenantId, o);
    expect(d.risk).toEqual({
      verdict: "block",
      rules: [{ code: "self_purchase", action: "block", evidence: { distributorCode: self.code, matchedBy: "oneid" } }],
    });
    expect(d.commissions).toEqual([]);
    expect(d.journals).toEqual([]);
    expect(d.status).toBe("cancelled");
    expect(d.cancelledAt).toBeInstanceOf(Date);
    expect(d.events.map((e) => e.type)).toEqual(["created", "cancelled"]);
  });

  it("is NOT_FOUND for another brand's order", async () => {
    const a = await moneyBrand(t);
    const b = await moneyBrand(t);
    await addRule(t, b, FLAT_RULE);
    const o = orderInput();
    await ingest(t, b, [o]);
    const id = await withTenant(t.db, b, (tx) => findOrderId(tx, o.channel, o.externalId));
    expect(await outcomeOf(withTenant(t.db, a, (tx) => orderDetail(tx, id!, "en")))).toBe("NOT_FOUND");
  });
});
