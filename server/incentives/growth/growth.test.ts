/**
 * Growth value (issue 12 item 6): a member's growth equals its settled distribution GMV (as
 * buyer and as distributor) minus refunds — a property over random order lives — folded
 * idempotently, reversed by a refund after settlement, and readable by identity.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain, nextPhone } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { registerGrowthChangedHandler, type GrowthChange } from "./events";
import { foldGrowth } from "./fold";
import { findMemberId, growthChunk, memberGrowth, parseMemberIdentity } from "./read";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const DAY = 86_400_000;
const T0 = Date.now();

async function brand() {
  const tenantId = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 7 });
  await addRule(t, tenantId, FLAT_RULE);
  return tenantId;
}
const fold = (tenantId: string, now: number) => withTenant(t.db, tenantId, (tx) => foldGrowth(tx, tenantId, { now: new Date(now) }));
const growthOf = async (tenantId: string, memberId: string) => (await withTenant(t.db, tenantId, (tx) => memberGrowth(tx, memberId)))!;

describe("identities", () => {
  it("parses a member id, kind:value and a bare mobile; refuses the rest", () => {
    expect(parseMemberIdentity("0190b8e2-7b1c-7000-8000-000000000001")).toEqual({ memberId: "0190b8e2-7b1c-7000-8000-000000000001" });
    expect(parseMemberIdentity("phone:13800138000")).toEqual({ kind: "phone", value: "13800138000" });
    expect(parseMemberIdentity("wechat_unionid:o6_abc")).toEqual({ kind: "wechat_unionid", value: "o6_abc" });
    expect(parseMemberIdentity("13800138000")).toEqual({ kind: "phone", value: "13800138000" });
    expect(parseMemberIdentity("recruits:1")).toBeNull();
    expect(parseMemberIdentity("phone:12")).toBeNull();
    expect(parseMemberIdentity("hello")).toBeNull();
  });
});

describe("growth value", () => {
  it("accrues once the window has passed, is reversed by a refund after it, and folding twice changes nothing", async () => {
    const tenantId = await brand();
    const [D] = await chain(t.db, tenantId, ["D"]);
    const phone = nextPhone();
    const o = orderInput({ referralCode: D!.code, buyer: { identities: [{ kind: "phone", value: phone }] }, paidAt: new Date(T0 - 20 * DAY).toISOString(), items: [{ sku: "S", quantity: 1, amountFen: 30_000 }] });
    await ingest(t, tenantId, [o]);
    await sendEvent(t, tenantId, o, { type: "completed", at: new Date(T0 - 10 * DAY).toISOString() });
    const seen: GrowthChange[][] = [];
    const off = registerGrowthChangedHandler((_tx, tid, changes) => {
      if (tid === tenantId) seen.push(changes);
      return Promise.resolve();
    });
    try {
      // Before the window ends (settle_after = T0 − 3 days): nothing.
      await fold(tenantId, T0 - 4 * DAY);
      const buyerId = (await withTenant(t.db, tenantId, (tx) => findMemberId(tx, `phone:${phone}`)))!;
      expect((await growthOf(tenantId, buyerId)).growthValueFen).toBe(0);
      await fold(tenantId, T0);
      await fold(tenantId, T0);
      expect(await growthOf(tenantId, buyerId)).toMatchObject({ growthValueFen: 30_000, asBuyerFen: 30_000, asDistributorFen: 0 });
      expect(await growthOf(tenantId, D!.memberId)).toMatchObject({ growthValueFen: 30_000, asDistributorFen: 30_000, distributorCode: D!.code });
      await sendEvent(t, tenantId, o, { type: "refund", refundId: "late", items: [{ sku: "S", amountFen: 12_000 }], at: new Date(T0).toISOString() });
      await fold(tenantId, T0 + 1);
      expect((await growthOf(tenantId, buyerId)).growthValueFen).toBe(18_000);
      expect((await growthOf(tenantId, D!.memberId)).growthValueFen).toBe(18_000);
      // The listener saw +30,000 then −12,000 for both members, once each.
      expect(seen.map((c) => c.map((x) => x.deltaFen).sort())).toEqual([
        [30_000, 30_000],
        [-12_000, -12_000],
      ]);
      const file = await withTenant(t.db, tenantId, (tx) => growthChunk(tx, null, 100));
      expect(file.rows.map((r) => r.growthValueFen)).toEqual([18_000, 18_000]);
    } finally {
      off();
    }
  });

  it("property: every member's growth = Σ over its settled attributed orders of paid − refunded", async () => {
    const lifeArb = fc.array(
      fc.record({
        d: fc.nat(1),
        buyer: fc.nat(2),
        amount: fc.integer({ min: 1, max: 40_000 }),
        completeDaysAgo: fc.option(fc.integer({ min: 0, max: 25 }), { nil: null }),
        refund: fc.option(fc.record({ share: fc.integer({ min: 1, max: 100 }), daysAgo: fc.integer({ min: 0, max: 20 }) }), { nil: null }),
        cancel: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(lifeArb, fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }), async (life, foldDaysAgo) => {
        const tenantId = await brand();
        const ds = await chain(t.db, tenantId, ["X", "Y"]);
        const phones = [nextPhone(), nextPhone(), nextPhone()];
        const inputs = life.map((l) =>
          orderInput({
            referralCode: ds[l.d]!.code,
            buyer: { identities: [{ kind: "phone", value: phones[l.buyer]! }] },
            paidAt: new Date(T0 - 30 * DAY).toISOString(),
            items: [{ sku: "S", quantity: 1, amountFen: l.amount }],
          }),
        );
        await ingest(t, tenantId, inputs);
        const folds = [...foldDaysAgo].sort((a, b) => b - a);
        for (const [i, l] of life.entries()) {
          if (l.completeDaysAgo !== null) await sendEvent(t, tenantId, inputs[i]!, { type: "completed", at: new Date(T0 - l.completeDaysAgo * DAY).toISOString() });
          else if (l.cancel) await sendEvent(t, tenantId, inputs[i]!, { type: "cancelled", at: new Date(T0 - 5 * DAY).toISOString() });
          if (folds.length) await fold(tenantId, T0 - folds[i % folds.length]! * DAY);
          if (l.refund && !(l.completeDaysAgo === null && l.cancel)) {
            const amountFen = Math.max(1, Math.floor((l.amount * l.refund.share) / 100));
            await sendEvent(t, tenantId, inputs[i]!, { type: "refund", refundId: `r${i}`, items: [{ sku: "S", amountFen }], at: new Date(T0 - l.refund.daysAgo * DAY).toISOString() });
          }
        }
        await fold(tenantId, T0);
        // The model: attribution and members as the database resolved them; money from the life.
        const rows = rowsOf<{ external_id: string; buyer_member_id: string; member_id: string }>(
          await withTenant(t.db, tenantId, (tx) =>
            tx.execute(sql`select o.external_id, o.buyer_member_id, d.member_id from orders o join distributors d on d.id = o.distributor_id`),
          ),
        );
        const byExt = new Map(rows.map((r) => [r.external_id, r]));
        const want = new Map<string, number>();
        life.forEach((l, i) => {
          const row = byExt.get(inputs[i]!.externalId);
          if (!row || l.completeDaysAgo === null) return; // unattributed, or never completed (maybe cancelled)
          if (l.completeDaysAgo < 7) return; // the after-sales window (7 days) has not passed
          const refunded = l.refund ? Math.max(1, Math.floor((l.amount * l.refund.share) / 100)) : 0;
          for (const m of new Set([row.buyer_member_id, row.member_id])) want.set(m, (want.get(m) ?? 0) + l.amount - refunded);
        });
        const members = new Set([...rows.flatMap((r) => [r.buyer_member_id, r.member_id]), ...ds.map((d) => d.memberId)]);
        for (const m of members) expect((await growthOf(tenantId, m)).growthValueFen, m).toBe(want.get(m) ?? 0);
        // Folding again moves nothing.
        expect((await fold(tenantId, T0)).changes).toEqual([]);
      }),
      { numRuns: 6 },
    );
  }, 240_000);

  it("isolates brands: an identity from another brand is not found", async () => {
    const a = await brand();
    const b = await brand();
    const phone = nextPhone();
    const [D] = await chain(t.db, a, ["D"]);
    await ingest(t, a, [orderInput({ referralCode: D!.code, buyer: { identities: [{ kind: "phone", value: phone }] } })]);
    expect(await withTenant(t.db, a, (tx) => findMemberId(tx, phone))).not.toBeNull();
    expect(await withTenant(t.db, b, (tx) => findMemberId(tx, phone))).toBeNull();
    expect(await withTenant(t.db, b, (tx) => memberGrowth(tx, D!.memberId))).toBeNull();
  });
});
