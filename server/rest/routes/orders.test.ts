/**
 * The orders API through both mounts: the contract's fields, replays, batches, events, bad input
 * that writes nothing, concurrency, and other brands' orders.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain, nextPhone } from "@/server/network/test-helpers";
import { brandWithKey, MOUNTS, restHarness, type Harness } from "../testing";

let t: Database;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t);
});
afterAll(async () => {
  await h.close();
  await t.close();
});

let seq = 0;
const order = (code: string | undefined, extra: Record<string, unknown> = {}) => ({
  channel: "jd",
  externalId: `JD-${process.pid}-${++seq}`,
  status: "paid",
  buyer: { identities: [{ kind: "phone", value: nextPhone() }] },
  ...(code ? { referralCode: code } : {}),
  items: [
    { sku: "TEA-1", quantity: 2, amountFen: 10_000 },
    { sku: "CUP-1", quantity: 1, amountFen: 2_999 },
  ],
  paidAt: "2026-11-11T00:03:12+08:00",
  ...extra,
});

async function setup(name: string) {
  const b = await brandWithKey(t, name);
  const [A, B] = await chain(t.db, b.tenantId, ["A", "B"]);
  const rule = await h.call("node:http", "POST", "/api/v1/commission-rules", {
    key: b.key,
    body: { name: "base", priority: 0, stackable: false, match: {}, tiers: [{ tier: 1, rateBp: 1000 }, { tier: 2, rateBp: 500 }] },
  });
  expect(rule.status).toBe(201);
  return { ...b, A: A!, B: B!, ruleId: ((await rule.json()) as { id: string }).id };
}

async function count(tenantId: string, table: "orders" | "ledger_journals" | "commissions") {
  const [row] = rowsOf<{ n: number }>(await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`)));
  return row!.n;
}

describe.each(MOUNTS)("orders API through the %s", (mount) => {
  it("POST records the order with its commissions; the same order again is 200 and unchanged", async () => {
    const b = await setup(`Orders ${mount}`);
    const body = order(b.B.code);
    const res = await h.call(mount, "POST", "/api/v1/orders", { key: b.key, body });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/orders/jd/${body.externalId}`);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      channel: "jd",
      externalId: body.externalId,
      status: "paid",
      paidAt: "2026-11-11T00:03:12.000+08:00",
      completedAt: null,
      settleAfter: null,
      attribution: { distributorCode: b.B.code, source: "referral_code" },
      risk: { verdict: "allow", rules: [] },
      items: [
        { sku: "TEA-1", category: null, quantity: 2, amountFen: 10_000, refundedFen: 0 },
        { sku: "CUP-1", category: null, quantity: 1, amountFen: 2_999, refundedFen: 0 },
      ],
    });
    const commissions = created.commissions as { tier: number; distributorCode: string; sku: string; amountFen: number; status: string; ruleId: string; ruleVersion: number; trace: string }[];
    expect(commissions.map((c) => [c.tier, c.distributorCode, c.sku, c.amountFen, c.status])).toEqual(
      expect.arrayContaining([
        [1, b.B.code, "TEA-1", 1000, "pending"],
        [1, b.B.code, "CUP-1", 299, "pending"],
        [2, b.A.code, "TEA-1", 500, "pending"],
        [2, b.A.code, "CUP-1", 149, "pending"],
      ]),
    );
    expect(commissions).toHaveLength(4);
    expect(commissions.every((c) => c.ruleId === b.ruleId && c.ruleVersion === 1)).toBe(true);

    const again = await h.call(mount, "POST", "/api/v1/orders", { key: b.key, body: { ...body, items: [{ sku: "X", quantity: 1, amountFen: 1 }] } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(created);
    const got = await h.call(mount, "GET", `/api/v1/orders/jd/${body.externalId}`, { key: b.key });
    expect(await got.json()).toEqual(created);

    const dist = (await (await h.call(mount, "GET", `/api/v1/distributors/${b.B.code}`, { key: b.key })).json()) as { balances: unknown };
    expect(dist.balances).toEqual({ pendingFen: 1299, heldFen: 0, availableFen: 0, withdrawingFen: 0, arrearsFen: 0 });
    const summary: unknown = await (await h.call(mount, "GET", "/api/v1/ledger/summary", { key: b.key })).json();
    expect(summary).toEqual({
      accounts: { pending: 1299 + 649, held: 0, available: 0, withdrawing: 0, arrears: 0, commission_expense: 1299 + 649, payouts: 0, tax_payable: 0, fees: 0 },
      imbalanceFen: 0,
    });
  });

  it("bad input is a 4xx problem naming the fields, and writes nothing", async () => {
    const b = await setup(`Bad ${mount}`);
    const good = order(b.B.code);
    const cases: { body: unknown; status: number; errors?: Record<string, string> }[] = [
      { body: "{not json", status: 400 },
      { body: { ...good, items: [{ sku: "A", quantity: "2", amountFen: 100 }] }, status: 400, errors: { "items.0.quantity": "invalid_type" } },
      { body: { ...good, items: [{ sku: "A", quantity: 1, amountFen: -1 }] }, status: 400, errors: { "items.0.amountFen": "too_small" } },
      { body: { ...good, items: [{ sku: "A", quantity: 1, amountFen: 1.5 }] }, status: 400, errors: { "items.0.amountFen": "invalid_type" } },
      { body: { ...good, items: [{ sku: "A", quantity: 1, amountFen: 1e15 }] }, status: 400, errors: { "items.0.amountFen": "too_big" } },
      { body: { ...good, channel: "amazon" }, status: 400, errors: { channel: "invalid_value" } },
      { body: { ...good, paidAt: "yesterday" }, status: 400, errors: { paidAt: "invalid_format" } },
      { body: { ...good, status: "completed" }, status: 400, errors: { completedAt: "required" } },
      { body: { ...good, items: [good.items[0], good.items[0]] }, status: 400, errors: { "items.1.sku": "duplicate" } },
      { body: { ...good, buyer: { identities: [{ kind: "phone", value: "12345" }] } }, status: 400, errors: { "buyer.identities.0.value": "invalid_format" } },
      { body: { ...good, shipping: 100 }, status: 400, errors: { shipping: "unrecognized_key" } },
      { body: { ...good, buyer: { identities: [] } }, status: 400, errors: { "buyer.identities": "too_small" } },
      { body: { ...good, buyer: { identities: [{ kind: "qq", value: "1" }] } }, status: 400, errors: { "buyer.identities.0.kind": "invalid_value" } },
      { body: { ...good, externalId: "x".repeat(2 * 1024 * 1024) }, status: 413 },
    ];
    for (const c of cases) {
      const res = await h.call(mount, "POST", "/api/v1/orders", { key: b.key, body: c.body });
      expect(res.status, JSON.stringify(c.body).slice(0, 80)).toBe(c.status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as { errors?: Record<string, string> };
      if (c.errors) expect(problem.errors).toMatchObject(c.errors);
    }
    const wrongKey = await h.call(mount, "POST", "/api/v1/orders", { key: `${b.key.slice(0, -4)}AAAA`, body: good });
    expect(wrongKey.status).toBe(401);
    const tooMany = await h.call(mount, "POST", "/api/v1/orders/batch", { key: b.key, body: { orders: Array.from({ length: 1001 }, () => order(undefined)) } });
    expect(tooMany.status).toBe(413);
    expect(await count(b.tenantId, "orders")).toBe(0);
    expect(await count(b.tenantId, "ledger_journals")).toBe(0);
  });

  it("a rule naming a level the brand does not have is 422 not_found, like every unknown reference", async () => {
    const b = await brandWithKey(t, `Levels ${mount}`);
    const res = await h.call(mount, "POST", "/api/v1/commission-rules", {
      key: b.key,
      body: { name: "gold only", priority: 0, stackable: false, match: { levels: ["NOPE"] }, tiers: [{ tier: 1, rateBp: 1000 }] },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: "UNPROCESSABLE", errors: { "match.levels": "not_found" } });
    const list = await h.call(mount, "GET", "/api/v1/commission-rules", { key: b.key });
    expect(JSON.stringify(await list.json())).not.toContain("gold only");
  });

  it("a batch runs in array order and one bad order does not fail the others", async () => {
    const b = await setup(`Batch ${mount}`);
    const first = order(b.B.code);
    const res = await h.call(mount, "POST", "/api/v1/orders/batch", {
      key: b.key,
      body: { orders: [first, { ...order(undefined), items: [] }, first, { channel: 7 }] },
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { channel: string | null; externalId: string | null; status: string; error?: { code: string; errors?: Record<string, string> } }[] };
    expect(results.map((r) => r.status)).toEqual(["created", "error", "existing", "error"]);
    expect(results[0]).toEqual({ channel: "jd", externalId: first.externalId, status: "created" });
    expect(results[1]!.error).toMatchObject({ code: "BAD_REQUEST", errors: { items: "too_small" } });
    expect(results[3]).toMatchObject({ channel: null, externalId: null, status: "error" });
    expect(await count(b.tenantId, "orders")).toBe(1);
  });

  it("events: completion sets settleAfter, a refund above what is left is 422, an unknown order 404", async () => {
    const b = await setup(`Events ${mount}`);
    const body = order(b.B.code);
    await h.call(mount, "POST", "/api/v1/orders", { key: b.key, body });
    const path = `/api/v1/orders/jd/${body.externalId}/events`;
    const done = await h.call(mount, "POST", path, { key: b.key, body: { type: "completed", at: "2026-11-15T10:00:00+08:00" } });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: "completed", settleAfter: "2026-11-22T10:00:00.000+08:00" });
    const over = await h.call(mount, "POST", path, { key: b.key, body: { type: "refund", refundId: "R1", items: [{ sku: "CUP-1", amountFen: 3_000 }], at: "2026-11-16T10:00:00+08:00" } });
    expect(over.status).toBe(422);
    expect(await over.json()).toMatchObject({ code: "UNPROCESSABLE", errors: { "items.0.amountFen": "exceeds_remaining" } });
    const refund = await h.call(mount, "POST", path, { key: b.key, body: { type: "refund", refundId: "R1", items: [{ sku: "CUP-1", amountFen: 2_999 }], at: "2026-11-16T10:00:00+08:00" } });
    expect(refund.status).toBe(200);
    const after = (await refund.json()) as { commissions: { sku: string; amountFen: number; status: string }[] };
    expect(after.commissions.filter((c) => c.sku === "CUP-1").map((c) => [c.amountFen, c.status])).toEqual([
      [0, "cancelled"],
      [0, "cancelled"],
    ]);
    const missing = await h.call(mount, "POST", "/api/v1/orders/jd/NOPE/events", { key: b.key, body: { type: "completed", at: "2026-11-15T10:00:00+08:00" } });
    expect(missing.status).toBe(404);
  });

  it("a lock window runs from when the binding was made, under the program as it stands at the next order", async () => {
    const b = await setup(`Lock window ${mount}`);
    const program = (body: unknown) => h.call(mount, "PATCH", "/api/v1/program", { key: b.key, body });
    const buyer = { identities: [{ kind: "phone", value: nextPhone() }] };
    const attributed = async (code: string) => {
      const res = await h.call(mount, "POST", "/api/v1/orders", { key: b.key, body: order(code, { buyer }) });
      expect(res.status).toBe(201);
      return ((await res.json()) as { attribution: unknown }).attribution;
    };
    const window = async () =>
      rowsOf<{ locked_days: number | null }>(
        await withTenant(t.db, b.tenantId, (tx) =>
          tx.execute(sql`select extract(epoch from protected_until - bound_at)::int / 86400 as locked_days from bindings where ended_at is null`),
        ),
      ).map((r) => r.locked_days);
    expect((await program({ bindingMode: "last_click" })).status).toBe(200);
    expect(await attributed(b.A.code)).toEqual({ distributorCode: b.A.code, source: "referral_code" });
    expect(await window()).toEqual([null]);
    // Bound seconds ago under last_click: once the brand locks for 30 days, that binding holds.
    expect((await program({ bindingMode: "lock", bindingLockDays: 30 })).status).toBe(200);
    expect(await window()).toEqual([30]);
    expect(await attributed(b.B.code)).toEqual({ distributorCode: b.A.code, source: "binding" });
    // Permanent keeps it too, and shows no window; last_click lets the next code rebind.
    expect((await program({ bindingMode: "permanent" })).status).toBe(200);
    expect(await window()).toEqual([null]);
    expect(await attributed(b.B.code)).toEqual({ distributorCode: b.A.code, source: "binding" });
    expect((await program({ bindingMode: "last_click" })).status).toBe(200);
    expect(await attributed(b.B.code)).toEqual({ distributorCode: b.B.code, source: "referral_code" });
  });

  it("another brand's key sees and changes nothing of this brand's orders", async () => {
    const a = await setup(`Iso A ${mount}`);
    const other = await brandWithKey(t, `Iso B ${mount}`);
    const body = order(a.B.code);
    await h.call(mount, "POST", "/api/v1/orders", { key: a.key, body });
    expect((await h.call(mount, "GET", `/api/v1/orders/jd/${body.externalId}`, { key: other.key })).status).toBe(404);
    const ev = await h.call(mount, "POST", `/api/v1/orders/jd/${body.externalId}/events`, { key: other.key, body: { type: "cancelled", at: "2026-11-15T10:00:00+08:00" } });
    expect(ev.status).toBe(404);
    expect((await h.call(mount, "GET", `/api/v1/commission-rules/${a.ruleId}`, { key: other.key })).status).toBe(404);
    expect((await h.call(mount, "DELETE", `/api/v1/commission-rules/${a.ruleId}`, { key: other.key })).status).toBe(404);
    // The same (channel, externalId) in the other brand is its own order.
    expect((await h.call(mount, "POST", "/api/v1/orders", { key: other.key, body })).status).toBe(201);
    expect((await (await h.call(mount, "GET", `/api/v1/orders/jd/${body.externalId}`, { key: a.key })).json()) as object).toMatchObject({ status: "paid" });
  });
});

describe("concurrency", () => {
  it("50 concurrent identical requests make one order and one set of journals", async () => {
    const b = await setup("Concurrent");
    const body = order(b.B.code);
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.call("node:http", "POST", "/api/v1/orders", { key: b.key, body })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(await count(b.tenantId, "orders")).toBe(1);
    expect(await count(b.tenantId, "ledger_journals")).toBe(1);
    expect(await count(b.tenantId, "commissions")).toBe(4);
  });

  // Whether they share transactions depends on timing here; server/orders/group-commit.test.ts
  // drives the grouping itself.
  it("concurrent different orders each answer with their own order, and all of them post", async () => {
    const b = await setup("Grouped");
    const bodies = Array.from({ length: 24 }, () => order(b.B.code));
    const responses = await Promise.all(bodies.map((body) => h.call("node:http", "POST", "/api/v1/orders", { key: b.key, body })));
    for (const [i, res] of responses.entries()) {
      expect(res.status).toBe(201);
      expect(res.headers.get("location")).toBe(`/api/v1/orders/jd/${bodies[i]!.externalId}`);
      const view = (await res.json()) as { externalId: string; commissions: unknown[] };
      expect(view.externalId).toBe(bodies[i]!.externalId);
      expect(view.commissions).toHaveLength(4);
    }
    expect(await count(b.tenantId, "orders")).toBe(24);
    expect(await count(b.tenantId, "commissions")).toBe(24 * 4);
  });

  it("an Idempotency-Key replays the first answer; the same key with another body is 409", async () => {
    const b = await setup("Idempotent");
    const body = order(b.B.code);
    const headers = { "idempotency-key": `k-${body.externalId}` };
    const first = await h.call("node:http", "POST", "/api/v1/orders", { key: b.key, body, headers });
    const replay = await h.call("node:http", "POST", "/api/v1/orders", { key: b.key, body, headers });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.text()).toBe(await first.text());
    const other = await h.call("node:http", "POST", "/api/v1/orders", { key: b.key, body: order(b.B.code), headers });
    expect(other.status).toBe(409);
  });
});
