/**
 * The risk checks at ingest (issue 10 items 1–2, DOMAIN.md §7): each rule fires at its threshold
 * and not one below, within its window and not past it; the earlier orders of a pattern are
 * raised to review in the same ingest (their commissions held, or a case opened when already
 * settled); review holds, block pays nothing, and the ledger balances throughout.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { riskCases } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ledgerSummary } from "@/server/ledger/balances";
import { adminCreateDistributor } from "@/server/network/distributors";
import { ADMIN, chain, nextPhone } from "@/server/network/test-helpers";
import { ingestOrders } from "@/server/orders/ingest";
import type { OrderInput } from "@/server/orders/schemas";
import { addRule, balances, FLAT_RULE, ingest, moneyBrand, orderInput, view } from "@/server/orders/testing";
import { settleAll } from "@/server/settlement/run";
import { addBlacklistEntry, updateRiskSharing } from "./blacklist";
import { updateRuleSetting, type RuleUpdate } from "./settings";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const MIN = 60_000;
const BASE = Date.now() - 20 * 24 * 60 * MIN;
const at = (minutes: number) => new Date(BASE + minutes * MIN).toISOString();

async function brandWith(names = ["D"]) {
  const tenantId = await moneyBrand(t, { commissionLevels: 1 });
  await addRule(t, tenantId, FLAT_RULE);
  const ds = await chain(t.db, tenantId, names);
  return { tenantId, ds };
}

const setRule = (tenantId: string, update: RuleUpdate) => withTenant(t.db, tenantId, (tx) => updateRuleSetting(tx, tenantId, ADMIN, update));
const risk = async (tenantId: string, o: OrderInput) => (await view(t, tenantId, o)).risk;
const codes = async (tenantId: string, o: OrderInput) => (await risk(tenantId, o)).rules.map((r) => r.code);
const imbalance = async (tenantId: string) => (await withTenant(t.db, tenantId, (tx) => ledgerSummary(tx))).imbalanceFen;
const one = async (tenantId: string, o: OrderInput) => ingest(t, tenantId, [o]);

describe("device / address / receiver phone / IP clusters", () => {
  it("device: two new buyers on one device do not fire; the third does and raises the first two (held)", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const os = [0, 10, 20].map((m) => orderInput({ referralCode: D.code, paidAt: at(m), device: { id: "FARM-DEVICE-1" } }));
    await one(tenantId, os[0]!);
    await one(tenantId, os[1]!);
    expect((await risk(tenantId, os[1]!)).verdict).toBe("allow");
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 2000, heldFen: 0 });
    await one(tenantId, os[2]!);
    for (const o of os) {
      const r = await risk(tenantId, o);
      expect(r.verdict).toBe("review");
      expect(r.rules).toMatchObject([{ code: "device_cluster", action: "review", evidence: { signal: "device", newBuyers: 3, orders: 3 } }]);
      expect(JSON.stringify(r)).not.toContain("FARM-DEVICE-1");
      expect((await view(t, tenantId, o)).commissions.map((c) => c.status)).toEqual(["held"]);
    }
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, heldFen: 3000 });
    expect(await imbalance(tenantId)).toBe(0);
    // One case per order under review, none twice.
    const cases = await withTenant(t.db, tenantId, (tx) => tx.select().from(riskCases));
    expect(cases.map((c) => [c.kind, c.amountFen])).toEqual([
      ["order_review", 1000],
      ["order_review", 1000],
      ["order_review", 1000],
    ]);
    // A fourth farm order adds itself; the first three are not raised again.
    await one(tenantId, orderInput({ referralCode: D.code, paidAt: at(30), device: { id: "farm-device-1 " } }));
    expect((await risk(tenantId, os[0]!)).rules).toHaveLength(1);
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, heldFen: 4000 });
  });

  it("device: three new buyers spread wider than the window do not fire", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const os = [0, 12 * 60, 24 * 60 + 1].map((m) => orderInput({ referralCode: D.code, paidAt: at(m), device: { id: "SPREAD" } }));
    await ingest(t, tenantId, os);
    for (const o of os) expect((await risk(tenantId, o)).verdict).toBe("allow");
  });

  it("device: one returning buyer ordering often is counted by orders (8 in the window), not as new buyers", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const phone = nextPhone();
    const mk = (m: number) => orderInput({ referralCode: D.code, paidAt: at(m), device: { id: "HOME-PAD" }, buyer: { identities: [{ kind: "phone", value: phone }] } });
    const seven = [0, 1, 2, 3, 4, 5, 6].map((m) => mk(m * 60));
    await ingest(t, tenantId, seven);
    for (const o of seven) expect((await risk(tenantId, o)).verdict).toBe("allow");
    const eighth = mk(7 * 60);
    await one(tenantId, eighth);
    expect(await codes(tenantId, eighth)).toEqual(["device_cluster"]);
    expect(await codes(tenantId, seven[0]!)).toEqual(["device_cluster"]);
  });

  it("address: spellings of one address meet after normalisation", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const spellings = [
      { province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路１００号 ３幢" },
      { province: "浙江", city: "杭州", district: "西湖区", detail: "文三路100号3幢" },
      { province: "浙江省", city: "杭州市", district: "西湖区", detail: "浙江省杭州市西湖区文三路100号，3幢" },
    ];
    const os = spellings.map((a, i) => orderInput({ referralCode: D.code, paidAt: at(i * 60), shippingAddress: a }));
    await ingest(t, tenantId, os.slice(0, 2));
    expect((await risk(tenantId, os[1]!)).verdict).toBe("allow");
    await one(tenantId, os[2]!);
    for (const o of os) expect(await codes(tenantId, o)).toEqual(["address_cluster"]);
  });

  it("receiver phone: a signal compared across orders, never a buyer identity", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const receiver = nextPhone();
    const address = (i: number) => ({ province: "江苏省", city: "南京市", detail: `中山路${i}号`, phone: receiver });
    const os = [0, 1, 2].map((i) => orderInput({ referralCode: D.code, paidAt: at(i), shippingAddress: address(i) }));
    const out = await ingest(t, tenantId, os);
    for (const o of os) expect(await codes(tenantId, o)).toEqual(["phone_cluster"]);
    // Three buyers, three members: the receiver phone joined nobody.
    const members = rowsOf<{ n: number }>(
      await withTenant(t.db, tenantId, (tx) =>
        tx.execute(sql`select count(distinct buyer_member_id)::int as n from orders where id in (${sql.join(out.map((o) => sql`${o.orderId}::uuid`), sql`, `)})`),
      ),
    );
    expect(members[0]!.n).toBe(3);
  });

  it("IP: brand thresholds apply (3 new buyers in 10 minutes), and switching the rule off silences it", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    await setRule(tenantId, { rule: "ip_cluster", thresholds: { newBuyers: 3 }, windowMinutes: 10 });
    const os = [0, 5, 10].map((m) => orderInput({ referralCode: D.code, paidAt: at(m), device: { ip: "198.51.100.7" } }));
    await ingest(t, tenantId, os);
    for (const o of os) expect(await codes(tenantId, o)).toEqual(["ip_cluster"]);
    const late = [0, 5, 11].map((m) => orderInput({ referralCode: D.code, paidAt: at(1000 + m), device: { ip: "198.51.100.8" } }));
    await ingest(t, tenantId, late);
    for (const o of late) expect((await risk(tenantId, o)).verdict).toBe("allow");
    await setRule(tenantId, { rule: "ip_cluster", enabled: false });
    const off = [0, 1, 2].map((m) => orderInput({ referralCode: D.code, paidAt: at(2000 + m), device: { ip: "198.51.100.9" } }));
    await ingest(t, tenantId, off);
    for (const o of off) expect((await risk(tenantId, o)).verdict).toBe("allow");
  });

  it("block as the action: nothing accrues for the order, and the ledger balances", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    await setRule(tenantId, { rule: "device_cluster", action: "block" });
    const os = [0, 1, 2].map((m) => orderInput({ referralCode: D.code, paidAt: at(m), device: { id: "BLOCKED-FARM" } }));
    await ingest(t, tenantId, os);
    // In one batch all three are new: all blocked, nothing paid.
    for (const o of os) {
      const v = await view(t, tenantId, o);
      expect(v.risk.verdict).toBe("block");
      expect(v.commissions).toEqual([]);
    }
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, heldFen: 0 });
    expect(await imbalance(tenantId)).toBe(0);
  });
});

describe("bulk brushing through one distributor", () => {
  it("nine new buyers in 30 minutes do not fire; the tenth does, and all ten are held", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const os = Array.from({ length: 10 }, (_, i) => orderInput({ referralCode: D.code, paidAt: at(i * 3) }));
    await ingest(t, tenantId, os.slice(0, 9));
    for (const o of os.slice(0, 9)) expect((await risk(tenantId, o)).verdict).toBe("allow");
    await one(tenantId, os[9]!);
    for (const o of os) expect(await codes(tenantId, o)).toEqual(["brushing_burst"]);
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 0, heldFen: 10_000 });
    expect(await imbalance(tenantId)).toBe(0);
  });

  it("ten new buyers over more than 30 minutes do not fire", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const os = Array.from({ length: 10 }, (_, i) => orderInput({ referralCode: D.code, paidAt: at(i * 3.5) }));
    await ingest(t, tenantId, os);
    for (const o of os) expect((await risk(tenantId, o)).verdict).toBe("allow");
  });

  it("many orders just under the threshold: four do not fire, the fifth does; at the threshold they do not count", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const phone = nextPhone();
    const mk = (m: number, amountFen: number) =>
      orderInput({ referralCode: D.code, paidAt: at(m * 60), buyer: { identities: [{ kind: "phone", value: phone }] }, items: [{ sku: "S", quantity: 1, amountFen }] });
    const at10000 = [0, 1, 2, 3, 4].map((m) => mk(m, 10_000));
    await ingest(t, tenantId, at10000);
    for (const o of at10000) expect((await risk(tenantId, o)).verdict).toBe("allow");
    const under = [10, 11, 12, 13].map((m) => mk(m, 9_500 + m));
    await ingest(t, tenantId, under);
    for (const o of under) expect((await risk(tenantId, o)).verdict).toBe("allow");
    const fifth = mk(14, 9_999);
    await one(tenantId, fifth);
    for (const o of [...under, fifth]) expect(await codes(tenantId, o)).toEqual(["near_threshold"]);
    for (const o of at10000) expect((await risk(tenantId, o)).verdict).toBe("allow");
  });
});

describe("self-purchase through shared signals", () => {
  it("a customer on the distributor's own device or address is held; a stranger's is not", async () => {
    const { tenantId } = await brandWith([]);
    const D = await distributor(tenantId, "D");
    const E = await distributor(tenantId, "E");
    // D buys for itself through E, on its own device and at its own address.
    const home = { province: "上海市", city: "上海市", district: "徐汇区", detail: "漕溪北路1号" };
    await one(tenantId, orderInput({ referralCode: E.code, paidAt: at(0), buyer: { identities: [{ kind: "phone", value: D.phone }] }, device: { id: "D-OWN-DEVICE" }, shippingAddress: home }));
    const sameDevice = orderInput({ referralCode: D.code, paidAt: at(60), device: { id: "d-own-device" } });
    const sameAddress = orderInput({ referralCode: D.code, paidAt: at(120), shippingAddress: { ...home, province: "上海", detail: "漕溪北路１号" } });
    const toDPhone = orderInput({ referralCode: D.code, paidAt: at(180), shippingAddress: { province: "北京市", city: "北京市", detail: "长安街1号", phone: D.phone } });
    const stranger = orderInput({ referralCode: D.code, paidAt: at(240), device: { id: "SOMEONE-ELSE" } });
    await ingest(t, tenantId, [sameDevice, sameAddress, toDPhone, stranger]);
    const hit = (await risk(tenantId, sameDevice)).rules[0]!;
    expect(hit).toMatchObject({ code: "self_purchase_link", action: "review", evidence: { distributorCode: D.code, matchedBy: ["device"] } });
    expect((await risk(tenantId, sameAddress)).rules.map((r) => [r.code, r.evidence.matchedBy])).toEqual([["self_purchase_link", ["address"]]]);
    expect((await risk(tenantId, toDPhone)).rules.map((r) => [r.code, r.evidence.matchedBy])).toEqual([["self_purchase_link", ["phone"]]]);
    expect(JSON.stringify(await risk(tenantId, toDPhone))).not.toContain(D.phone);
    expect((await risk(tenantId, stranger)).verdict).toBe("allow");
    expect(await imbalance(tenantId)).toBe(0);
  });
});

describe("rings in the bought-through graph", () => {
  it("2-cycle: A buys through B, then B through A — both held", async () => {
    const { tenantId } = await brandWith([]);
    const A = await distributor(tenantId, "A");
    const B = await distributor(tenantId, "B");
    const ab = orderInput({ referralCode: B.code, paidAt: at(0), buyer: { identities: [{ kind: "phone", value: A.phone }] } });
    await one(tenantId, ab);
    expect((await risk(tenantId, ab)).verdict).toBe("allow");
    const ba = orderInput({ referralCode: A.code, paidAt: at(60), buyer: { identities: [{ kind: "phone", value: B.phone }] } });
    await one(tenantId, ba);
    for (const o of [ab, ba]) expect(await codes(tenantId, o)).toEqual(["ring"]);
    expect((await risk(tenantId, ba)).rules[0]!.evidence).toMatchObject({ cycle: [B.code, A.code, B.code], length: 2 });
    expect(await balances(t, tenantId, B.id)).toMatchObject({ pendingFen: 0, heldFen: 1000 });
  });

  it("3-cycle: A→B, B→C, C→A; with the ring length set to 2 it does not fire", async () => {
    for (const maxLength of [3, 2]) {
      const { tenantId } = await brandWith([]);
      await setRule(tenantId, { rule: "ring", thresholds: { maxLength } });
      const [A, B, C] = [await distributor(tenantId, "A"), await distributor(tenantId, "B"), await distributor(tenantId, "C")];
      const buys = (buyer: { phone: string }, seller: { code: string }, m: number) =>
        orderInput({ referralCode: seller.code, paidAt: at(m), buyer: { identities: [{ kind: "phone", value: buyer.phone }] } });
      const os = [buys(A, B, 0), buys(B, C, 10), buys(C, A, 20)];
      for (const o of os) await one(tenantId, o);
      for (const o of os) expect(await codes(tenantId, o)).toEqual(maxLength === 3 ? ["ring"] : []);
    }
  });

  it("a large honest tree (each distributor buying through its upline, customers through everyone) has no ring", async () => {
    const { tenantId } = await brandWith([]);
    const nodes: { code: string; phone: string; id: string }[] = [];
    for (let i = 0; i < 15; i++) nodes.push(await distributor(tenantId, `N${i}`, i ? nodes[Math.floor((i - 1) / 2)]!.code : undefined));
    const os: OrderInput[] = [];
    nodes.forEach((n, i) => {
      if (i) os.push(orderInput({ referralCode: nodes[Math.floor((i - 1) / 2)]!.code, paidAt: at(i * 60), buyer: { identities: [{ kind: "phone", value: n.phone }] } }));
      os.push(orderInput({ referralCode: n.code, paidAt: at(i * 60 + 30) }));
    });
    await ingest(t, tenantId, os);
    for (const o of os) expect((await risk(tenantId, o)).verdict).toBe("allow");
  });
});

describe("blacklists at ingest", () => {
  it("a listed buyer phone is held with the entry as evidence; a listed distributor's orders too", async () => {
    const { tenantId } = await brandWith([]);
    const D = await distributor(tenantId, "D");
    const phone = nextPhone();
    await withTenant(t.db, tenantId, (tx) => addBlacklistEntry(tx, tenantId, ADMIN, { kind: "phone", value: phone, reason: "chargebacks" }));
    const o = orderInput({ referralCode: D.code, paidAt: at(0), buyer: { identities: [{ kind: "phone", value: phone }] } });
    await one(tenantId, o);
    const r = await risk(tenantId, o);
    expect(r).toMatchObject({ verdict: "review", rules: [{ code: "blacklist", evidence: { list: "brand", matches: [{ subject: "buyer", kind: "phone", reason: "chargebacks" }] } }] });
    expect(JSON.stringify(r)).not.toContain(phone);

    const listed = await distributor(tenantId, "L");
    await withTenant(t.db, tenantId, (tx) => addBlacklistEntry(tx, tenantId, ADMIN, { kind: "phone", value: listed.phone, reason: "fraud ring" }));
    const via = orderInput({ referralCode: listed.code, paidAt: at(10) });
    await one(tenantId, via);
    expect((await risk(tenantId, via)).rules[0]!.evidence).toMatchObject({ matches: [{ subject: "distributor", distributorCode: listed.code }] });
    expect(await imbalance(tenantId)).toBe(0);
  });

  it("block as the blacklist action: nothing paid; an IP range entry matches the addresses inside it", async () => {
    const { tenantId } = await brandWith([]);
    const D = await distributor(tenantId, "D");
    await setRule(tenantId, { rule: "blacklist", action: "block" });
    await withTenant(t.db, tenantId, (tx) => addBlacklistEntry(tx, tenantId, ADMIN, { kind: "ip_range", value: "203.0.113.0/24", reason: "proxy" }));
    const inside = orderInput({ referralCode: D.code, paidAt: at(0), device: { ip: "203.0.113.44" } });
    const outside = orderInput({ referralCode: D.code, paidAt: at(1), device: { ip: "203.0.114.44" } });
    await ingest(t, tenantId, [inside, outside]);
    expect((await view(t, tenantId, inside))).toMatchObject({ risk: { verdict: "block" }, commissions: [] });
    expect((await view(t, tenantId, outside)).risk.verdict).toBe("allow");
    expect(await balances(t, tenantId, D.id)).toMatchObject({ pendingFen: 1000 });
    expect(await imbalance(tenantId)).toBe(0);
  });

  it("the shared list: another brand's listing is a hit when this brand consumes, shown as date and category", async () => {
    const a = await brandWith([]);
    const b = await brandWith([]);
    const D = await distributor(b.tenantId, "D");
    const phone = nextPhone();
    await withTenant(t.db, a.tenantId, (tx) => updateRiskSharing(tx, a.tenantId, ADMIN, { shareContribute: true }));
    await withTenant(t.db, a.tenantId, (tx) => addBlacklistEntry(tx, a.tenantId, ADMIN, { kind: "phone", value: phone, reason: "stolen cards at A", reasonCategory: "fraud" }));
    const first = orderInput({ referralCode: D.code, paidAt: at(0), buyer: { identities: [{ kind: "phone", value: phone }] } });
    await one(b.tenantId, first);
    expect((await risk(b.tenantId, first)).verdict).toBe("allow");
    await withTenant(t.db, b.tenantId, (tx) => updateRiskSharing(tx, b.tenantId, ADMIN, { shareConsume: true }));
    const second = orderInput({ referralCode: D.code, paidAt: at(1), buyer: { identities: [{ kind: "phone", value: phone }] } });
    await one(b.tenantId, second);
    const r = await risk(b.tenantId, second);
    expect(r.rules).toEqual([
      { code: "shared_blacklist", action: "review", evidence: { list: "shared", matches: [expect.objectContaining({ kind: "phone", listedBy: "another_brand", reasonCategory: "fraud" })] } },
    ]);
    expect(JSON.stringify(r)).not.toContain("stolen cards");
    expect(JSON.stringify(r)).not.toContain(a.tenantId);
  });
});

describe("verdicts and the ledger", () => {
  it("held commissions do not settle; an order raised after it settled opens a case instead", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const done = (m: number) =>
      orderInput({ referralCode: D.code, paidAt: at(m), status: "completed", completedAt: at(m + 1), device: { id: "LATE-FARM" } });
    const first = done(0);
    await one(tenantId, first);
    // After-sales is 7 days; paid 20 days ago, completed then: due now.
    await settleAll(t.db, { tenantId });
    expect(await balances(t, tenantId, D.id)).toMatchObject({ availableFen: 1000 });
    const later = [done(5), done(10)];
    await ingest(t, tenantId, later);
    expect((await risk(tenantId, first)).verdict).toBe("review");
    const cases = await withTenant(t.db, tenantId, (tx) => tx.select().from(riskCases).where(eq(riskCases.kind, "settled_order")));
    expect(cases).toMatchObject([{ amountFen: 1000, distributorIds: [D.id], status: "open" }]);
    expect((await settleAll(t.db, { tenantId })).commissions).toBe(0);
    expect(await balances(t, tenantId, D.id)).toMatchObject({ availableFen: 1000, heldFen: 2000, pendingFen: 0 });
    const summary = await withTenant(t.db, tenantId, (tx) => ledgerSummary(tx));
    expect(summary).toMatchObject({ imbalanceFen: 0, accounts: { held: 2000, available: 1000 } });
    const review = await withTenant(t.db, tenantId, (tx) => tx.select().from(riskCases).where(and(eq(riskCases.kind, "order_review"))));
    expect(review).toHaveLength(2);
  });

  it("with the risk checks off (the benchmark baseline) nothing but OneID self-purchase is checked", async () => {
    const { tenantId, ds } = await brandWith();
    const D = ds[0]!;
    const os = [0, 1, 2].map((m) => orderInput({ referralCode: D.code, paidAt: at(m), device: { id: "OFF-FARM" } }));
    await withTenant(t.db, tenantId, (tx) => ingestOrders(tx, { tenantId, actor: ADMIN, source: "api", risk: false }, os));
    for (const o of os) expect((await risk(tenantId, o)).verdict).toBe("allow");
  });
});

/** A distributor whose phone the test knows (chain() keeps its phones to itself). */
async function distributor(tenantId: string, name: string, uplineCode?: string) {
  const phone = nextPhone();
  const d = await withTenant(t.db, tenantId, (tx) => adminCreateDistributor(tx, ADMIN, { name, phone, uplineCode }));
  return { id: d.id, code: d.code, memberId: d.memberId, phone };
}
