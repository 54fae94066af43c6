/** The Inngest functions, run with @inngest/test against a real database (sleeps are mocked). */
import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { applyAsDistributor, reviewApplications } from "@/server/network/distributors";
import { ADMIN, buyer, chain, nextPhone } from "@/server/network/test-helpers";
import { notifications, webhookDeliveries, webhookEvents } from "@/db/schema";
import { eq, sql } from "drizzle-orm";
import { rememberMemberContact } from "@/server/portal/member";
import { listOutbox } from "@/server/sms/outbox";
import { createBrandFixture } from "@/server/testing/fixtures";
import { addRule, balances, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent, view } from "@/server/orders/testing";
import { createJobFunctions } from "./functions";

let t: Database;
let fns: ReturnType<typeof createJobFunctions>;
beforeAll(async () => {
  t = await createTestDatabase();
  fns = createJobFunctions(() => Promise.resolve(t.db));
});
afterAll(async () => t.close());

const DAY = 86_400_000;
const engine = (id: string) =>
  new InngestTestEngine({
    function: fns.find((f) => f.id() === id)! as never,
    // No Inngest server here: the sleep step is answered at once, as if its time had come.
    steps: [{ id: "after-sales-window", handler: () => undefined }],
  });

async function completedOrder(daysAgo: number) {
  const tenantId = await moneyBrand(t, { commissionLevels: 1 });
  await addRule(t, tenantId, FLAT_RULE);
  const [D] = await chain(t.db, tenantId, ["D"]);
  const o = orderInput({ referralCode: D!.code, paidAt: new Date(Date.now() - (daysAgo + 1) * DAY).toISOString(), status: "completed", completedAt: new Date(Date.now() - daysAgo * DAY).toISOString() });
  const [out] = await ingest(t, tenantId, [o]);
  return { tenantId, D: D!, o, orderId: out!.orderId };
}

describe("settle-order", () => {
  it("sleeps until the order's settleAfter, then settles that order's due commissions", async () => {
    const { tenantId, D, o, orderId } = await completedOrder(10);
    const settleAfter = (await view(t, tenantId, o)).settleAfter!;
    const { result, ctx } = await engine("settle-order").execute({
      events: [{ name: "order/completed", data: { tenantId, orderId, settleAfter } }],
    });
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("after-sales-window", new Date(settleAfter));
    expect(result).toEqual({ commissions: 1, settledFen: 1000, offsetFen: 0 });
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, availableFen: 1000 });
    // Taken off the sweep's queue with it, so no sweep passes over it again.
    const queued = await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select count(*)::int as n from commission_due`));
    expect(rowsOf<{ n: number }>(queued)[0]!.n).toBe(0);
  });

  it("woken early (a retry, a changed window) it settles nothing: the state decides", async () => {
    const { tenantId, D, orderId } = await completedOrder(1);
    const { result } = await engine("settle-order").execute({
      events: [{ name: "order/completed", data: { tenantId, orderId, settleAfter: new Date().toISOString() } }],
    });
    expect(result).toEqual({ commissions: 0, settledFen: 0, offsetFen: 0 });
    expect((await balances(t, tenantId, D.id)).pendingFen).toBe(1000);
  });
});

describe("claw-back-refund", () => {
  it("finds the refund already posted by the event and corrects nothing; running it twice is harmless", async () => {
    const { tenantId, D, o, orderId } = await completedOrder(2);
    await sendEvent(t, tenantId, o, { type: "refund", refundId: "r", items: [{ sku: "SKU-1", amountFen: 5_000 }], at: new Date().toISOString() });
    for (let i = 0; i < 2; i++) {
      const { result } = await engine("claw-back-refund").execute({ events: [{ name: "order/refunded", data: { tenantId, orderId } }] });
      expect(result).toEqual({ corrected: 0 });
    }
    expect((await balances(t, tenantId, D.id)).pendingFen).toBe(500);
  });
});

describe("settlement-sweep", () => {
  it("settles what is due in every brand and expires old idempotency results", async () => {
    const a = await completedOrder(30);
    const b = await completedOrder(30);
    const old = new Date(Date.now() - 25 * 3600_000);
    await withTenant(t.db, a.tenantId, (tx) =>
      tx.insert(idempotencyKeys).values([
        { tenantId: a.tenantId, key: "old", endpoint: "POST /api/v1/orders", requestHash: "h", status: 201, responseBody: "{}", createdAt: old },
        { tenantId: a.tenantId, key: "fresh", endpoint: "POST /api/v1/orders", requestHash: "h", status: 201, responseBody: "{}" },
      ]),
    );
    const { result } = await engine("settlement-sweep").execute();
    const keys = await withTenant(t.db, a.tenantId, (tx) => tx.select({ key: idempotencyKeys.key }).from(idempotencyKeys));
    expect(keys.map((k) => k.key)).toEqual(["fresh"]);
    expect((result as { settled: { commissions: number } }).settled.commissions).toBeGreaterThanOrEqual(2);
    expect((await balances(t, a.tenantId, a.D.id)).availableFen).toBe(1000);
    expect((await balances(t, b.tenantId, b.D.id)).availableFen).toBe(1000);
  });
});

describe("send-notification-sms", () => {
  /** An approved applicant's notification; `phone` false: a member who never signed in. */
  async function approved(phone: string | false) {
    const b = await createBrandFixture(t, "Jobs SMS");
    const d = await withTenant(t.db, b.tenantId, async (tx) => {
      const m = await buyer(tx, phone || undefined);
      if (phone) await rememberMemberContact(tx, m, { phone, locale: "en" });
      return applyAsDistributor(tx, m, { name: "Applicant", region: "杭州" });
    });
    await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "approve" }));
    const [n] = await withTenant(t.db, b.tenantId, (tx) => tx.select({ id: notifications.id }).from(notifications).where(eq(notifications.memberId, d.memberId)));
    return { tenantId: b.tenantId, notificationId: n!.id };
  }
  const smsTo = async (phone: string) => (await listOutbox(t.db, 500)).filter((m) => m.phone === phone).map((m) => m.body);

  it("sends the notification's SMS, composed from the row, in the member's language", async () => {
    const phone = nextPhone();
    const data = await approved(phone);
    // Without Inngest in tests, the request sent it itself; the job sends the same text.
    const before = await smsTo(phone);
    expect(before).toHaveLength(1);
    const { result } = await engine("send-notification-sms").execute({ events: [{ name: "notification/sms", data }] });
    expect(result).toEqual({ sent: true });
    expect(await smsTo(phone)).toEqual([before[0], before[0]]);
    expect(before[0]).toContain("Your application to distribute for Jobs SMS was approved.");
  });

  it("sends nothing for a member without a phone, or a notification of another brand", async () => {
    const quiet = await approved(false);
    expect((await engine("send-notification-sms").execute({ events: [{ name: "notification/sms", data: quiet }] })).result).toEqual({ sent: false });
    const other = await createBrandFixture(t, "Other jobs");
    const phone = nextPhone();
    const mine = await approved(phone);
    const { result } = await engine("send-notification-sms").execute({
      events: [{ name: "notification/sms", data: { tenantId: other.tenantId, notificationId: mine.notificationId } }],
    });
    expect(result).toEqual({ sent: false });
    expect(await smsTo(phone)).toHaveLength(1);
  });
});

describe("deliver-webhooks and webhook-sweep", () => {
  it("delivers a brand's pending webhooks when woken, and the cron retries what failed once its backoff passed", async () => {
    const { startReceiver } = await import("@/server/webhooks/testing");
    const { createEndpoint } = await import("@/server/webhooks/endpoints");
    const { emitRiskCaseOpened } = await import("@/server/webhooks/emit");
    const rx = await startReceiver();
    try {
      const local = createJobFunctions(() => Promise.resolve(t.db), { webhooks: { allowPrivate: true, timeoutMs: 2_000 } });
      const run = (id: string) => new InngestTestEngine({ function: local.find((f) => f.id() === id)! as never });
      const b = await createBrandFixture(t, "Jobs hooks");
      await withTenant(t.db, b.tenantId, (tx) => createEndpoint(tx, ADMIN, { url: rx.url, events: ["risk.case_opened"] }, { allowPrivate: true }));
      await withTenant(t.db, b.tenantId, (tx) =>
        emitRiskCaseOpened(tx, b.tenantId, { caseId: "j", subjectType: "order", subjectId: "o", verdict: "review", rules: [], openedAt: new Date().toISOString() }),
      );
      rx.script.push(500);
      const { result } = await run("deliver-webhooks").execute({ events: [{ name: "webhook/pending", data: { tenantId: b.tenantId } }] });
      expect(result).toMatchObject({ attempted: 1, succeeded: 0 });
      // Not due yet: the cron finds nothing for this brand until the backoff has passed.
      await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second'`));
      const swept = await run("webhook-sweep").execute();
      expect(swept.result).toMatchObject({ succeeded: 1 });
      expect(rx.received.map((r) => r.json.data.caseId)).toEqual(["j", "j"]);
    } finally {
      await rx.close();
    }
  });
});

describe("webhook-retention", () => {
  it("removes finished webhook history past the retention and keeps what still waits", async () => {
    const { createEndpoint } = await import("@/server/webhooks/endpoints");
    const b = await createBrandFixture(t, "Jobs retention");
    const { endpoint } = await withTenant(t.db, b.tenantId, (tx) => createEndpoint(tx, ADMIN, { url: "http://127.0.0.1:9/hooks", events: ["risk.case_opened"] }, { allowPrivate: true }));
    // Far older than any other test's history: a run with a year's retention (this database
    // may be shared by every test file) removes nothing of theirs.
    const old = new Date(Date.now() - 400 * DAY);
    await withTenant(t.db, b.tenantId, async (tx) => {
      for (const [key, status] of [["done", "succeeded"], ["waiting", "pending"]] as const) {
        const [ev] = await tx.insert(webhookEvents).values({ tenantId: b.tenantId, type: "risk.case_opened", orderingKey: key, data: { key }, createdAt: old }).returning();
        await tx.insert(webhookDeliveries).values({ tenantId: b.tenantId, eventId: ev!.id, endpointId: endpoint.id, orderingKey: key, eventSeq: ev!.seq, status, nextAttemptAt: status === "pending" ? new Date(Date.now() + DAY) : old, createdAt: old });
      }
    });
    const fns = createJobFunctions(() => Promise.resolve(t.db), { webhookRetention: { days: 365 } });
    const { result } = await new InngestTestEngine({ function: fns.find((f) => f.id() === "webhook-retention")! as never }).execute();
    expect(result).toMatchObject({ errors: 0 });
    const left = await withTenant(t.db, b.tenantId, (tx) =>
      tx.select({ key: webhookEvents.orderingKey, status: webhookDeliveries.status }).from(webhookEvents).innerJoin(webhookDeliveries, eq(webhookDeliveries.eventId, webhookEvents.id)),
    );
    expect(left).toEqual([{ key: "waiting", status: "pending" }]);
  });
});
