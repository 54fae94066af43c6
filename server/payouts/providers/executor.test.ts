/**
 * The payout executor against the fake gateways and the real withdrawal transitions: paid
 * exactly once under one bill number whatever happens between "sent" and "recorded"; WeChat
 * confirmation, callbacks and the 24 h expiry; failures return the funds; journals balance.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { payoutAttempts, withdrawalEvents, withdrawals } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { balances } from "@/server/orders/testing";
import { applyProviderCallback, executePayout, sweepPayouts } from "./executor";
import { approvedWithdrawal, fakeProviders, ledgerProblems, payee, payoutBrand } from "./testing";
import { verifyWechatNotification } from "./wechat";
import { fakeWechatConfig } from "./fake/wechat";

let t: Database;
let fakes: Awaited<ReturnType<typeof fakeProviders>>;
beforeAll(async () => {
  t = await createTestDatabase();
  fakes = await fakeProviders();
});
afterAll(async () => {
  await fakes.close();
  await t.close();
});

const HOUR = 3600_000;

async function setup(channel: "wechat" | "alipay" | "bank" = "wechat", amountFen = 10_000) {
  const tenantId = await payoutBrand(t);
  const d = await payee(t, tenantId, 100_000);
  const w = await approvedWithdrawal(t, tenantId, d.id, channel, amountFen);
  return { tenantId, d, w };
}

const row = (tenantId: string, id: string) => withTenant(t.db, tenantId, async (tx) => (await tx.select().from(withdrawals).where(eq(withdrawals.id, id)))[0]!);
const attempts = (tenantId: string, id: string) =>
  withTenant(t.db, tenantId, (tx) => tx.select().from(payoutAttempts).where(eq(payoutAttempts.withdrawalId, id)).orderBy(payoutAttempts.createdAt));
const posts = (gw: { calls: { method: string; path: string }[] }, fragment: string) => gw.calls.filter((c) => c.method === "POST" && c.path.endsWith(fragment)).length;

describe("executePayout", () => {
  it("WeChat success: paying → paid, one attempt, the payout journal balances, the net amount is what was sent", async () => {
    fakes.wx.mode = "success";
    const { tenantId, d, w } = await setup("wechat", 10_000);
    const r = await executePayout(t.db, tenantId, w.id, { providers: fakes.providers });
    expect(r).toMatchObject({ action: "sent", state: "succeeded", status: "paid" });
    const paid = await row(tenantId, w.id);
    expect(paid.paidAt).not.toBeNull();
    expect(fakes.wx.bills.get(w.outBillNo)!.amountFen).toBe(paid.netFen);
    const a = await attempts(tenantId, w.id);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ state: "succeeded", outBillNo: w.outBillNo, provider: "wechat" });
    expect(await balances(t, tenantId, d.id)).toMatchObject({ availableFen: 90_000, withdrawingFen: 0 });
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
    // Running it again (a duplicate event) does nothing.
    expect(await executePayout(t.db, tenantId, w.id, { providers: fakes.providers })).toMatchObject({ action: "skipped", state: "not_open" });
    expect(fakes.wx.payments(w.outBillNo)).toBe(1);
  });

  it("killed between 'sent' and 'recorded': the rerun queries, records paid, and pays exactly once under the same bill number", async () => {
    fakes.wx.mode = "success";
    const { tenantId, d, w } = await setup("wechat");
    const crash = new Error("process killed after the provider answered");
    await expect(executePayout(t.db, tenantId, w.id, { providers: fakes.providers, afterSend: () => { throw crash; } })).rejects.toBe(crash);
    // The attempt was committed before the call and says "sending"; the withdrawal is paying.
    expect((await attempts(tenantId, w.id)).map((a) => a.state)).toEqual(["sending"]);
    expect((await row(tenantId, w.id)).status).toBe("paying");
    expect(fakes.wx.payments(w.outBillNo)).toBe(1);
    // A fresh run right away sees a call possibly still in flight and leaves it alone…
    expect(await executePayout(t.db, tenantId, w.id, { providers: fakes.providers })).toMatchObject({ action: "skipped", state: "in_flight" });
    // …and once that window has passed, resumes.
    const r = await executePayout(t.db, tenantId, w.id, { providers: fakes.providers, inFlightMs: 0 });
    expect(r).toMatchObject({ action: "queried", state: "succeeded", status: "paid", outBillNo: w.outBillNo });
    expect(fakes.wx.payments(w.outBillNo)).toBe(1);
    expect(posts(fakes.wx, "/transfer-bills")).toBeGreaterThan(0);
    const a = await attempts(tenantId, w.id);
    expect(a.map((x) => [x.state, x.outBillNo])).toEqual([["succeeded", w.outBillNo]]);
    expect(await balances(t, tenantId, d.id)).toMatchObject({ availableFen: 90_000, withdrawingFen: 0 });
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
  });

  it("killed before the provider received the bill: the rerun finds nothing there and resends the SAME bill number", async () => {
    fakes.ali.mode = "error"; // a 5xx: nothing recorded at the gateway
    const { tenantId, w } = await setup("alipay");
    const first = await executePayout(t.db, tenantId, w.id, { providers: fakes.providers });
    expect(first).toMatchObject({ action: "sent", state: "unknown", status: "paying" });
    fakes.ali.mode = "success";
    const r = await executePayout(t.db, tenantId, w.id, { providers: fakes.providers, inFlightMs: 0 });
    expect(r).toMatchObject({ action: "sent", state: "succeeded", status: "paid" });
    const a = await attempts(tenantId, w.id);
    expect(a.map((x) => x.state)).toEqual(["unknown", "succeeded"]);
    expect(new Set(a.map((x) => x.outBillNo))).toEqual(new Set([w.outBillNo]));
    expect(fakes.ali.payments(w.outBillNo)).toBe(1);
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
  });

  it("a timeout (the gateway paid but never answered) is unknown; the next run queries and records paid, never resending", async () => {
    fakes.wx.mode = "timeout";
    fakes.wx.timeoutThen = "success";
    const { tenantId, w } = await setup("wechat");
    expect(await executePayout(t.db, tenantId, w.id, { providers: fakes.providers })).toMatchObject({ state: "unknown", status: "paying" });
    fakes.wx.mode = "failure"; // were it resent, this would fail it
    expect(await executePayout(t.db, tenantId, w.id, { providers: fakes.providers, inFlightMs: 0 })).toMatchObject({ action: "queried", state: "succeeded", status: "paid" });
    expect(fakes.wx.payments(w.outBillNo)).toBe(1);
  });

  it("a final failure returns the funds with a balanced journal", async () => {
    fakes.wx.mode = "failure";
    const { tenantId, d, w } = await setup("wechat");
    expect(await executePayout(t.db, tenantId, w.id, { providers: fakes.providers })).toMatchObject({ state: "failed", status: "failed" });
    expect(await balances(t, tenantId, d.id)).toMatchObject({ availableFen: 100_000, withdrawingFen: 0 });
    const row1 = await row(tenantId, w.id);
    expect(row1.reason).toMatch(/ACCOUNT_NOT_EXIST/);
    expect(row1.taxMonth).toBeNull();
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
  });

  it("processing stays paying; a later run (the sweep) records the result", async () => {
    fakes.ali.mode = "processing";
    const { tenantId, w } = await setup("alipay");
    expect(await executePayout(t.db, tenantId, w.id, { providers: fakes.providers })).toMatchObject({ state: "processing", status: "paying" });
    fakes.ali.settle(w.outBillNo, "success");
    const s = await sweepPayouts(t.db, { providers: fakes.providers, tenantId, pollAfterMs: 0 });
    expect(s).toMatchObject({ runs: 1, paid: 1, failures: [] });
    expect((await row(tenantId, w.id)).status).toBe("paid");
  });

  it("flexible platform: pays with the decrypted card and the real name", async () => {
    fakes.flex.mode = "success";
    const { tenantId, w } = await setup("bank");
    // Routing to the platform is decided at request (withdrawals slice); here set directly.
    await withTenant(t.db, tenantId, (tx) => tx.update(withdrawals).set({ channel: "flexible" }).where(eq(withdrawals.id, w.id)));
    expect(await executePayout(t.db, tenantId, w.id, { providers: fakes.providers })).toMatchObject({ state: "succeeded", status: "paid" });
    expect(fakes.flex.bills.get(w.outBillNo)!.request).toMatchObject({ payee: { name: "张三", bank_account: "6222020200112233445" } });
    // The card number never reaches the attempt row.
    expect(JSON.stringify(await attempts(tenantId, w.id))).not.toContain("6222020200112233445");
  });

  it("two runs at once (the job and the sweeper): one sends, the other stands aside; paid once", async () => {
    fakes.ali.mode = "success";
    const { tenantId, w } = await setup("alipay");
    const runs = await Promise.all([executePayout(t.db, tenantId, w.id, { providers: fakes.providers }), executePayout(t.db, tenantId, w.id, { providers: fakes.providers })]);
    expect(runs.filter((r) => r.action === "sent")).toHaveLength(1);
    expect((await row(tenantId, w.id)).status).toBe("paid");
    expect(await attempts(tenantId, w.id)).toHaveLength(1);
    expect(fakes.ali.payments(w.outBillNo)).toBe(1);
  });

  it("bank withdrawals are left to the bank batch; a channel without a configured provider waits, approved", async () => {
    const bank = await setup("bank");
    expect(await executePayout(t.db, bank.tenantId, bank.w.id, { providers: fakes.providers })).toMatchObject({ action: "skipped", state: "bank_batch" });
    const wx = await setup("wechat");
    expect(await executePayout(t.db, wx.tenantId, wx.w.id, { providers: {} })).toMatchObject({ action: "skipped", state: "no_provider", status: "approved" });
    expect(await attempts(wx.tenantId, wx.w.id)).toHaveLength(0);
  });
});

describe("WeChat confirmation", () => {
  it("waiting for confirmation: package_info on the attempt; the verified callback after the recipient confirms marks it paid (twice is harmless)", async () => {
    fakes.wx.mode = "waiting_confirmation";
    const { tenantId, w } = await setup("wechat");
    expect(await executePayout(t.db, tenantId, w.id, { providers: fakes.providers })).toMatchObject({ state: "waiting_confirmation", status: "waiting_confirmation" });
    const [a] = await attempts(tenantId, w.id);
    expect(a!.packageInfo).toBeTruthy();
    const waiting = await row(tenantId, w.id);
    expect(waiting.expiresAt!.getTime() - Date.now()).toBeGreaterThan(23 * HOUR);

    fakes.wx.settle(w.outBillNo, "success");
    const note = fakes.wx.notification(w.outBillNo);
    const v = verifyWechatNotification(fakeWechatConfig(fakes.wx.keys, fakes.wx.url), note.headers, note.body);
    expect(await applyProviderCallback(t.db, "wechat", v.bill.out_bill_no!, v.outcome)).toBe(1);
    expect(await applyProviderCallback(t.db, "wechat", v.bill.out_bill_no!, v.outcome)).toBe(1);
    expect((await row(tenantId, w.id)).status).toBe("paid");
    const paidEvents = await withTenant(t.db, tenantId, (tx) => tx.select().from(withdrawalEvents).where(and(eq(withdrawalEvents.withdrawalId, w.id), eq(withdrawalEvents.toStatus, "paid"))));
    expect(paidEvents).toHaveLength(1);
    expect(paidEvents[0]!.actorType).toBe("provider");
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
  });

  it("not confirmed in 24 h: the sweep cancels the bill at WeChat, then returns the funds as expired", async () => {
    fakes.wx.mode = "waiting_confirmation";
    const { tenantId, d, w } = await setup("wechat");
    await executePayout(t.db, tenantId, w.id, { providers: fakes.providers });
    // Within the window the sweep only polls: still waiting.
    await sweepPayouts(t.db, { providers: fakes.providers, tenantId, pollAfterMs: 0 });
    expect((await row(tenantId, w.id)).status).toBe("waiting_confirmation");
    const later = new Date(Date.now() + 25 * HOUR);
    const s = await sweepPayouts(t.db, { providers: fakes.providers, tenantId, now: later });
    expect(s).toMatchObject({ runs: 1, returned: 1 });
    expect(fakes.wx.bills.get(w.outBillNo)!.state).toBe("cancelled");
    expect(posts(fakes.wx, "/cancel")).toBeGreaterThan(0);
    const expired = await row(tenantId, w.id);
    expect(expired.status).toBe("expired");
    expect(await balances(t, tenantId, d.id)).toMatchObject({ availableFen: 100_000, withdrawingFen: 0 });
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
    expect(fakes.wx.payments(w.outBillNo)).toBe(0);
  });

  it("confirmed just before the expiry sweep: the cancel is refused and the withdrawal is paid, not expired", async () => {
    fakes.wx.mode = "waiting_confirmation";
    const { tenantId, w } = await setup("wechat");
    await executePayout(t.db, tenantId, w.id, { providers: fakes.providers });
    fakes.wx.settle(w.outBillNo, "success");
    await sweepPayouts(t.db, { providers: fakes.providers, tenantId, now: new Date(Date.now() + 25 * HOUR) });
    expect((await row(tenantId, w.id)).status).toBe("paid");
  });

  it("a callback for a bill nobody sent through WeChat matches nothing", async () => {
    expect(await applyProviderCallback(t.db, "wechat", "W20990101NOPE000000", { state: "succeeded", providerRef: "x", paidAt: null })).toBe(0);
  });
});
