/**
 * Outbound webhooks end to end against a real receiver on 127.0.0.1 (private targets allowed
 * explicitly, as the dev setting does): the outbox is written with the change and only then,
 * signatures verify with an independent implementation, retries, ordering, SSRF, disabling.
 */
import crypto from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLogs, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { ingestOrders } from "@/server/orders/ingest";
import { settleAll } from "@/server/settlement/run";
import { applyAsDistributor, reviewApplications } from "@/server/network/distributors";
import { buyer } from "@/server/network/test-helpers";
import { requestWithdrawal } from "@/server/payouts/withdrawals/request";
import { approveWithdrawal, rejectWithdrawal } from "@/server/payouts/withdrawals/review";
import { ALL_CHANNELS, fundedDistributor, setSettings } from "@/server/payouts/withdrawals/testing";
import { markPaid } from "@/server/payouts/withdrawals/transitions";
import { deliverTenant, type DispatchOptions } from "./deliver";
import { createEndpoint, deleteEndpoint, rotateSecret, sendTestEvent } from "./endpoints";
import { VERIFY_SAMPLE, webhooksDoc } from "./docs";
import { emitMemberGrowthChanged, emitRiskCaseOpened } from "./emit";
import { startReceiver, type Receiver } from "./testing";

let t: Database;
let rx: Receiver;
beforeAll(async () => {
  t = await createTestDatabase();
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  await t.close();
});

const LOCAL: DispatchOptions = { allowPrivate: true, timeoutMs: 2_000 };
const DAY = 86_400_000;

/**
 * The receiver's side, written here from the documented scheme with node:crypto alone (not the
 * app's signature module): split the header, HMAC-SHA256 `${t}.${body}` with the secret, compare
 * in constant time against every v1, and check the timestamp is within five minutes.
 */
function referenceVerify(header: string, body: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const parts = header.split(",").map((p) => p.split("="));
  const ts = parts.find(([k]) => k === "t")?.[1];
  const sigs = parts.filter(([k]) => k === "v1").map(([, v]) => v!);
  if (!ts || !sigs.length || Math.abs(nowSeconds - Number(ts)) > 300) return false;
  const mac = crypto.createHmac("sha256", Buffer.from(secret, "utf8")).update(`${ts}.${body}`, "utf8").digest();
  return sigs.some((s) => {
    const got = Buffer.from(s, "hex");
    return got.length === mac.length && crypto.timingSafeEqual(got, mac);
  });
}

async function brandWithEndpoint(events: string[], url = rx.url) {
  const tenantId = await moneyBrand(t, { commissionLevels: 2 });
  await addRule(t, tenantId, FLAT_RULE);
  const made = await withTenant(t.db, tenantId, (tx) => createEndpoint(tx, ADMIN, { url, events, description: "test" }, { allowPrivate: true }));
  return { tenantId, endpointId: made.endpoint.id, secret: made.secret };
}

async function deliveriesOf(tenantId: string) {
  return withTenant(t.db, tenantId, (tx) => tx.select().from(webhookDeliveries).orderBy(webhookDeliveries.eventSeq));
}

/** Requests the receiver got for events of these ids, in arrival order. */
const arrivals = (eventIds: Set<string>) => rx.received.filter((r) => eventIds.has(r.json.id));

async function eventIdsOf(tenantId: string) {
  return new Set((await withTenant(t.db, tenantId, (tx) => tx.select({ id: webhookEvents.id }).from(webhookEvents))).map((e) => e.id));
}

describe("delivery after commit", () => {
  it("delivers order.attributed then commission.created per order, each signed so an independent verifier accepts it", async () => {
    const { tenantId, secret } = await brandWithEndpoint(["order.attributed", "commission.*"]);
    const [A, B] = await chain(t.db, tenantId, ["A", "B"]);
    const orders = [orderInput({ referralCode: B!.code }), orderInput({ referralCode: B!.code, items: [{ sku: "SKU-2", quantity: 2, amountFen: 5_000 }] })];
    const out = await ingest(t, tenantId, orders);
    const summary = await deliverTenant(t.db, tenantId, LOCAL);
    expect(summary).toMatchObject({ attempted: 6, succeeded: 6 });

    const got = arrivals(await eventIdsOf(tenantId));
    expect(got).toHaveLength(6);
    for (const r of got) {
      expect(referenceVerify(String(r.headers["fenxiao-signature"]), r.body, secret)).toBe(true);
      expect(referenceVerify(String(r.headers["fenxiao-signature"]), r.body, "whsec_wrong")).toBe(false);
      expect(r.headers["fenxiao-event-id"]).toBe(r.json.id);
    }
    for (const o of out) {
      const mine = got.filter((r) => r.json.data.orderId === o.orderId).map((r) => `${r.json.type}:${String(r.json.data.distributorCode)}`);
      // Tier 1 (B) and tier 2 (A): both commissions, after the attribution.
      expect(mine[0]).toBe(`order.attributed:${B!.code}`);
      expect(mine.slice(1).sort()).toEqual([`commission.created:${A!.code}`, `commission.created:${B!.code}`].sort());
    }
    const c = got.find((r) => r.json.type === "commission.created" && r.json.data.distributorCode === B!.code && r.json.data.sku === "SKU-2")!;
    expect(c.json.data).toMatchObject({ tier: 1, amountFen: 500, status: "pending", externalId: orders[1]!.externalId });
    // Delivered once: another run sends nothing.
    expect(await deliverTenant(t.db, tenantId, LOCAL)).toMatchObject({ attempted: 0 });
  });

  it("writes and delivers nothing for a change that rolled back", async () => {
    const { tenantId } = await brandWithEndpoint(["order.attributed", "commission.created"]);
    const [D] = await chain(t.db, tenantId, ["D"]);
    await expect(
      withTenant(t.db, tenantId, async (tx) => {
        await ingestOrders(tx, { tenantId, actor: { type: "api", id: null }, source: "api" }, [orderInput({ referralCode: D!.code })]);
        expect((await tx.select().from(webhookEvents)).length).toBe(2);
        throw new Error("the caller failed after ingest");
      }),
    ).rejects.toThrow("the caller failed");
    expect(await eventIdsOf(tenantId)).toEqual(new Set());
    expect(await deliveriesOf(tenantId)).toEqual([]);
    const before = rx.received.length;
    expect(await deliverTenant(t.db, tenantId, LOCAL)).toMatchObject({ attempted: 0 });
    expect(rx.received.length).toBe(before);
  });

  it("writes no outbox rows for a brand whose endpoints do not subscribe, or are disabled", async () => {
    const { tenantId, endpointId } = await brandWithEndpoint(["withdrawal.paid"]);
    const [D] = await chain(t.db, tenantId, ["D"]);
    await ingest(t, tenantId, [orderInput({ referralCode: D!.code })]);
    await withTenant(t.db, tenantId, (tx) => tx.update(webhookEndpoints).set({ events: ["order.attributed"], enabled: false }).where(eq(webhookEndpoints.id, endpointId)));
    await ingest(t, tenantId, [orderInput({ referralCode: D!.code })]);
    expect(await eventIdsOf(tenantId)).toEqual(new Set());
  });

  it("emits commission.settled from the settlement sweep and commission.clawed_back on a refund, in the order's order", async () => {
    const { tenantId } = await brandWithEndpoint(["commission.settled", "commission.clawed_back"]);
    const [D] = await chain(t.db, tenantId, ["D"]);
    const o = orderInput({ referralCode: D!.code, status: "completed", paidAt: new Date(Date.now() - 20 * DAY).toISOString(), completedAt: new Date(Date.now() - 10 * DAY).toISOString() });
    const { orderId } = (await ingest(t, tenantId, [o]))[0]!;
    await settleAll(t.db, { tenantId });
    await sendEvent(t, tenantId, o, { type: "refund", refundId: "r1", items: [{ sku: "SKU-1", amountFen: 4_000 }], at: new Date().toISOString() });
    await deliverTenant(t.db, tenantId, LOCAL);
    const got = arrivals(await eventIdsOf(tenantId));
    expect(got.map((r) => r.json.type)).toEqual(["commission.settled", "commission.clawed_back"]);
    expect(got[0]!.json.data).toMatchObject({ orderId, distributorCode: D!.code, amountFen: 1_000 });
    expect(got[1]!.json.data).toMatchObject({ orderId, distributorCode: D!.code, previousAmountFen: 1_000, amountFen: 600, clawedBackFen: 400, wasSettled: true });
  });

  it("emits withdrawal.* for each state a withdrawal reaches, in order, and distributor.approved on approval", async () => {
    const { tenantId } = await brandWithEndpoint(["withdrawal.*", "distributor.approved"]);
    await withTenant(t.db, tenantId, (tx) => setSettings(tx, tenantId, ALL_CHANNELS));
    const d = await fundedDistributor(t.db, tenantId, 100_000);
    const staff = { type: "staff" as const, id: "00000000-0000-7000-8000-0000000000a1" };
    const paid = await withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, d.id, { channel: "bank", amountFen: 30_000 }));
    await withTenant(t.db, tenantId, (tx) => approveWithdrawal(tx, tenantId, paid.id, staff));
    await withTenant(t.db, tenantId, (tx) => markPaid(tx, tenantId, paid.id, { paidAt: new Date() }, { type: "provider", id: null }));
    const rejected = await withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, d.id, { channel: "bank", amountFen: 10_000 }));
    await withTenant(t.db, tenantId, (tx) => rejectWithdrawal(tx, tenantId, rejected.id, "wrong card", staff));
    const applicant = await withTenant(t.db, tenantId, async (tx) => applyAsDistributor(tx, await buyer(tx), { name: "Applicant", region: "杭州" }));
    await withTenant(t.db, tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [applicant.id], decision: "approve" }));
    await deliverTenant(t.db, tenantId, LOCAL);
    const got = arrivals(await eventIdsOf(tenantId));
    const of = (id: string) => got.filter((r) => r.json.data.withdrawalId === id).map((r) => r.json.type);
    expect(of(paid.id)).toEqual(["withdrawal.requested", "withdrawal.approved", "withdrawal.paid"]);
    expect(of(rejected.id)).toEqual(["withdrawal.requested", "withdrawal.rejected"]);
    expect(got.find((r) => r.json.type === "withdrawal.rejected")!.json.data).toMatchObject({ reason: "wrong card", fromStatus: "reviewing", amountFen: 10_000, distributorCode: d.code });
    const approved = got.filter((r) => r.json.type === "distributor.approved").map((r) => r.json.data);
    // The fixture's distributor (made active) and the approved applicant.
    expect(approved.map((a) => a.distributorId)).toEqual(expect.arrayContaining([d.id, applicant.id]));
  });

  it("exports emitters for risk cases and growth changes that deliver like the others", async () => {
    const { tenantId } = await brandWithEndpoint(["risk.case_opened", "member.growth_changed"]);
    const memberId = crypto.randomUUID();
    await withTenant(t.db, tenantId, async (tx) => {
      await emitRiskCaseOpened(tx, tenantId, { caseId: "c1", subjectType: "order", subjectId: "o1", verdict: "review", rules: [{ code: "self_purchase" }], openedAt: new Date().toISOString() });
      await emitMemberGrowthChanged(tx, tenantId, { memberId, growthValue: 120, delta: 20, reason: "order", changedAt: new Date().toISOString() });
    });
    await deliverTenant(t.db, tenantId, LOCAL);
    const got = arrivals(await eventIdsOf(tenantId));
    expect(got.map((r) => r.json.type).sort()).toEqual(["member.growth_changed", "risk.case_opened"]);
  });
});

describe("retries", () => {
  it("retries after a 500 with backoff, and logs each attempt with its status and duration", async () => {
    const { tenantId } = await brandWithEndpoint(["risk.case_opened"]);
    await withTenant(t.db, tenantId, (tx) => emitRiskCaseOpened(tx, tenantId, { caseId: "c", subjectType: "order", subjectId: "o", verdict: "review", rules: [], openedAt: new Date().toISOString() }));
    const start = Date.now();
    rx.script.push(500);
    expect(await deliverTenant(t.db, tenantId, { ...LOCAL, now: () => new Date(start) })).toMatchObject({ attempted: 1, succeeded: 0 });
    // Not due again until the backoff has passed.
    expect(await deliverTenant(t.db, tenantId, { ...LOCAL, now: () => new Date(start + 10_000) })).toMatchObject({ attempted: 0 });
    expect(await deliverTenant(t.db, tenantId, { ...LOCAL, now: () => new Date(start + 31_000) })).toMatchObject({ attempted: 1, succeeded: 1 });
    const [d] = await deliveriesOf(tenantId);
    expect(d).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200 });
    const log = await withTenant(t.db, tenantId, (tx) => tx.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, d!.id)).orderBy(webhookAttempts.attemptNo));
    expect(log.map((a) => a.statusCode)).toEqual([500, 200]);
    expect(log.every((a) => a.durationMs >= 0)).toBe(true);
  });

  it("retries after a timeout (no answer within the deadline)", async () => {
    const { tenantId } = await brandWithEndpoint(["risk.case_opened"]);
    await withTenant(t.db, tenantId, (tx) => emitRiskCaseOpened(tx, tenantId, { caseId: "c", subjectType: "order", subjectId: "o", verdict: "review", rules: [], openedAt: new Date().toISOString() }));
    const start = Date.now();
    rx.script.push("hang");
    await deliverTenant(t.db, tenantId, { ...LOCAL, timeoutMs: 300, now: () => new Date(start) });
    let [d] = await deliveriesOf(tenantId);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(d!.lastError).toMatch(/timed out/);
    await deliverTenant(t.db, tenantId, { ...LOCAL, now: () => new Date(start + 60_000) });
    [d] = await deliveriesOf(tenantId);
    expect(d).toMatchObject({ status: "succeeded", attempts: 2 });
  });

  it("gives up after the last attempt, and the next event of the same order goes only after the earlier one is done", async () => {
    const { tenantId } = await brandWithEndpoint(["risk.case_opened"]);
    const orderId = crypto.randomUUID();
    await withTenant(t.db, tenantId, async (tx) => {
      await emitRiskCaseOpened(tx, tenantId, { caseId: "first", orderId, subjectType: "order", subjectId: orderId, verdict: "review", rules: [], openedAt: new Date().toISOString() });
    });
    await withTenant(t.db, tenantId, async (tx) => {
      await emitRiskCaseOpened(tx, tenantId, { caseId: "second", orderId, subjectType: "order", subjectId: orderId, verdict: "block", rules: [], openedAt: new Date().toISOString() });
      // Another order's event is not held up by the first order's failing one.
      await emitRiskCaseOpened(tx, tenantId, { caseId: "other", orderId: crypto.randomUUID(), subjectType: "order", subjectId: "x", verdict: "review", rules: [], openedAt: new Date().toISOString() });
    });
    const ids = await eventIdsOf(tenantId);
    const start = Date.now();
    rx.rule = (r) => (r.json.data.caseId === "first" ? 503 : undefined);
    await deliverTenant(t.db, tenantId, { ...LOCAL, maxAttempts: 2, now: () => new Date(start) });
    // "first" failed once; "second" waits behind it; "other" went.
    expect(arrivals(ids).map((r) => r.json.data.caseId)).toEqual(["first", "other"]);
    await deliverTenant(t.db, tenantId, { ...LOCAL, maxAttempts: 2, now: () => new Date(start + 60_000) });
    rx.rule = null;
    // "first" failed for good on its second attempt; then "second" was delivered.
    expect(arrivals(ids).map((r) => r.json.data.caseId)).toEqual(["first", "other", "first", "second"]);
    const statuses = (await deliveriesOf(tenantId)).map((d) => d.status);
    expect(statuses).toEqual(["failed", "succeeded", "succeeded"]);
  });
});

describe("ordering per order", () => {
  it("delivers one order's events in the order they happened, even when an early one needs a retry", async () => {
    const { tenantId } = await brandWithEndpoint(["order.attributed", "commission.created", "commission.settled", "commission.clawed_back"]);
    const [D] = await chain(t.db, tenantId, ["D"]);
    const o = orderInput({ referralCode: D!.code, status: "completed", paidAt: new Date(Date.now() - 20 * DAY).toISOString(), completedAt: new Date(Date.now() - 10 * DAY).toISOString() });
    await ingest(t, tenantId, [o]);
    await settleAll(t.db, { tenantId });
    await sendEvent(t, tenantId, o, { type: "refund", refundId: "r", items: [{ sku: "SKU-1", amountFen: 10_000 }], at: new Date().toISOString() });
    const ids = await eventIdsOf(tenantId);
    const start = Date.now();
    rx.script.push(500);
    await deliverTenant(t.db, tenantId, { ...LOCAL, now: () => new Date(start) });
    expect(arrivals(ids)).toHaveLength(1);
    await deliverTenant(t.db, tenantId, { ...LOCAL, now: () => new Date(start + 60_000) });
    expect(arrivals(ids).map((r) => r.json.type)).toEqual(["order.attributed", "order.attributed", "commission.created", "commission.settled", "commission.clawed_back"]);
  });
});

describe("endpoint health", () => {
  it("disables an endpoint after the configured failures in a row and stops sending to it", async () => {
    const { tenantId, endpointId } = await brandWithEndpoint(["risk.case_opened"]);
    await withTenant(t.db, tenantId, async (tx) => {
      for (const caseId of ["a", "b", "c"]) {
        await emitRiskCaseOpened(tx, tenantId, { caseId, subjectType: "member", subjectId: caseId, verdict: "review", rules: [], openedAt: new Date().toISOString() });
      }
    });
    rx.script.push(500, 500, 500);
    const r = await deliverTenant(t.db, tenantId, { ...LOCAL, disableAfterFailures: 3 });
    expect(r).toMatchObject({ attempted: 3, disabled: 1 });
    const [e] = await withTenant(t.db, tenantId, (tx) => tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)));
    expect(e).toMatchObject({ enabled: false, disabledReason: "failures", consecutiveFailures: 3 });
    // Due again later, but the endpoint is off: nothing is sent.
    expect(await deliverTenant(t.db, tenantId, { ...LOCAL, now: () => new Date(Date.now() + DAY) })).toMatchObject({ attempted: 0 });
    // The audit log says why; deleting the endpoint takes its deliveries and their log with it.
    const log = await withTenant(t.db, tenantId, (tx) => tx.select().from(auditLogs).where(eq(auditLogs.action, "webhook.endpoint_disabled")));
    expect(log).toHaveLength(1);
    await withTenant(t.db, tenantId, (tx) => deleteEndpoint(tx, ADMIN, endpointId));
    expect(await deliveriesOf(tenantId)).toEqual([]);
    expect(await withTenant(t.db, tenantId, (tx) => tx.select().from(webhookAttempts))).toEqual([]);
  });
});

describe("SSRF", () => {
  it("refuses endpoints on loopback, private and link-local addresses unless private targets are allowed", async () => {
    const tenantId = await moneyBrand(t);
    const make = (url: string, allowPrivate: boolean, resolve?: (h: string) => Promise<{ address: string; family: number }[]>) =>
      withTenant(t.db, tenantId, (tx) => createEndpoint(tx, ADMIN, { url, events: ["order.attributed"] }, { allowPrivate, resolve }));
    await expect(make(rx.url, false)).rejects.toMatchObject({ code: "UNPROCESSABLE", fields: { url: "webhook_target_refused" } });
    await expect(make("https://10.1.2.3/x", false)).rejects.toMatchObject({ fields: { url: "webhook_target_refused" } });
    await expect(make("https://[::1]/x", false)).rejects.toMatchObject({ fields: { url: "webhook_target_refused" } });
    // A public-looking name that resolves inside.
    await expect(make("https://hooks.example.com/x", false, () => Promise.resolve([{ address: "192.168.1.5", family: 4 }]))).rejects.toMatchObject({ fields: { url: "webhook_target_refused" } });
    // Link-local (cloud metadata) stays refused even with the development allowance.
    await expect(make("http://169.254.169.254/latest", true)).rejects.toMatchObject({ fields: { url: "webhook_target_refused" } });
    await expect(make("http://example.com/x", false, () => Promise.resolve([{ address: "93.184.216.34", family: 4 }]))).rejects.toMatchObject({ fields: { url: "webhook_target_refused" } });
    const ok = await make("https://hooks.example.com/x", false, () => Promise.resolve([{ address: "93.184.216.34", family: 4 }]));
    expect(ok.endpoint.url).toBe("https://hooks.example.com/x");
    // Not left behind for a dispatcher to resolve for real.
    await withTenant(t.db, tenantId, (tx) => deleteEndpoint(tx, ADMIN, ok.endpoint.id));
  });

  it("checks again at delivery: a saved endpoint is not sent to once private targets are not allowed", async () => {
    const { tenantId } = await brandWithEndpoint(["risk.case_opened"]);
    await withTenant(t.db, tenantId, (tx) => emitRiskCaseOpened(tx, tenantId, { caseId: "c", subjectType: "order", subjectId: "o", verdict: "review", rules: [], openedAt: new Date().toISOString() }));
    const ids = await eventIdsOf(tenantId);
    await deliverTenant(t.db, tenantId, { ...LOCAL, allowPrivate: false });
    expect(arrivals(ids)).toHaveLength(0);
    const [d] = await deliveriesOf(tenantId);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(d!.lastError).toMatch(/^refused: /);
  });
});

describe("secrets", () => {
  it("stores the secret sealed, and after a rotation signs with both until the grace period ends", async () => {
    const { tenantId, endpointId, secret } = await brandWithEndpoint(["risk.case_opened"]);
    const [row] = await withTenant(t.db, tenantId, (tx) => tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)));
    expect(row!.secretSealed).not.toContain(secret);
    expect(row!.secretSealed).not.toContain(secret.slice(6));
    const rotated = await withTenant(t.db, tenantId, (tx) => rotateSecret(tx, ADMIN, endpointId, { graceHours: 1 }));
    expect(rotated.secret).not.toBe(secret);
    await withTenant(t.db, tenantId, (tx) => sendTestEvent(tx, endpointId));
    await deliverTenant(t.db, tenantId, LOCAL);
    const [got] = arrivals(await eventIdsOf(tenantId));
    const header = String(got!.headers["fenxiao-signature"]);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(referenceVerify(header, got!.body, rotated.secret)).toBe(true);
    expect(referenceVerify(header, got!.body, secret)).toBe(true);
    // After the grace period only the new secret signs.
    await withTenant(t.db, tenantId, (tx) => sendTestEvent(tx, endpointId));
    await deliverTenant(t.db, tenantId, { ...LOCAL, now: () => new Date(Date.now() + 2 * 3600_000) });
    const later = arrivals(await eventIdsOf(tenantId))[1]!;
    const h2 = String(later.headers["fenxiao-signature"]);
    expect(h2.match(/v1=/g)).toHaveLength(1);
    expect(referenceVerify(h2, later.body, rotated.secret)).toBe(true);
    expect(referenceVerify(h2, later.body, secret)).toBe(false);
    expect(later.json.type).toBe("webhook.test");
  });
});

describe("the documented verification", () => {
  it("the docs' Node.js sample, run as it is printed, accepts real deliveries and refuses tampered ones", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "fx-verify-")), "verify.mjs");
    await writeFile(file, VERIFY_SAMPLE);
    const { verifyFenxiaoSignature } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
      verifyFenxiaoSignature: (header: string, body: string, secret: string) => boolean;
    };
    const { tenantId, endpointId, secret } = await brandWithEndpoint(["risk.case_opened"]);
    await withTenant(t.db, tenantId, (tx) => sendTestEvent(tx, endpointId));
    await deliverTenant(t.db, tenantId, LOCAL);
    const [got] = arrivals(await eventIdsOf(tenantId));
    const header = String(got!.headers["fenxiao-signature"]);
    expect(verifyFenxiaoSignature(header, got!.body, secret)).toBe(true);
    expect(verifyFenxiaoSignature(header, got!.body.replace("test", "tost"), secret)).toBe(false);
    const stale = header.replace(/t=\d+/, `t=${Math.floor(Date.now() / 1000) - 301}`);
    expect(verifyFenxiaoSignature(stale, got!.body, secret)).toBe(false);
    expect(webhooksDoc()).toContain(VERIFY_SAMPLE);
    expect(webhooksDoc()).toContain("5 minutes");
  });
});
