/** The `withdrawal/approved` Inngest function (pay-withdrawal) with @inngest/test, against the fake gateways. */
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withdrawals } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createJobFunctions } from "@/server/jobs/functions";
import { approvedWithdrawal, fakeProviders, payee, payoutBrand } from "./testing";

let t: Database;
let fakes: Awaited<ReturnType<typeof fakeProviders>>;
let fns: ReturnType<typeof createJobFunctions>;
beforeAll(async () => {
  t = await createTestDatabase();
  fakes = await fakeProviders();
  fns = createJobFunctions(() => Promise.resolve(t.db), { providers: fakes.providers });
});
afterAll(async () => {
  await fakes.close();
  await t.close();
});

// A fresh engine per run (DESIGN.md: Inngest's dev server is not available here).
const engine = () => new InngestTestEngine({ function: fns.find((f) => f.id() === "pay-withdrawal")! as never });
const status = (tenantId: string, id: string) => withTenant(t.db, tenantId, async (tx) => (await tx.select({ s: withdrawals.status }).from(withdrawals).where(eq(withdrawals.id, id)))[0]!.s);

describe("pay-withdrawal", () => {
  it("is triggered by withdrawal/approved, retries, and is limited per brand", () => {
    const fn = fns.find((f) => f.id() === "pay-withdrawal")!;
    const opts = (fn as unknown as { opts: { triggers: { event: string }[]; retries: number; concurrency: { key: string } } }).opts;
    expect(opts.triggers).toEqual([{ event: "withdrawal/approved" }]);
    expect(opts.retries).toBeGreaterThan(0);
    expect(opts.concurrency.key).toBe("event.data.tenantId");
  });

  it("pays the approved withdrawal", async () => {
    fakes.ali.mode = "success";
    const tenantId = await payoutBrand(t);
    const d = await payee(t, tenantId, 50_000);
    const w = await approvedWithdrawal(t, tenantId, d.id, "alipay", 20_000);
    const { result } = await engine().execute({ events: [{ name: "withdrawal/approved", data: { tenantId, withdrawalId: w.id } }] });
    expect(result).toMatchObject({ action: "sent", state: "succeeded", status: "paid", outBillNo: w.outBillNo });
    expect(await status(tenantId, w.id)).toBe("paid");
  });

  it("an unclear answer fails the step (so Inngest retries); the retry queries and records paid without a second payment", async () => {
    fakes.wx.mode = "timeout";
    fakes.wx.timeoutThen = "success";
    const tenantId = await payoutBrand(t);
    const d = await payee(t, tenantId, 50_000);
    const w = await approvedWithdrawal(t, tenantId, d.id, "wechat", 10_000);
    const event = { name: "withdrawal/approved", data: { tenantId, withdrawalId: w.id } };
    const first = await engine().execute({ events: [event] });
    expect(String((first.error as Error | undefined)?.message ?? first.error)).toMatch(/unknown/);
    expect(await status(tenantId, w.id)).toBe("paying");
    fakes.wx.mode = "success";
    const retry = await engine().execute({ events: [event] });
    expect(retry.result).toMatchObject({ action: "queried", state: "succeeded", status: "paid" });
    expect(fakes.wx.payments(w.outBillNo)).toBe(1);
  });

  it("a duplicate event for a paid withdrawal does nothing", async () => {
    fakes.ali.mode = "success";
    const tenantId = await payoutBrand(t);
    const d = await payee(t, tenantId, 50_000);
    const w = await approvedWithdrawal(t, tenantId, d.id, "alipay", 20_000);
    const event = { name: "withdrawal/approved", data: { tenantId, withdrawalId: w.id } };
    await engine().execute({ events: [event] });
    const again = await engine().execute({ events: [event] });
    expect(again.result).toMatchObject({ action: "skipped", state: "not_open", status: "paid" });
    expect(fakes.ali.payments(w.outBillNo)).toBe(1);
  });
});
