/**
 * Group commit of single orders: orders that arrive together share a transaction, yet each
 * caller gets exactly its own answer, duplicates inside a group are one order, and a group that
 * fails costs no order its own outcome.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { adminCreateDistributor } from "@/server/network/distributors";
import { resolveMember } from "@/server/network/oneid";
import { ADMIN, chain, nextPhone } from "@/server/network/test-helpers";
import { createOrderGroups, ingestAndView, type TenantRunner } from "./group-commit";
import type { OrderInput } from "./schemas";
import { addRule, balances, daysAgo, earnedByCode, FLAT_RULE, ingest, moneyBrand, orderInput, view } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const API = { type: "api" as const, id: null };

/** withTenant, counting transactions and the orders each carried. */
function countingRunner(fail?: (externalIds: string[]) => boolean) {
  const groups: string[][] = [];
  const run: TenantRunner = (tenantId, fn) =>
    withTenant(t.db, tenantId, async (tx) => {
      const out = await fn(tx);
      // The answers carry the orders' keys: what this transaction ingested.
      const ids = (out as { view: { externalId: string } }[]).map((r) => r.view.externalId);
      groups.push(ids);
      if (fail?.(ids)) throw new Error(`refused: ${ids.join(",")}`);
      return out;
    });
  return { run, groups };
}

async function orderCount(tenantId: string, externalIds: string[]) {
  const rows = await withTenant(t.db, tenantId, async (tx) =>
    rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from orders where external_id in (select jsonb_array_elements_text(${JSON.stringify(externalIds)}::jsonb))`)),
  );
  return rows[0]!.n;
}

async function brandWithChain() {
  const tenantId = await moneyBrand(t);
  await addRule(t, tenantId, FLAT_RULE);
  const [A, B, C] = await chain(t.db, tenantId, ["A", "B", "C"]);
  return { tenantId, A: A!, B: B!, C: C! };
}

describe("group commit of single orders", () => {
  it("orders submitted together share transactions, and each caller gets its own order", async () => {
    const { tenantId, A, B, C } = await brandWithChain();
    const { run, groups } = countingRunner();
    const orders = createOrderGroups({ run, lanes: 1 });
    const inputs = Array.from({ length: 12 }, () => orderInput({ referralCode: C.code, items: [{ sku: "S", quantity: 1, amountFen: 10_000 }] }));
    const results = await Promise.all(inputs.map((o) => orders.submit(tenantId, API, o)));
    results.forEach((r, i) => {
      expect(r.outcome.status).toBe("created");
      expect(r.view.externalId).toBe(inputs[i]!.externalId);
      expect(earnedByCode(r.view)).toEqual({ [C.code]: 1000, [B.code]: 500, [A.code]: 200 });
    });
    // The first starts alone at once; the other eleven waited for it and went in one group.
    expect(groups.map((g) => g.length)).toEqual([1, 11]);
    // Twelve new buyers through one code at once is a burst the risk checks hold: each order's
    // commission is posted once, pending or held.
    const b = await balances(t, tenantId, C.id);
    expect(b.pendingFen + b.heldFen).toBe(12 * 1000);
  });

  it("an idle lane starts an order at once, alone", async () => {
    const { tenantId, C } = await brandWithChain();
    const { run, groups } = countingRunner();
    const orders = createOrderGroups({ run });
    await orders.submit(tenantId, API, orderInput({ referralCode: C.code }));
    await orders.submit(tenantId, API, orderInput({ referralCode: C.code }));
    expect(groups.map((g) => g.length)).toEqual([1, 1]);
  });

  it("the same order twice in one group is one order: created, then existing", async () => {
    const { tenantId, C } = await brandWithChain();
    const { run, groups } = countingRunner();
    const orders = createOrderGroups({ run, lanes: 1 });
    const first = orderInput({ referralCode: C.code });
    const same: OrderInput = { ...first };
    const [warm, a, b] = await Promise.all([
      orders.submit(tenantId, API, orderInput({ referralCode: C.code })),
      orders.submit(tenantId, API, first),
      orders.submit(tenantId, API, same),
    ]);
    expect(groups.map((g) => g.length)).toEqual([1, 2]);
    expect(warm.outcome.status).toBe("created");
    expect([a.outcome.status, b.outcome.status]).toEqual(["created", "existing"]);
    expect(b.outcome.orderId).toBe(a.outcome.orderId);
    expect(b.view).toEqual(a.view);
    expect(await orderCount(tenantId, [first.externalId])).toBe(1);
    expect((await balances(t, tenantId, C.id)).pendingFen).toBe(2 * 1000);
  });

  it("a group that fails is run again order by order: only the failing order's caller sees the error", async () => {
    const { tenantId, C } = await brandWithChain();
    const bad = orderInput({ referralCode: C.code });
    // Any transaction that carries `bad` fails, as a constraint or a bug on that order would.
    const { run, groups } = countingRunner((ids) => ids.includes(bad.externalId));
    const orders = createOrderGroups({ run, lanes: 1 });
    const good = [orderInput({ referralCode: C.code }), orderInput({ referralCode: C.code }), orderInput({ referralCode: C.code })];
    const settled = await Promise.allSettled([good[0]!, bad, good[1]!, good[2]!].map((o) => orders.submit(tenantId, API, o)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toContain(bad.externalId);
    // The first alone; the failed group of three; each of the three again alone.
    expect(groups.map((g) => g.length)).toEqual([1, 3, 1, 1, 1]);
    expect(await orderCount(tenantId, good.map((o) => o.externalId))).toBe(3);
    expect(await orderCount(tenantId, [bad.externalId])).toBe(0);
    expect((await balances(t, tenantId, C.id)).pendingFen).toBe(3 * 1000);
  });

  it("brands never share a transaction", async () => {
    const one = await brandWithChain();
    const two = await brandWithChain();
    const { run, groups } = countingRunner();
    const orders = createOrderGroups({ run, lanes: 1 });
    const results = await Promise.all([
      orders.submit(one.tenantId, API, orderInput({ referralCode: one.C.code })),
      orders.submit(two.tenantId, API, orderInput({ referralCode: two.C.code })),
      orders.submit(one.tenantId, API, orderInput({ referralCode: one.C.code })),
      orders.submit(two.tenantId, API, orderInput({ referralCode: two.C.code })),
    ]);
    expect(results.map((r) => r.view.attribution.distributorCode)).toEqual([one.C.code, two.C.code, one.C.code, two.C.code]);
    expect(groups.map((g) => g.length).sort()).toEqual([1, 1, 1, 1]);
    expect((await balances(t, one.tenantId, one.C.id)).pendingFen).toBe(2 * 1000);
    expect((await balances(t, two.tenantId, two.C.id)).pendingFen).toBe(2 * 1000);
  });

  it("each answer is the order as read back after COMMIT, however it was attributed, held, blocked or merged", async () => {
    const { tenantId, A, C } = await brandWithChain();
    // A stackable ¥1 per unit at tier 1 on top of the flat rates: fixed and percent traces.
    await addRule(t, tenantId, { name: "unit bonus", priority: 0, stackable: true, match: {}, tiers: [{ tier: 1, fixedFen: 100 }] });
    const selfPhone = nextPhone();
    const self = await withTenant(t.db, tenantId, (tx) => adminCreateDistributor(tx, ADMIN, { name: "Self", phone: selfPhone, uplineCode: A.code }));
    const stored = orderInput({ referralCode: C.code });
    await ingest(t, tenantId, [stored]);
    // Two members, each with a verified identity: an order carrying both proves them one
    // person, so ingest stops there, merges them, and plans the rest as a second segment.
    const [wx, phone] = [`wx-view-${Date.now()}`, nextPhone()];
    await withTenant(t.db, tenantId, async (tx) => {
      await resolveMember(tx, [{ kind: "wechat_unionid", value: wx, verified: true }]);
      await resolveMember(tx, [{ kind: "phone", value: phone, verified: true }]);
    });
    const farm = (m: number) => orderInput({ referralCode: C.code, paidAt: daysAgo(m / 1440), device: { id: "VIEW-FARM" } });
    const inputs: OrderInput[] = [
      orderInput({ referralCode: C.code, items: [{ sku: "A", quantity: 3, amountFen: 12_345 }, { sku: "B", category: "cups", quantity: 1, amountFen: 99 }] }),
      { ...stored },
      orderInput({ referralCode: C.code, status: "completed", paidAt: daysAgo(3), completedAt: daysAgo(2) }),
      orderInput({ referralCode: C.code, status: "cancelled" }),
      orderInput({ referralCode: self.code, buyer: { identities: [{ kind: "phone", value: selfPhone }] } }),
      orderInput({}),
      orderInput({ buyer: { identities: [{ kind: "wechat_unionid", value: wx }, { kind: "phone", value: phone }] } }),
      farm(30),
      farm(20),
      farm(10),
    ];
    const answers = await withTenant(t.db, tenantId, (tx) => ingestAndView(tx, tenantId, API, inputs));
    expect(answers.map((a) => a.outcome.status)).toEqual(["created", "existing", ...Array<string>(8).fill("created")]);
    // The cases this covers: held (the device farm), blocked (self-purchase), none, cancelled.
    expect(answers.map((a) => a.view.risk.verdict)).toEqual(["allow", "allow", "allow", "allow", "block", "allow", "allow", "review", "review", "review"]);
    expect(answers[9]!.view.commissions.every((c) => c.status === "held")).toBe(true);
    expect(answers[5]!.view.attribution.source).toBe("none");
    expect(answers[0]!.view.commissions.map((c) => c.trace)).toContain("¥3.00 = ¥1.00 × 3, rule unit bonus v1 (stacked), tier 1");
    for (const [i, a] of answers.entries()) expect(a.view, `order ${i}`).toEqual(await view(t, tenantId, inputs[i]!));
  });
});
