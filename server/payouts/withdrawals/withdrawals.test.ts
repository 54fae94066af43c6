/**
 * The withdrawal core on a real database (PGlite, or Postgres with TEST_DATABASE_URL): request
 * rules, the state machine's moves with their journals, review and the two-approver rule.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { notifications, taxWithholdings, withdrawalEvents, withdrawals } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant } from "@/db/testing/test-db";
import { balancesOfOne, ledgerSummary } from "@/server/ledger/balances";
import { appErrorOf, outcomeOf } from "@/server/testing/outcomes";
import { addFlexibleRoute, listFlexibleRoutes, removeFlexibleRoute } from "./flexible-routes";
import { quoteWithdrawal, requestWithdrawal } from "./request";
import { approveWithdrawal, bulkApprove, cancelWithdrawal, rejectWithdrawal } from "./review";
import { getPayoutSettings, updatePayoutSettings } from "./settings";
import { ALL_CHANNELS, fundedDistributor, setSettings } from "./testing";
import { markPaid, markPaying, markWaitingConfirmation, returnFunds } from "./transitions";

let t: Database;
let tenantId: string;
const A = { type: "staff" as const, id: "00000000-0000-7000-8000-0000000000a1" };
const B = { type: "staff" as const, id: "00000000-0000-7000-8000-0000000000b2" };
const SYS = { type: "system" as const, id: null };

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createTestTenant(t.db)).id;
  await withTenant(t.db, tenantId, (tx) => setSettings(tx, tenantId, ALL_CHANNELS));
});
afterAll(async () => t.close());

const tx = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, tenantId, fn);
const balances = (id: string) => tx((q) => balancesOfOne(q, id));
const request = (distributorId: string, channel: "bank" | "wechat" | "alipay", amountFen: number, now?: Date) =>
  tx((q) => requestWithdrawal(q, tenantId, distributorId, { channel, amountFen }, undefined, now));

async function journalsOf(id: string) {
  const rows = rowsOf<{ kind: string; key: string; total: string | number; n: string | number }>(
    await tx((q) =>
      q.execute(sql`select j.kind, j.idempotency_key as key, sum(p.amount_fen) as total, count(*) as n
        from ledger_journals j join ledger_postings p on p.journal_id = j.id and p.tenant_id = j.tenant_id
        where j.cause_id = ${id} group by j.kind, j.idempotency_key order by min(j.id::text)`),
    ),
  );
  // postgres-js returns bigint sums as text, PGlite as numbers.
  return rows.map((r) => ({ ...r, total: String(r.total), n: String(r.n) }));
}

describe("requestWithdrawal", () => {
  it("moves available → withdrawing with the row and its first timeline event, fixing one bill number", async () => {
    const d = await fundedDistributor(t.db, tenantId, 100_000);
    const w = await request(d.id, "bank", 30_000);
    expect(w).toMatchObject({ status: "reviewing", amountFen: 30_000, channel: "bank", payeeAccountMasked: "**** 1111", payeeName: "张三" });
    expect(w.outBillNo).toMatch(/^W\d{8}[0-9A-Z]{10}$/);
    expect(w.feeFen + w.taxFen + w.netFen).toBe(30_000);
    expect(await balances(d.id)).toMatchObject({ availableFen: 70_000, withdrawingFen: 30_000 });
    const ev = await tx((q) => q.select().from(withdrawalEvents).where(eq(withdrawalEvents.withdrawalId, w.id)));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ fromStatus: null, toStatus: "reviewing", actorType: "distributor" });
    expect(await journalsOf(w.id)).toEqual([{ kind: "withdrawal", key: `withdrawal:${w.id}`, total: "0", n: "2" }]);
  });

  it("quotes fee, estimated tax and net without changing anything", async () => {
    await tx((q) => setSettings(q, tenantId, { ...ALL_CHANNELS, feeBp: 60 }));
    try {
      const d = await fundedDistributor(t.db, tenantId, 500_000);
      const q = await tx((x) => quoteWithdrawal(x, d.id, { channel: "bank", amountFen: 300_000 }));
      // ¥3,000 labour remuneration → ¥440 tax (DOMAIN §6); 0.6% fee → ¥18.
      expect(q).toMatchObject({ feeFen: 1_800, taxFen: 44_000, netFen: 300_000 - 1_800 - 44_000, problem: null, availableFen: 500_000 });
      expect(await balances(d.id)).toMatchObject({ availableFen: 500_000, withdrawingFen: 0 });
      const big = await tx((x) => quoteWithdrawal(x, d.id, { channel: "bank", amountFen: 500_001 }));
      expect(big.problem).toMatchObject({ code: "above_available" });
    } finally {
      await tx((q) => setSettings(q, tenantId, ALL_CHANNELS));
    }
  });

  it("refuses more than available, and an unknown or inactive distributor, changing nothing", async () => {
    const d = await fundedDistributor(t.db, tenantId, 10_000);
    const e = await appErrorOf(request(d.id, "bank", 10_001));
    expect(e.code).toBe("UNPROCESSABLE");
    expect(e.fields).toEqual({ amountFen: "above_available" });
    expect(await outcomeOf(request("00000000-0000-7000-8000-000000000999", "bank", 100))).toBe("NOT_FOUND");
    expect(await outcomeOf(request(d.id, "bank", 0))).toBe("BAD_REQUEST");
    expect(await outcomeOf(request(d.id, "bank", 1.5))).toBe("BAD_REQUEST");
    await tx((q) => q.execute(sql`update distributors set status = 'frozen' where id = ${d.id}`));
    expect(await outcomeOf(request(d.id, "bank", 100))).toBe("PRECONDITION_FAILED");
    expect(await balances(d.id)).toMatchObject({ availableFen: 10_000, withdrawingFen: 0 });
  });

  it("WeChat ¥1,999.99 without a real name is accepted; ¥2,000.00 is refused naming the limit", async () => {
    const d = await fundedDistributor(t.db, tenantId, 1_000_000, { verified: false, bank: false });
    expect((await request(d.id, "wechat", 199_999)).status).toBe("reviewing");
    const e = await appErrorOf(request(d.id, "wechat", 200_000));
    expect(e.code).toBe("PRECONDITION_FAILED");
    expect(e.fields).toEqual({ amountFen: "real_name_required" });
    expect(e.message).toContain("¥2,000.00");
    expect((await balances(d.id)).withdrawingFen).toBe(199_999);
  });

  it("refuses a channel with no payee account, and bank or Alipay without a verified identity", async () => {
    const noBank = await fundedDistributor(t.db, tenantId, 10_000, { bank: false });
    expect((await appErrorOf(request(noBank.id, "bank", 100))).fields).toEqual({ channel: "no_bank_card" });
    const unverified = await fundedDistributor(t.db, tenantId, 10_000, { verified: false });
    expect((await appErrorOf(request(unverified.id, "bank", 100))).fields).toEqual({ amountFen: "identity_required" });
    expect((await appErrorOf(request(unverified.id, "alipay", 100))).fields).toEqual({ amountFen: "identity_required" });
    const none = await fundedDistributor(t.db, tenantId, 10_000, null);
    expect((await appErrorOf(request(none.id, "wechat", 100))).fields).toEqual({ channel: "no_wechat" });
  });

  it("per-channel max names the channel that can take the amount", async () => {
    const d = await fundedDistributor(t.db, tenantId, 1_000_000);
    const e = await appErrorOf(request(d.id, "wechat", 500_001));
    expect(e.fields).toEqual({ amountFen: "above_max" });
    expect(e.message).toMatch(/WeChat wallet takes at most ¥5,000\.00.*Bank card or Alipay can take it/);
    expect((await request(d.id, "wechat", 500_000)).status).toBe("reviewing");
  });

  it("enforces daily count and amount caps on the brand's clock, not counting returned requests", async () => {
    await tx((q) => setSettings(q, tenantId, { ...ALL_CHANNELS, dailyCountCap: 2, dailyAmountCapFen: 50_000 }));
    try {
      const d = await fundedDistributor(t.db, tenantId, 1_000_000);
      const day1 = new Date("2026-12-01T15:00:00Z"); // 23:00 Shanghai, 1 Dec
      const day2 = new Date("2026-12-01T16:00:00Z"); // 00:00 Shanghai, 2 Dec
      await request(d.id, "bank", 20_000, day1);
      const second = await request(d.id, "bank", 30_000, day1);
      expect((await appErrorOf(request(d.id, "bank", 100, day1))).fields).toEqual({ amountFen: "daily_count_cap" });
      await tx((q) => cancelWithdrawal(q, tenantId, d.id, second.id));
      // The cancelled one frees its count and amount: ¥300.00 is left, ¥300.01 is not.
      expect((await appErrorOf(request(d.id, "bank", 30_001, day1))).fields).toEqual({ amountFen: "daily_amount_cap" });
      expect((await request(d.id, "bank", 30_000, day1)).status).toBe("reviewing");
      // A new Shanghai day starts at 16:00 UTC.
      expect((await request(d.id, "bank", 50_000, day2)).status).toBe("reviewing");
      expect((await appErrorOf(request(d.id, "bank", 1, day2))).fields).toEqual({ amountFen: "below_min" });
    } finally {
      await tx((q) => setSettings(q, tenantId, ALL_CHANNELS));
    }
  });

  it("monthly caps count the whole Shanghai month", async () => {
    await tx((q) => setSettings(q, tenantId, { ...ALL_CHANNELS, monthlyCountCap: 2, monthlyAmountCapFen: 100_000 }));
    try {
      const d = await fundedDistributor(t.db, tenantId, 1_000_000);
      await request(d.id, "bank", 60_000, new Date("2026-11-30T16:00:00Z")); // 1 Dec 00:00 Shanghai
      expect((await appErrorOf(request(d.id, "bank", 40_001, new Date("2026-12-15T04:00:00Z")))).fields).toEqual({ amountFen: "monthly_amount_cap" });
      await request(d.id, "bank", 40_000, new Date("2026-12-15T04:00:00Z"));
      expect((await appErrorOf(request(d.id, "bank", 100, new Date("2026-12-31T15:59:00Z")))).fields).toEqual({ amountFen: "monthly_count_cap" });
      expect((await request(d.id, "bank", 100, new Date("2026-12-31T16:00:00Z"))).status).toBe("reviewing"); // 1 Jan Shanghai
    } finally {
      await tx((q) => setSettings(q, tenantId, ALL_CHANNELS));
    }
  });
});

describe("flexible-employment routing", () => {
  it("from the brand's flexibleFromFen the request goes to the platform: not withheld, paid to the bank card, channel range not applied", async () => {
    await tx((q) => setSettings(q, tenantId, { ...ALL_CHANNELS, flexibleFromFen: 6_000_000 }));
    try {
      const d = await fundedDistributor(t.db, tenantId, 10_000_000);
      // ¥59,999.99: below the threshold, so bank's ¥50,000 maximum still applies.
      expect((await appErrorOf(request(d.id, "bank", 5_999_999))).fields).toEqual({ amountFen: "above_max" });
      const q = await tx((x) => quoteWithdrawal(x, d.id, { channel: "bank", amountFen: 6_000_000 }));
      expect(q).toMatchObject({ routedToFlexible: true, taxFen: 0, taxMethod: "not_withheld", taxNote: "flexible_platform", problem: null });
      const w = await request(d.id, "wechat", 6_000_000);
      expect(w).toMatchObject({ channel: "flexible", taxFen: 0, taxMethod: "not_withheld", payeeAccountMasked: "**** 1111", netFen: 6_000_000 });
      await tx((x) => approveWithdrawal(x, tenantId, w.id, A));
      await tx((x) => approveWithdrawal(x, tenantId, w.id, B));
      expect((await tx((x) => markPaying(x, tenantId, w.id, SYS))).withdrawal).toMatchObject({ taxFen: 0, taxNote: "flexible_platform" });
    } finally {
      await tx((q) => setSettings(q, tenantId, ALL_CHANNELS));
    }
  });
});

describe("flexible-employment routing by person", () => {
  it("a person the brand routes goes to the platform at any amount, and the withdrawal records why; removing the route restores withholding", async () => {
    const d = await fundedDistributor(t.db, tenantId, 1_000_000);
    const [row] = await tx((q) => q.execute(sql`select code from distributors where id = ${d.id}`)).then((r) => rowsOf<{ code: string }>(r));
    const route = await tx((q) => addFlexibleRoute(q, A, { code: row!.code, reason: "签约灵活用工" }));
    expect(route).toMatchObject({ distributorId: d.id, reason: "签约灵活用工" });
    expect(await tx((q) => listFlexibleRoutes(q))).toEqual([expect.objectContaining({ distributorId: d.id, code: row!.code })]);

    const q = await tx((x) => quoteWithdrawal(x, d.id, { channel: "bank", amountFen: 300_000 }));
    expect(q).toMatchObject({ routedToFlexible: true, routedBy: "person", taxFen: 0, taxMethod: "not_withheld", problem: null });
    const w = await request(d.id, "bank", 300_000);
    expect(w).toMatchObject({ channel: "flexible", taxFen: 0, taxNote: "flexible_platform", netFen: 300_000 });
    expect(w.taxDetail).toMatchObject({ routedBy: "person", routeReason: "签约灵活用工" });
    const ev = await tx((x) => x.select().from(withdrawalEvents).where(eq(withdrawalEvents.withdrawalId, w.id)));
    expect(ev[0]!.detail).toMatchObject({ routedBy: "person", routeReason: "签约灵活用工" });
    await tx((x) => approveWithdrawal(x, tenantId, w.id, A));
    const paying = (await tx((x) => markPaying(x, tenantId, w.id, SYS))).withdrawal;
    expect(paying).toMatchObject({ taxFen: 0, taxNote: "flexible_platform" });
    expect(paying.taxDetail).toMatchObject({ routedBy: "person", routeReason: "签约灵活用工" });

    await tx((x) => removeFlexibleRoute(x, A, d.id));
    const after = await tx((x) => quoteWithdrawal(x, d.id, { channel: "bank", amountFen: 300_000 }));
    expect(after).toMatchObject({ routedToFlexible: false, routedBy: null, taxMethod: "labour" });
    expect(after.taxFen).toBeGreaterThan(0);
    const actions = rowsOf<{ action: string }>(await tx((x) => x.execute(sql`select action from audit_logs where target_id = ${d.id} and action like 'payout.%' order by created_at`)));
    expect(actions.map((a) => a.action)).toEqual(["payout.flexible_route_set", "payout.flexible_route_removed"]);
  });

  it("refuses an unknown code (or another brand's) and an empty reason, changing nothing", async () => {
    const other = (await createTestTenant(t.db)).id;
    const od = await fundedDistributor(t.db, other, 1_000);
    const [orow] = rowsOf<{ code: string }>(await withTenant(t.db, other, (q) => q.execute(sql`select code from distributors where id = ${od.id}`)));
    expect(await appErrorOf(tx((q) => addFlexibleRoute(q, A, { code: orow!.code, reason: "x" })))).toMatchObject({ code: "NOT_FOUND", fields: { code: "not_found" } });
    const d = await fundedDistributor(t.db, tenantId, 1_000);
    const [row] = rowsOf<{ code: string }>(await tx((q) => q.execute(sql`select code from distributors where id = ${d.id}`)));
    expect(await appErrorOf(tx((q) => addFlexibleRoute(q, A, { code: row!.code, reason: "  " })))).toMatchObject({ code: "BAD_REQUEST", fields: { reason: "required" } });
    expect(await appErrorOf(tx((q) => removeFlexibleRoute(q, A, od.id)))).toMatchObject({ code: "NOT_FOUND" });
    expect((await tx((q) => listFlexibleRoutes(q))).some((r) => r.distributorId === d.id || r.distributorId === od.id)).toBe(false);
  });
});

describe("review", () => {
  it("single approval below the threshold approves and notifies; a second approve conflicts", async () => {
    const d = await fundedDistributor(t.db, tenantId, 1_000_000);
    const w = await request(d.id, "bank", 999_999);
    const r = await tx((q) => approveWithdrawal(q, tenantId, w.id, A));
    expect(r).toEqual({ id: w.id, outcome: "approved", status: "approved" });
    expect(await outcomeOf(tx((q) => approveWithdrawal(q, tenantId, w.id, B)))).toBe("CONFLICT");
    const notes = await tx((q) => q.select().from(notifications).where(and(eq(notifications.memberId, d.memberId), eq(notifications.kind, "withdrawal.approved"))));
    expect(notes).toHaveLength(1);
  });

  it("from ¥10,000 two different approvers: the first stays reviewing, the same person cannot approve twice", async () => {
    const d = await fundedDistributor(t.db, tenantId, 2_000_000);
    const w = await request(d.id, "bank", 1_000_000);
    expect(await tx((q) => approveWithdrawal(q, tenantId, w.id, A))).toMatchObject({ outcome: "first_approval", status: "reviewing" });
    const e = await appErrorOf(tx((q) => approveWithdrawal(q, tenantId, w.id, A)));
    expect(e.code).toBe("CONFLICT");
    expect(e.fields).toEqual({ approver: "same_approver" });
    let row = (await tx((q) => q.select().from(withdrawals).where(eq(withdrawals.id, w.id))))[0]!;
    expect(row).toMatchObject({ status: "reviewing", firstApprovedBy: A.id, approvedBy: null });
    expect(await tx((q) => approveWithdrawal(q, tenantId, w.id, B))).toMatchObject({ outcome: "approved" });
    row = (await tx((q) => q.select().from(withdrawals).where(eq(withdrawals.id, w.id))))[0]!;
    expect(row).toMatchObject({ status: "approved", firstApprovedBy: A.id, approvedBy: B.id });
    const ev = await tx((q) => q.select().from(withdrawalEvents).where(eq(withdrawalEvents.withdrawalId, w.id)).orderBy(withdrawalEvents.at, withdrawalEvents.id));
    expect(ev.map((e) => [e.fromStatus, e.toStatus, e.actorId])).toEqual([
      [null, "reviewing", d.id],
      ["reviewing", "reviewing", A.id],
      ["reviewing", "approved", B.id],
    ]);
  });

  it("bulk approve reports each row", async () => {
    const d = await fundedDistributor(t.db, tenantId, 5_000_000);
    const small = await request(d.id, "bank", 1_000);
    const big = await request(d.id, "bank", 1_500_000);
    const gone = await request(d.id, "bank", 2_000);
    await tx((q) => cancelWithdrawal(q, tenantId, d.id, gone.id));
    const missing = "00000000-0000-7000-8000-000000000777";
    const res = await tx((q) => bulkApprove(q, tenantId, [small.id, big.id, gone.id, missing], A));
    expect(Object.fromEntries(res.map((r) => [r.id, r.outcome]))).toEqual({
      [small.id]: "approved",
      [big.id]: "first_approval",
      [gone.id]: "not_reviewing",
      [missing]: "not_found",
    });
    const again = await tx((q) => bulkApprove(q, tenantId, [big.id], A));
    expect(again[0]!.outcome).toBe("same_approver");
  });

  it("reject needs a reason, returns the funds with a balanced journal and notifies", async () => {
    const d = await fundedDistributor(t.db, tenantId, 50_000);
    const w = await request(d.id, "bank", 50_000);
    expect((await appErrorOf(tx((q) => rejectWithdrawal(q, tenantId, w.id, "  ", A)))).fields).toEqual({ reason: "required" });
    await tx((q) => rejectWithdrawal(q, tenantId, w.id, "银行卡户名不符", A));
    expect(await balances(d.id)).toMatchObject({ availableFen: 50_000, withdrawingFen: 0 });
    expect((await journalsOf(w.id)).map((j) => [j.kind, j.total])).toEqual([
      ["withdrawal", "0"],
      ["withdrawal_returned", "0"],
    ]);
    const row = (await tx((q) => q.select().from(withdrawals).where(eq(withdrawals.id, w.id))))[0]!;
    expect(row).toMatchObject({ status: "rejected", reason: "银行卡户名不符", taxMonth: null });
    expect(await outcomeOf(tx((q) => rejectWithdrawal(q, tenantId, w.id, "again", A)))).toBe("CONFLICT");
  });

  it("a distributor cancels only its own withdrawal and only while reviewing", async () => {
    const d = await fundedDistributor(t.db, tenantId, 10_000);
    const other = await fundedDistributor(t.db, tenantId, 10_000);
    const w = await request(d.id, "bank", 5_000);
    expect(await outcomeOf(tx((q) => cancelWithdrawal(q, tenantId, other.id, w.id)))).toBe("NOT_FOUND");
    await tx((q) => approveWithdrawal(q, tenantId, w.id, A));
    expect(await outcomeOf(tx((q) => cancelWithdrawal(q, tenantId, d.id, w.id)))).toBe("CONFLICT");
    const w2 = await request(d.id, "bank", 5_000);
    await tx((q) => cancelWithdrawal(q, tenantId, d.id, w2.id));
    expect(await balances(d.id)).toMatchObject({ availableFen: 5_000, withdrawingFen: 5_000 });
  });
});

describe("payout transitions", () => {
  it("approved → paying fixes the tax; paid posts withdrawing → payouts + tax_payable + fees and the tax record", async () => {
    await tx((q) => setSettings(q, tenantId, { ...ALL_CHANNELS, feeBp: 100 }));
    const d = await fundedDistributor(t.db, tenantId, 1_000_000);
    const w = await request(d.id, "bank", 300_000);
    await tx((q) => setSettings(q, tenantId, ALL_CHANNELS));
    await tx((q) => approveWithdrawal(q, tenantId, w.id, A));
    const paying = await tx((q) => markPaying(q, tenantId, w.id, SYS));
    expect(paying.withdrawal).toMatchObject({ status: "paying", taxFen: 44_000, feeFen: 3_000, netFen: 253_000 });
    expect(paying.withdrawal.taxMonth).toMatch(/^\d{4}-\d{2}$/);
    expect((await tx((q) => markPaying(q, tenantId, w.id, SYS))).changed).toBe(false);
    const before = await tx((q) => ledgerSummary(q));
    await tx((q) => markPaid(q, tenantId, w.id, { paidAt: new Date(), providerRef: "BANK-1" }, { type: "provider", id: "bank" }));
    const after = await tx((q) => ledgerSummary(q));
    expect(after.imbalanceFen).toBe(0);
    expect(after.accounts.payouts - before.accounts.payouts).toBe(253_000);
    expect(after.accounts.tax_payable - before.accounts.tax_payable).toBe(44_000);
    expect(after.accounts.fees - before.accounts.fees).toBe(3_000);
    expect(await balances(d.id)).toMatchObject({ availableFen: 700_000, withdrawingFen: 0 });
    const tw = await tx((q) => q.select().from(taxWithholdings).where(eq(taxWithholdings.withdrawalId, w.id)));
    expect(tw[0]).toMatchObject({ incomeFen: 300_000, taxFen: 44_000, method: "labour" });
    // Paid twice: nothing more is posted.
    expect((await tx((q) => markPaid(q, tenantId, w.id, { paidAt: new Date() }, SYS))).changed).toBe(false);
    expect((await journalsOf(w.id)).map((j) => j.kind)).toEqual(["withdrawal", "payout"]);
    const paidNote = await tx((q) => q.select().from(notifications).where(and(eq(notifications.memberId, d.memberId), eq(notifications.kind, "withdrawal.paid"))));
    expect(paidNote[0]!.params).toMatchObject({ amount: "¥3,000.00", net: "¥2,530.00" });
  });

  it("failure, provider cancellation and expiry return the funds with balanced journals", async () => {
    for (const to of ["failed", "cancelled", "expired"] as const) {
      const d = await fundedDistributor(t.db, tenantId, 20_000);
      const w = await request(d.id, "wechat", 20_000);
      await tx((q) => approveWithdrawal(q, tenantId, w.id, A));
      await tx((q) => markPaying(q, tenantId, w.id, SYS));
      await tx((q) => markWaitingConfirmation(q, tenantId, w.id, { packageInfo: "pkg", expiresAt: new Date(Date.now() + 86_400_000) }, { type: "provider", id: "wechat" }));
      const r = await tx((q) => returnFunds(q, tenantId, w.id, to, `provider said ${to}`, { type: "provider", id: "wechat" }));
      expect(r.withdrawal).toMatchObject({ status: to, taxMonth: null });
      expect(await balances(d.id)).toMatchObject({ availableFen: 20_000, withdrawingFen: 0 });
      expect((await journalsOf(w.id)).map((j) => [j.kind, j.total])).toEqual([
        ["withdrawal", "0"],
        ["withdrawal_returned", "0"],
      ]);
      // A returned withdrawal cannot be paid afterwards.
      expect(await outcomeOf(tx((q) => markPaid(q, tenantId, w.id, { paidAt: new Date() }, SYS)))).toBe("CONFLICT");
    }
    expect((await tx((q) => ledgerSummary(q))).imbalanceFen).toBe(0);
  });

  it("refuses moves from the wrong state and leaves everything as it was", async () => {
    const d = await fundedDistributor(t.db, tenantId, 20_000);
    const w = await request(d.id, "bank", 10_000);
    expect(await outcomeOf(tx((q) => markPaying(q, tenantId, w.id, SYS)))).toBe("CONFLICT");
    expect(await outcomeOf(tx((q) => returnFunds(q, tenantId, w.id, "expired", "x", SYS)))).toBe("CONFLICT");
    expect(await outcomeOf(tx((q) => markPaying(q, tenantId, "00000000-0000-7000-8000-000000000555", SYS)))).toBe("NOT_FOUND");
    expect(await balances(d.id)).toMatchObject({ availableFen: 10_000, withdrawingFen: 10_000 });
  });

  it("same-month payouts share the labour allowance: three ¥1,500 withhold 140, 300, 280", async () => {
    const d = await fundedDistributor(t.db, tenantId, 450_000);
    const taxes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const w = await request(d.id, "bank", 150_000);
      await tx((q) => approveWithdrawal(q, tenantId, w.id, A));
      taxes.push((await tx((q) => markPaying(q, tenantId, w.id, SYS))).withdrawal.taxFen);
    }
    expect(taxes).toEqual([14_000, 30_000, 28_000]);
  });
});

describe("payout settings", () => {
  it("reads DOMAIN defaults for a new brand, saves valid settings, refuses invalid ones", async () => {
    const other = (await createTestTenant(t.db)).id;
    const actor = { type: "staff" as const, id: A.id };
    const s = await withTenant(t.db, other, (q) => getPayoutSettings(q));
    expect(s.channelLimits.wechat.maxFen).toBe(20_000);
    const saved = await withTenant(t.db, other, (q) => updatePayoutSettings(q, actor, { ...s, feeBp: 50, dailyCountCap: 3 }));
    expect(saved).toMatchObject({ feeBp: 50, dailyCountCap: 3 });
    const bad = await appErrorOf(
      withTenant(t.db, other, (q) => updatePayoutSettings(q, actor, { ...s, channelLimits: { ...s.channelLimits, bank: { enabled: true, minFen: 500, maxFen: 100 } } })),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fields).toHaveProperty(["channelLimits.bank.maxFen"]);
    expect((await withTenant(t.db, other, (q) => getPayoutSettings(q))).channelLimits.bank.maxFen).toBe(5_000_000);
  });
});
