/** The WeChat callback handler: verified callbacks record the outcome; anything unverifiable changes nothing. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withdrawals } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { balances } from "@/server/orders/testing";
import { executePayout } from "./executor";
import { fakeWechatConfig } from "./fake/wechat";
import { approvedWithdrawal, fakeProviders, ledgerProblems, payee, payoutBrand } from "./testing";
import { handleWechatNotify } from "./wechat-notify";

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

const post = (note: { headers: Record<string, string>; body: string }) =>
  handleWechatNotify(new Request("http://x/api/payouts/wechat/notify", { method: "POST", headers: note.headers, body: note.body }), { db: t.db, config: fakeWechatConfig(fakes.wx.keys, fakes.wx.url) });

async function waiting() {
  fakes.wx.mode = "waiting_confirmation";
  const tenantId = await payoutBrand(t);
  const d = await payee(t, tenantId, 50_000);
  const w = await approvedWithdrawal(t, tenantId, d.id, "wechat", 10_000);
  await executePayout(t.db, tenantId, w.id, { providers: fakes.providers });
  const status = async () => withTenant(t.db, tenantId, async (tx) => (await tx.select({ s: withdrawals.status }).from(withdrawals).where(eq(withdrawals.id, w.id)))[0]!.s);
  return { tenantId, d, w, status };
}

describe("POST /api/payouts/wechat/notify", () => {
  it("a verified SUCCESS marks the withdrawal paid (204); the same callback again is harmless", async () => {
    const { tenantId, w, status } = await waiting();
    fakes.wx.settle(w.outBillNo, "success");
    const note = fakes.wx.notification(w.outBillNo);
    expect((await post(note)).status).toBe(204);
    expect((await post(note)).status).toBe(204);
    expect(await status()).toBe("paid");
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
  });

  it("a verified CANCELLED (the recipient never confirmed) returns the funds", async () => {
    const { tenantId, d, w, status } = await waiting();
    fakes.wx.settle(w.outBillNo, "cancelled");
    expect((await post(fakes.wx.notification(w.outBillNo))).status).toBe(204);
    expect(await status()).toBe("cancelled");
    expect(await balances(t, tenantId, d.id)).toMatchObject({ availableFen: 50_000, withdrawingFen: 0 });
  });

  it("tampered or unsigned callbacks are refused (401) and change nothing", async () => {
    const { w, status } = await waiting();
    fakes.wx.settle(w.outBillNo, "success");
    const note = fakes.wx.notification(w.outBillNo);
    expect((await post({ headers: note.headers, body: note.body.replace('"id":"', '"id":"x') })).status).toBe(401);
    const { "Wechatpay-Signature": _sig, ...unsigned } = note.headers;
    expect((await post({ headers: unsigned, body: note.body })).status).toBe(401);
    expect(await status()).toBe("waiting_confirmation");
  });

  it("refuses a body over 64 KB, even one sent without a length (chunked), before verifying anything", async () => {
    const big = new TextEncoder().encode("x".repeat(70 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < big.length; i += 8192) c.enqueue(big.subarray(i, i + 8192));
        c.close();
      },
    });
    const req = new Request("http://x/api/payouts/wechat/notify", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const res = await handleWechatNotify(req, { db: t.db, config: fakeWechatConfig(fakes.wx.keys, fakes.wx.url) });
    expect(res.status).toBe(413);
  });

  it("answers 404 when WeChat Pay is not configured", async () => {
    const res = await handleWechatNotify(new Request("http://x", { method: "POST", body: "{}" }), { db: t.db, config: null });
    expect(res.status).toBe(404);
  });
});
