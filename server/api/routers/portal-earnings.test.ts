/**
 * Portal Earnings: balances equal the ledger through pending → settled → refunded (clawback into
 * arrears), month totals in Asia/Shanghai months, each commission's "why", and who may read what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { brandAccount, credit, debit, distributorAccount } from "@/server/ledger/accounts";
import { balancesOfOne, distributorStatement, ZERO_BALANCES, type Balances } from "@/server/ledger/balances";
import { postJournals } from "@/server/ledger/post";
import { buyer, chain, nextPhone } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { createPortalSession } from "@/server/portal/portal-session";
import { settleAll } from "@/server/settlement/run";
import { outcomeOf } from "@/server/testing/outcomes";
import { createCaller } from "../root";
import { createTrpcContext } from "../trpc";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function portalCaller(tenantId: string, memberId: string) {
  const s = await createPortalSession(t.db, tenantId, memberId);
  return createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.70" }));
}

async function slugOf(tenantId: string) {
  return withTenant(t.db, tenantId, async (tx) => (await tx.query.tenants.findFirst({ where: (x, { eq }) => eq(x.id, tenantId) }))!.slug);
}

/** Balances summed from the distributor's postings: the ledger itself, not the cached balances. */
async function ledgerBalances(tenantId: string, distributorId: string): Promise<Balances> {
  const lines = await withTenant(t.db, tenantId, (tx) => distributorStatement(tx, { distributorId, limit: 10_000 }));
  const out = { ...ZERO_BALANCES };
  const field = { pending: "pendingFen", held: "heldFen", available: "availableFen", withdrawing: "withdrawingFen", arrears: "arrearsFen" } as const;
  for (const l of lines) out[field[l.accountType as keyof typeof field]] += l.changeFen;
  return out;
}

/**
 * Upline → Seller at 10% / 5%. Seller sells A (paid 2026-10-31T16:30Z: November in Shanghai) and
 * B (15:30Z: still 31 October there); both complete and settle; ¥15 is paid out; A is refunded
 * in full after settlement, so ¥5 of its clawback goes to arrears. C is paid and pending; D is
 * cancelled.
 */
async function scenario() {
  const tenantId = await moneyBrand(t, { commissionLevels: 2, afterSalesDays: 7 });
  await addRule(t, tenantId, FLAT_RULE);
  const [upline, seller] = await chain(t.db, tenantId, ["Upline", "Seller"]);
  const marker = `M${Math.random().toString(36).slice(2, 10)}`;
  const phones = { A: nextPhone(), B: nextPhone(), C: nextPhone(), D: nextPhone() };
  const mk = (id: keyof typeof phones, paidAt: string) =>
    orderInput({ externalId: `${marker}-${id}-0001`, referralCode: seller!.code, paidAt, buyer: { identities: [{ kind: "phone", value: phones[id] }] } });
  const A = mk("A", "2026-10-31T16:30:00Z");
  const B = mk("B", "2026-10-31T15:30:00Z");
  const C = mk("C", "2026-11-15T02:00:00Z");
  const D = mk("D", "2026-11-20T02:00:00Z");
  await ingest(t, tenantId, [A, B, C, D], new Date("2026-11-20T03:00:00Z"));
  for (const o of [A, B]) await sendEvent(t, tenantId, o, { type: "completed", at: "2026-11-01T00:00:00Z" });
  await sendEvent(t, tenantId, D, { type: "cancelled", at: "2026-11-20T04:00:00Z" });
  await settleAll(t.db, { tenantId, now: new Date("2026-11-20T05:00:00Z") });
  await withTenant(t.db, tenantId, (tx) =>
    postJournals(tx, tenantId, [
      { kind: "payout", idempotencyKey: "test-payout", causeType: "test", causeId: "p1", postings: [debit(distributorAccount(seller!.id, "available"), 1_500), credit(brandAccount("payouts"), 1_500)] },
    ]),
  );
  await sendEvent(t, tenantId, A, { type: "refund", refundId: "all", items: [{ sku: "SKU-1", amountFen: 10_000 }], at: "2026-11-25T00:00:00Z" });
  return { tenantId, slug: await slugOf(tenantId), upline: upline!, seller: seller!, phones, marker };
}

describe("portal earnings", () => {
  it("balances equal the ledger after pending → settled → refunded with clawback into arrears", async () => {
    const s = await scenario();
    const seller = await portalCaller(s.tenantId, s.seller.memberId);
    const { balances } = await seller.portalEarnings.summary({ slug: s.slug });
    // Settled ¥20, paid out ¥15, A clawed back ¥10: ¥5 from available, ¥5 into arrears; C pending.
    expect(balances).toEqual({ pendingFen: 1_000, heldFen: 0, availableFen: 0, withdrawingFen: 0, arrearsFen: 500 });
    expect(balances).toEqual(await ledgerBalances(s.tenantId, s.seller.id));
    expect(balances).toEqual(await withTenant(t.db, s.tenantId, (tx) => balancesOfOne(tx, s.seller.id)));
    const up = await (await portalCaller(s.tenantId, s.upline.memberId)).portalEarnings.summary({ slug: s.slug });
    expect(up.balances).toEqual(await ledgerBalances(s.tenantId, s.upline.id));
    expect(up.balances).toMatchObject({ pendingFen: 500, availableFen: 500, arrearsFen: 0 });
  });

  it("totals months in Asia/Shanghai: an order at 2026-10-31T16:30Z is November's", async () => {
    const s = await scenario();
    const seller = await portalCaller(s.tenantId, s.seller.memberId);
    const { months } = await seller.portalEarnings.summary({ slug: s.slug });
    expect(months).toEqual([
      // A (refunded: earns 0 now), C (¥10 pending), D (cancelled: 0).
      { month: "2026-11", earnedFen: 1_000, settledFen: 0, orders: 3 },
      { month: "2026-10", earnedFen: 1_000, settledFen: 1_000, orders: 1 },
    ]);
  });

  it("lists commissions newest first with their why and state, filters by state, and masks other people", async () => {
    const s = await scenario();
    const seller = await portalCaller(s.tenantId, s.seller.memberId);
    const page = await seller.portalEarnings.commissions({ slug: s.slug, locale: "en" });
    expect(page.total).toBe(4);
    expect(page.items.map((i) => [i.orderNo.slice(-4), i.state, i.amountFen])).toEqual([
      ["0001", "cancelled", 0],
      ["0001", "pending", 1_000],
      ["0001", "refunded", 0],
      ["0001", "settled", 1_000],
    ]);
    const settled = page.items[3]!;
    expect(settled).toMatchObject({ tier: 1, orderStatus: "completed", commissionStatus: "settled", refundedFen: 0 });
    expect(settled.why).toBe("¥10.00 = 10% of ¥100.00, rule flat v1, tier 1");
    expect(page.items[2]!.why).toBe("¥0.00 = 10% of ¥0.00 (¥100.00 paid, ¥100.00 refunded), rule flat v1, tier 1");
    const zh = await seller.portalEarnings.commissions({ slug: s.slug, locale: "zh-CN", state: "settled" });
    expect(zh.total).toBe(1);
    expect(zh.items[0]!.why).toBe("¥10.00 = ¥100.00 × 10%，规则「flat」v1，第 1 级");
    // The buyer by masked phone only; the raw numbers and order numbers never leave.
    const json = JSON.stringify(page);
    for (const p of Object.values(s.phones)) expect(json).not.toContain(p);
    expect(json).not.toContain(s.marker);
    expect(page.items.every((i) => i.buyer && i.buyer.includes("*") && i.teamMember === null)).toBe(true);

    // The upline earns tier 2 on the same orders: the seller named masked, no buyer at all.
    const up = await (await portalCaller(s.tenantId, s.upline.memberId)).portalEarnings.commissions({ slug: s.slug, locale: "en", limit: 2 });
    expect(up.total).toBe(4);
    expect(up.items).toHaveLength(2);
    expect(up.items.every((i) => i.tier === 2 && i.buyer === null && i.teamMember === "S****r")).toBe(true);
    expect(JSON.stringify(up)).not.toContain("Seller");
    const next = await (await portalCaller(s.tenantId, s.upline.memberId)).portalEarnings.commissions({ slug: s.slug, locale: "en", limit: 2, offset: 2 });
    expect(next.items.map((i) => i.state)).toEqual(["refunded", "settled"]);
  });

  it("a distributor sees only its own commissions, never another brand's", async () => {
    const s = await scenario();
    const other = await moneyBrand(t, { commissionLevels: 1 });
    await addRule(t, other, FLAT_RULE);
    const [o] = await chain(t.db, other, ["Other"]);
    await ingest(t, other, [orderInput({ referralCode: o!.code })]);
    const otherSlug = await slugOf(other);
    const otherCaller = await portalCaller(other, o!.memberId);
    const mine = await otherCaller.portalEarnings.commissions({ slug: otherSlug, locale: "en" });
    expect(mine.total).toBe(1);
    expect((await otherCaller.portalEarnings.summary({ slug: otherSlug })).balances.pendingFen).toBe(1_000);
    // Its session does not open the first brand's earnings, nor the first brand's its.
    expect(await outcomeOf(otherCaller.portalEarnings.summary({ slug: s.slug }))).toBe("UNAUTHORIZED");
    const seller = await portalCaller(s.tenantId, s.seller.memberId);
    expect(await outcomeOf(seller.portalEarnings.commissions({ slug: otherSlug, locale: "en" }))).toBe("UNAUTHORIZED");
  });

  it("refuses a visitor who is not signed in and a member who is not a distributor", async () => {
    const s = await scenario();
    const anon = createCaller(await createTrpcContext({ database: t, ip: "198.51.100.71" }));
    expect(await outcomeOf(anon.portalEarnings.summary({ slug: s.slug }))).toBe("UNAUTHORIZED");
    const m = await withTenant(t.db, s.tenantId, (tx) => buyer(tx));
    const member = await portalCaller(s.tenantId, m);
    expect(await outcomeOf(member.portalEarnings.summary({ slug: s.slug }))).toBe("FORBIDDEN");
    expect(await outcomeOf(member.portalEarnings.commissions({ slug: s.slug, locale: "en" }))).toBe("FORBIDDEN");
  });
});
