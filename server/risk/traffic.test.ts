/**
 * A month of a brand's traffic through ingest with the default rules (issue 10 "Acceptance", in
 * miniature): ordinary customers — some returning, some households sharing a tablet or an
 * address, a few popular distributors — with injected self-purchase, a device farm, an address
 * cluster spelled several ways, a brushing burst and two rings, sent in chronological batches as
 * a brand's OMS would. Injected orders are caught (review or block) at ≥ 95%, ordinary ones are
 * flagged at ≤ 1%, and every flagged order names a rule with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { orders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { adminCreateDistributor } from "@/server/network/distributors";
import { ADMIN, nextPhone } from "@/server/network/test-helpers";
import type { OrderInput } from "@/server/orders/schemas";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { seededRandom } from "@/server/shared/seeded-random";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const MIN = 60_000;
const START = Date.now() - 35 * 24 * 60 * MIN;

describe("a month of traffic with injected fraud", () => {
  it("catches ≥ 95% of injected orders, flags ≤ 1% of ordinary ones, and explains every flag", async () => {
    const random = seededRandom(20261202);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const tenantId = await moneyBrand(t, { commissionLevels: 2 });
    await addRule(t, tenantId, FLAT_RULE);
    const distributors: { code: string; phone: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const phone = nextPhone();
      const d = await withTenant(t.db, tenantId, (tx) =>
        adminCreateDistributor(tx, ADMIN, { name: `D${i}`, phone, uplineCode: i >= 4 ? distributors[i % 4]!.code : undefined }),
      );
      distributors.push({ code: d.code, phone });
    }
    const honest = distributors.slice(0, 18);
    const popular = honest.slice(0, 3);
    const events: { at: number; order: OrderInput; injected: boolean }[] = [];
    const push = (minute: number, o: Partial<OrderInput>, injected: boolean) =>
      events.push({ at: minute, order: orderInput({ ...o, paidAt: new Date(START + minute * MIN).toISOString() }), injected });
    const ip = () => `${pick([36, 39, 58, 111, 112, 117, 183])}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
    const street = () => `${pick(["文三路", "中山北路", "建国路", "解放大道", "天府大道"])}${1 + Math.floor(random() * 400)}号${1 + Math.floor(random() * 30)}幢${101 + Math.floor(random() * 1500)}室`;
    const city = () => pick([
      { province: "浙江省", city: "杭州市", district: "西湖区" },
      { province: "北京市", city: "北京市", district: "朝阳区" },
      { province: "广东省", city: "深圳市", district: "南山区" },
      { province: "四川省", city: "成都市", district: "武侯区" },
    ]);

    // ── ordinary customers: 600 orders over 30 days ──
    type Customer = { phone: string; device: string; address: ReturnType<typeof city> & { detail: string }; seller: { code: string } };
    const customers: Customer[] = [];
    for (let i = 0; i < 420; i++) {
      const household = i > 0 && random() < 0.08 ? customers[customers.length - 1]! : null;
      customers.push({
        phone: nextPhone(),
        device: household && random() < 0.5 ? household.device : `dev-${i}-${Math.floor(random() * 1e9)}`,
        address: household ? household.address : { ...city(), detail: street() },
        seller: random() < 0.35 ? pick(popular) : pick(honest),
      });
    }
    for (let n = 0; n < 600; n++) {
      const c = n < customers.length ? customers[n]! : pick(customers);
      push(Math.floor(random() * 30 * 24 * 60), {
        buyer: { identities: [{ kind: "phone", value: c.phone }] },
        referralCode: c.seller.code,
        device: { id: c.device, ip: ip() },
        shippingAddress: { ...c.address, phone: random() < 0.7 ? c.phone : undefined },
      }, false);
    }

    // ── injected fraud ──
    const [farmer, clusterer, brusher, selfBuyer, r1, r2, r3, r4, r5] = [
      distributors[18]!, distributors[19]!, distributors[20]!, distributors[21]!, distributors[22]!, distributors[23]!, honest[7]!, honest[8]!, honest[9]!,
    ];
    // A device farm: 6 new accounts on one phone through one distributor in two hours.
    for (let i = 0; i < 6; i++) push(3 * 24 * 60 + i * 20, { referralCode: farmer.code, device: { id: "FARM-PHONE-01", ip: ip() }, shippingAddress: { ...city(), detail: street() } }, true);
    // An address cluster: 5 new accounts shipping to one drop point, spelled several ways, over three days.
    const drop = ["浙江省杭州市余杭区 仓前街道 良睦路１２８８号", "浙江杭州余杭区仓前街道良睦路1288号", "浙江省杭州市余杭区仓前街道良睦路1288号。"];
    for (let i = 0; i < 5; i++) {
      push(8 * 24 * 60 + i * 14 * 60, { referralCode: clusterer.code, device: { id: `cl-${i}`, ip: ip() }, shippingAddress: { province: "浙江省", city: "杭州市", detail: drop[i % drop.length]! } }, true);
    }
    // A brushing burst: 14 new accounts through one distributor in 20 minutes, each looking ordinary.
    for (let i = 0; i < 14; i++) push(12 * 24 * 60 + i * 1.5, { referralCode: brusher.code, device: { id: `br-${i}`, ip: ip() }, shippingAddress: { ...city(), detail: street() } }, true);
    // Self-purchase: a distributor buying through its own code, as itself; and once more on its own device for a "friend".
    push(15 * 24 * 60, { referralCode: selfBuyer.code, buyer: { identities: [{ kind: "phone", value: selfBuyer.phone }] }, device: { id: "SELF-DEV", ip: ip() } }, true);
    push(15 * 24 * 60 + 90, { referralCode: selfBuyer.code, device: { id: "self-dev", ip: ip() } }, true);
    // Rings: r1 ⇄ r2 directly, and r3 → r4 → r5 → r3.
    const buys = (buyer: { phone: string }, seller: { code: string }, minute: number) =>
      push(minute, { referralCode: seller.code, buyer: { identities: [{ kind: "phone", value: buyer.phone }] }, device: { id: `ring-${minute}`, ip: ip() } }, true);
    buys(r1, r2, 18 * 24 * 60);
    buys(r2, r1, 19 * 24 * 60);
    buys(r3, r4, 20 * 24 * 60);
    buys(r4, r5, 21 * 24 * 60);
    buys(r5, r3, 22 * 24 * 60);

    // ── sent in chronological batches of 40, as an OMS would ──
    events.sort((a, b) => a.at - b.at);
    for (let i = 0; i < events.length; i += 40) await ingest(t, tenantId, events.slice(i, i + 40).map((e) => e.order));

    const stored = await withTenant(t.db, tenantId, (tx) =>
      tx.select({ externalId: orders.externalId, verdict: orders.riskVerdict, rules: orders.riskRules }).from(orders),
    );
    const byExternal = new Map(stored.map((o) => [o.externalId, { verdict: o.verdict, rules: o.rules }]));
    const verdicts = events.map((e) => ({ e, risk: byExternal.get(e.order.externalId)! }));
    const injected = verdicts.filter((v) => v.e.injected);
    const ordinary = verdicts.filter((v) => !v.e.injected);
    const caught = injected.filter((v) => v.risk.verdict !== "allow");
    const flagged = ordinary.filter((v) => v.risk.verdict !== "allow");
    expect(caught.length / injected.length).toBeGreaterThanOrEqual(0.95);
    expect(flagged.length / ordinary.length).toBeLessThanOrEqual(0.01);
    for (const v of [...caught, ...flagged]) {
      expect(v.risk.rules.length).toBeGreaterThan(0);
      for (const r of v.risk.rules) expect(Object.keys(r.evidence).length).toBeGreaterThan(0);
    }
    const rulesOf = (o: OrderInput) => verdicts.find((v) => v.e.order === o)!.risk.rules.map((r) => r.code);
    expect(rulesOf(events.find((e) => e.order.device?.id === "FARM-PHONE-01")!.order)).toContain("device_cluster");
    expect(rulesOf(events.find((e) => e.order.referralCode === brusher.code)!.order)).toContain("brushing_burst");
  }, 180_000);
});
