/**
 * Review decisions (issue 10 item 3): approve releases held commission, reject cancels it, each
 * with balanced journals; decisions are append-only and reversed only by a new decision; bulk
 * decisions report what they could not decide; the queue shows where each order stands; and
 * every procedure stays inside its brand.
 */
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ledgerSummary } from "@/server/ledger/balances";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, balances, daysAgo, FLAT_RULE, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { settleAll } from "@/server/settlement/run";
import { createStaffSession, getStaffSession, switchBrand } from "@/server/auth/staff-auth";
import { exportCsv } from "@/server/export/handler";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { outcomeOf } from "@/server/testing/outcomes";
import { bulkDecide, decideOrder } from "./decisions";
import { listQueue } from "./queue";
import { queueListInputSchema } from "./queue-schemas";
import { flaggedOrder } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function brand() {
  const tenantId = await moneyBrand(t, { commissionLevels: 1 });
  await addRule(t, tenantId, FLAT_RULE);
  const [D] = await chain(t.db, tenantId, ["D"]);
  return { tenantId, D: D! };
}

const decide = (tenantId: string, orderId: string, decision: "approve" | "reject", reason = "checked") =>
  withTenant(t.db, tenantId, (tx) => decideOrder(tx, tenantId, ADMIN, { orderId, decision, reason }));
const summary = (tenantId: string) => withTenant(t.db, tenantId, (tx) => ledgerSummary(tx));
const queue = (tenantId: string, input: Record<string, unknown> = {}) =>
  withTenant(t.db, tenantId, (tx) => listQueue(tx, queueListInputSchema.parse(input)));

describe("decisions", () => {
  it("approve releases the held commission, which then settles; the journals balance and the decision is recorded", async () => {
    const { tenantId, D } = await brand();
    const { orderId, input } = await flaggedOrder(t, tenantId, { order: { referralCode: D.code, paidAt: daysAgo(30) } });
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, heldFen: 1000 });
    await sendEvent(t, tenantId, input, { type: "completed", at: daysAgo(20) });
    // Held commission never settles, however long past its window.
    expect((await settleAll(t.db, { tenantId })).commissions).toBe(0);
    const r = await decide(tenantId, orderId, "approve");
    expect(r).toMatchObject({ commissions: 1, amountFen: 1000 });
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 1000, heldFen: 0 });
    expect((await settleAll(t.db, { tenantId })).commissions).toBe(1);
    expect(await balances(t, tenantId, D.id)).toMatchObject({ availableFen: 1000 });
    expect(await summary(tenantId)).toMatchObject({ imbalanceFen: 0, accounts: { held: 0, commission_expense: 1000 } });
    const rows = rowsOf<{ decision: string; amount_fen: string | number; reason: string }>(
      await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select decision::text, amount_fen, reason from risk_decisions where order_id = ${orderId}`)),
    );
    expect(rows.map((x) => [x.decision, Number(x.amount_fen), x.reason])).toEqual([["approve", 1000, "checked"]]);
    // Approving twice is refused: nothing is held any more.
    expect(await outcomeOf(decide(tenantId, orderId, "approve"))).toBe("UNPROCESSABLE");
  });

  it("reject cancels the held commission and reverses the expense; a rejected order cannot be approved or rejected again", async () => {
    const { tenantId, D } = await brand();
    const { orderId } = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    expect(await decide(tenantId, orderId, "reject", "device farm")).toMatchObject({ commissions: 1, amountFen: 1000 });
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, heldFen: 0, availableFen: 0 });
    expect(await summary(tenantId)).toMatchObject({ imbalanceFen: 0, accounts: { held: 0, pending: 0, commission_expense: 0 } });
    const err = (await decide(tenantId, orderId, "approve").catch((e: unknown) => e)) as { fields?: Record<string, string> };
    expect(err.fields).toEqual({ decision: "rejected_final" });
    const again = (await decide(tenantId, orderId, "reject").catch((e: unknown) => e)) as { fields?: Record<string, string> };
    expect(again.fields).toEqual({ decision: "already_rejected" });
  });

  it("an approval is reversed only by a new decision: rejecting a released, unsettled order cancels it", async () => {
    const { tenantId, D } = await brand();
    const { orderId } = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    await decide(tenantId, orderId, "approve");
    expect((await queue(tenantId, { state: "approved" })).items.map((i) => i.id)).toEqual([orderId]);
    expect(await decide(tenantId, orderId, "reject", "second look")).toMatchObject({ commissions: 1, amountFen: 1000 });
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, heldFen: 0 });
    expect(await summary(tenantId)).toMatchObject({ imbalanceFen: 0, accounts: { commission_expense: 0 } });
    const history = rowsOf<{ decision: string }>(
      await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select decision::text from risk_decisions where order_id = ${orderId} order by created_at, id`)),
    );
    expect(history.map((h) => h.decision)).toEqual(["approve", "reject"]);
    expect((await queue(tenantId, { state: "rejected" })).items.map((i) => i.id)).toEqual([orderId]);
  });

  it("settled commission is beyond review; a blocked order has nothing to decide; an unflagged order is not in review", async () => {
    const { tenantId, D } = await brand();
    const { orderId, input } = await flaggedOrder(t, tenantId, { order: { referralCode: D.code, paidAt: daysAgo(30) } });
    await sendEvent(t, tenantId, input, { type: "completed", at: daysAgo(20) });
    await decide(tenantId, orderId, "approve");
    await settleAll(t.db, { tenantId });
    const settled = (await decide(tenantId, orderId, "reject").catch((e: unknown) => e)) as { fields?: Record<string, string> };
    expect(settled.fields).toEqual({ decision: "already_settled" });
    const blocked = await flaggedOrder(t, tenantId, { verdict: "block", rules: [{ code: "blacklist", action: "block", evidence: {} }] });
    expect(((await decide(tenantId, blocked.orderId, "approve").catch((e: unknown) => e)) as { fields?: unknown }).fields).toEqual({ decision: "blocked" });
    const [plain] = await (await import("@/server/orders/testing")).ingest(t, tenantId, [orderInput({ referralCode: D.code })]);
    expect(((await decide(tenantId, plain!.orderId, "approve").catch((e: unknown) => e)) as { fields?: unknown }).fields).toEqual({ decision: "not_in_review" });
    expect(await outcomeOf(decide(tenantId, plain!.orderId, "approve", "  "))).toBe("BAD_REQUEST");
  });

  it("decision records are append-only for the application", async () => {
    const { tenantId, D } = await brand();
    const { orderId } = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    await decide(tenantId, orderId, "approve");
    for (const stmt of [sql`update risk_decisions set reason = 'edited'`, sql`delete from risk_decisions`]) {
      await expect(withTenant(t.db, tenantId, (tx) => tx.execute(stmt))).rejects.toThrow();
    }
  });
});

describe("bulk decisions", () => {
  it("decides every open order with one reason and reports the ones it could not decide", async () => {
    const { tenantId, D } = await brand();
    const a = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    const b = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    const done = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    await decide(tenantId, done.orderId, "reject");
    const blocked = await flaggedOrder(t, tenantId, { verdict: "block" });
    const missing = "01890000-0000-7000-8000-000000000000";
    const r = await withTenant(t.db, tenantId, (tx) =>
      bulkDecide(tx, tenantId, ADMIN, { orderIds: [a.orderId, b.orderId, done.orderId, blocked.orderId, missing, a.orderId], decision: "reject", reason: "brushing ring" }),
    );
    expect(r.counts).toEqual({ decided: 2, already_rejected: 1, blocked: 1, not_found: 1 });
    expect(r.amountFen).toBe(2000);
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, heldFen: 0 });
    expect(await summary(tenantId)).toMatchObject({ imbalanceFen: 0, accounts: { commission_expense: 0 } });
    const bulkRows = rowsOf<{ n: number }>(await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select count(*)::int as n from risk_decisions where bulk`)));
    expect(bulkRows[0]!.n).toBe(2);
    expect((await queue(tenantId)).open).toEqual({ count: 0, heldFen: 0 });
  });
});

describe("the queue", () => {
  it("filters by state, rule, distributor, paid date and amount", async () => {
    const { tenantId, D } = await brand();
    const [E] = await chain(t.db, tenantId, ["E"]);
    const dev = await flaggedOrder(t, tenantId, { order: { referralCode: D.code, paidAt: "2026-03-10T04:00:00Z", items: [{ sku: "S", quantity: 1, amountFen: 50_000 }] } });
    const addr = await flaggedOrder(t, tenantId, { rules: [{ code: "address_cluster", action: "review", evidence: {} }], order: { referralCode: E!.code, paidAt: "2026-03-20T04:00:00Z" } });
    const blocked = await flaggedOrder(t, tenantId, { verdict: "block", rules: [{ code: "blacklist", action: "block", evidence: {} }], order: { paidAt: "2026-03-15T04:00:00Z" } });
    await ingestPlain(tenantId, D.code);
    const ids = async (input: Record<string, unknown>) => (await queue(tenantId, input)).items.map((i) => i.id);
    expect(await ids({})).toEqual([addr.orderId, dev.orderId]);
    expect(await ids({ state: "all" })).toEqual([addr.orderId, blocked.orderId, dev.orderId]);
    expect(await ids({ state: "blocked" })).toEqual([blocked.orderId]);
    expect(await ids({ rule: "address_cluster" })).toEqual([addr.orderId]);
    expect(await ids({ distributor: D.code })).toEqual([dev.orderId]);
    expect(await ids({ state: "all", paidFrom: "2026-03-12", paidTo: "2026-03-20" })).toEqual([addr.orderId, blocked.orderId]);
    expect(await ids({ minYuan: "200" })).toEqual([dev.orderId]);
    const q = await queue(tenantId);
    expect(q.open).toEqual({ count: 2, heldFen: 6000 });
    expect(q.items[1]).toMatchObject({ heldFen: 5000, state: "open", verdict: "review", rules: [{ code: "device_shared", action: "review" }], distributor: { code: D.code } });
  });
});

async function ingestPlain(tenantId: string, code: string) {
  const { ingest } = await import("@/server/orders/testing");
  await ingest(t, tenantId, [orderInput({ referralCode: code })]);
}

describe("cross-brand isolation of the riskCenter procedures", () => {
  it("brand A's reviewer sees nothing of brand B's queue and cannot decide its orders", async () => {
    const A = await brand();
    const B = await brand();
    const bOrder = await flaggedOrder(t, B.tenantId, { order: { referralCode: B.D.code } });
    const ownerA = rowsOf<{ user_id: string }>(
      await withTenant(t.db, A.tenantId, (tx) => tx.execute(sql`select user_id from memberships where role = 'owner' limit 1`)),
    )[0]!.user_id;
    const { caller } = await staffCaller(t, ownerA, A.tenantId);
    expect(await caller.riskCenter.queue({ state: "all" })).toMatchObject({ total: 0, items: [], open: { count: 0, heldFen: 0 } });
    expect(await caller.riskCenter.queue({ state: "all", distributor: B.D.code })).toMatchObject({ total: 0 });
    for (const call of [
      () => caller.riskCenter.order({ id: bOrder.orderId, locale: "en" }),
      () => caller.riskCenter.decide({ orderId: bOrder.orderId, decision: "approve", reason: "x-brand" }),
    ]) {
      expect(((await call().catch((e: unknown) => e)) as TRPCError).code).toBe("NOT_FOUND");
    }
    const bulk = await caller.riskCenter.bulkDecide({ orderIds: [bOrder.orderId], decision: "reject", reason: "x-brand" });
    expect(bulk.counts).toEqual({ not_found: 1 });
    // Brand B's money did not move and it has no decision.
    expect(await balances(t, B.tenantId, B.D.id)).toMatchObject({ heldFen: 1000 });
    expect((await queue(B.tenantId)).items.map((i) => i.id)).toEqual([bOrder.orderId]);
    expect((await caller.riskCenter.figures()).thisMonth).toMatchObject({ blocked: 0, inReview: 0, withheldFen: 0 });
  });
});

describe("the queue's CSV export", () => {
  it("exports the filtered queue in the reader's language with amounts in yuan", async () => {
    const brand = await createBrandFixture(t, "Export");
    await withTenant(t.db, brand.tenantId, (tx) => updateProgramSettings(tx, ADMIN, { commissionLevels: 1, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" }));
    await addRule(t, brand.tenantId, FLAT_RULE);
    const [D] = await chain(t.db, brand.tenantId, ["D"]);
    const held = await flaggedOrder(t, brand.tenantId, { rules: [{ code: "blacklist", action: "review", evidence: {} }], order: { referralCode: D!.code, items: [{ sku: "S", quantity: 1, amountFen: 12_345 }] } });
    await flaggedOrder(t, brand.tenantId, { verdict: "block" });
    const sid = await createStaffSession(t.db, brand.ownerUserId);
    const s = await getStaffSession(t.db, sid);
    await switchBrand(t.db, s!, brand.tenantId);
    const res = await exportCsv({ database: t, staffSessionId: sid, list: "risk-queue", query: new URLSearchParams({ state: "open" }), locale: "zh-CN" });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("冻结佣金");
    expect(lines[1]).toContain(held.input.externalId);
    expect(lines[1]).toContain("123.45");
    expect(lines[1]).toContain("12.34");
    expect(lines[1]).toContain("黑名单");
    expect(lines[1]).toContain("待处理");
  });
});
