/**
 * Order ingest against DOMAIN.md §1–§3 and DESIGN.md's "Commission semantics": the chain vector,
 * levels cap, frozen earners, attribution by code and binding under each mode, self-purchase,
 * replays, batches that bind and then attribute, and the ledger that follows.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ledgerSummary } from "@/server/ledger/balances";
import { changeStatus } from "@/server/network/distributors";
import { resolveMember } from "@/server/network/oneid";
import { ADMIN, chain, nextPhone } from "@/server/network/test-helpers";
import { ingestOrders } from "./ingest";
import { addRule, balances, earnedByCode, FLAT_RULE, ingest, moneyBrand, orderInput, view } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function abcdBrand(program: Parameters<typeof moneyBrand>[1] = {}) {
  const tenantId = await moneyBrand(t, program);
  await addRule(t, tenantId, FLAT_RULE);
  const [A, B, C, D] = await chain(t.db, tenantId, ["A", "B", "C", "D"]);
  return { tenantId, A: A!, B: B!, C: C!, D: D! };
}

describe("DOMAIN.md §1 chain vector", () => {
  it("A→B→C→D, D's customer buys ¥100 with 10%/5%/2% and three levels: D ¥10, C ¥5, B ¥2, A nothing", async () => {
    const { tenantId, A, B, C, D } = await abcdBrand({ commissionLevels: 3 });
    const o = orderInput({ referralCode: D.code });
    const [out] = await ingest(t, tenantId, [o]);
    expect(out!.status).toBe("created");
    const v = await view(t, tenantId, o);
    expect(earnedByCode(v)).toEqual({ [D.code]: 1000, [C.code]: 500, [B.code]: 200 });
    expect(v.attribution).toEqual({ distributorCode: D.code, source: "referral_code" });
    expect(v.commissions.every((c) => c.status === "pending")).toBe(true);
    expect((await balances(t, tenantId, D.id)).pendingFen).toBe(1000);
    expect((await balances(t, tenantId, A.id)).pendingFen).toBe(0);
  });

  it("with two levels: D ¥10, C ¥5", async () => {
    const { tenantId, C, D } = await abcdBrand({ commissionLevels: 2 });
    const o = orderInput({ referralCode: D.code });
    await ingest(t, tenantId, [o]);
    expect(earnedByCode(await view(t, tenantId, o))).toEqual({ [D.code]: 1000, [C.code]: 500 });
  });

  it("a frozen earner gets nothing and its share is not passed up", async () => {
    const { tenantId, B, C, D } = await abcdBrand();
    await withTenant(t.db, tenantId, (tx) => changeStatus(tx, ADMIN, { id: C.id, status: "frozen", reason: "review" }));
    const o = orderInput({ referralCode: D.code });
    await ingest(t, tenantId, [o]);
    expect(earnedByCode(await view(t, tenantId, o))).toEqual({ [D.code]: 1000, [B.code]: 200 });
  });

  it("the trace says why: rate, base, rule, version and tier", async () => {
    const tenantId = await moneyBrand(t);
    const rule = await addRule(t, tenantId, { ...FLAT_RULE, name: "双11", tiers: [{ tier: 1, rateBp: 820 }] });
    const [D] = await chain(t.db, tenantId, ["D"]);
    const o = orderInput({ referralCode: D!.code });
    await ingest(t, tenantId, [o]);
    const [c] = (await view(t, tenantId, o)).commissions;
    expect(c).toMatchObject({ tier: 1, amountFen: 820, ruleId: rule.id, ruleVersion: 1, sku: "SKU-1" });
    expect(c!.trace).toBe("¥8.20 = 8.2% of ¥100.00, rule 双11 v1, tier 1");
  });
});

describe("attribution and binding", () => {
  it("a referral code binds an unbound buyer; the next order without a code is attributed by the binding", async () => {
    const { tenantId, D } = await abcdBrand();
    const phone = nextPhone();
    const buyer = { identities: [{ kind: "phone" as const, value: phone }] };
    const first = orderInput({ buyer, referralCode: D.code });
    const second = orderInput({ buyer: { identities: [{ kind: "phone", value: phone }, { kind: "tmall_buyer", value: "tb-nick" }] } });
    await ingest(t, tenantId, [first, second]);
    expect((await view(t, tenantId, second)).attribution).toEqual({ distributorCode: D.code, source: "binding" });
    // The new identity joined the same member: an order with only the Tmall nick is D's too.
    const third = orderInput({ buyer: { identities: [{ kind: "tmall_buyer", value: "tb-nick" }] } });
    await ingest(t, tenantId, [third]);
    expect((await view(t, tenantId, third)).attribution.distributorCode).toBe(D.code);
  });

  it("an order without a code or binding is unattributed and pays nobody", async () => {
    const { tenantId } = await abcdBrand();
    const o = orderInput();
    await ingest(t, tenantId, [o]);
    const v = await view(t, tenantId, o);
    expect(v.attribution).toEqual({ distributorCode: null, source: "none" });
    expect(v.commissions).toEqual([]);
  });

  it("lock mode keeps the bound distributor against another code (source binding); last_click rebinds", async () => {
    for (const mode of ["lock", "permanent", "last_click"] as const) {
      const { tenantId, C, D } = await abcdBrand({ bindingMode: mode });
      const buyer = { identities: [{ kind: "phone" as const, value: nextPhone() }] };
      const o1 = orderInput({ buyer, referralCode: D.code });
      const o2 = orderInput({ buyer, referralCode: C.code });
      await ingest(t, tenantId, [o1]);
      await ingest(t, tenantId, [o2]);
      const v = await view(t, tenantId, o2);
      if (mode === "last_click") expect(v.attribution).toEqual({ distributorCode: C.code, source: "referral_code" });
      else expect(v.attribution).toEqual({ distributorCode: D.code, source: "binding" });
    }
  });

  it("a bound distributor who is also the code's upline pays its own uplines too", async () => {
    // B is bound; the order's code is D, whose chain (D, C, B) loads B without B's upline A.
    const { tenantId, A, B, D } = await abcdBrand({ bindingMode: "lock" });
    const buyer = { identities: [{ kind: "phone" as const, value: nextPhone() }] };
    await ingest(t, tenantId, [orderInput({ buyer, referralCode: B.code })]);
    const o = orderInput({ buyer, referralCode: D.code });
    await ingest(t, tenantId, [o]);
    const v = await view(t, tenantId, o);
    expect(v.attribution).toEqual({ distributorCode: B.code, source: "binding" });
    expect(earnedByCode(v)).toEqual({ [B.code]: 1000, [A.code]: 500 });

    // In one batch: another buyer's order with D's code loads B first, then B's buyer orders.
    const again = orderInput({ buyer });
    await ingest(t, tenantId, [orderInput({ referralCode: D.code }), again]);
    expect(earnedByCode(await view(t, tenantId, again))).toEqual({ [B.code]: 1000, [A.code]: 500 });
  });

  it("after the lock window, the next order's code rebinds", async () => {
    const { tenantId, C, D } = await abcdBrand({ bindingMode: "lock", bindingLockDays: 1 });
    const buyer = { identities: [{ kind: "phone" as const, value: nextPhone() }] };
    const o1 = orderInput({ buyer, referralCode: D.code });
    const o2 = orderInput({ buyer, referralCode: C.code });
    await ingest(t, tenantId, [o1], new Date(Date.now() - 2 * 86_400_000));
    await ingest(t, tenantId, [o2]);
    expect((await view(t, tenantId, o2)).attribution).toEqual({ distributorCode: C.code, source: "referral_code" });
  });

  it("a frozen distributor's code neither binds nor attributes; its bound buyers stay and pay its active uplines", async () => {
    const { tenantId, B, C, D } = await abcdBrand();
    const buyer = { identities: [{ kind: "phone" as const, value: nextPhone() }] };
    await ingest(t, tenantId, [orderInput({ buyer, referralCode: D.code })]);
    await withTenant(t.db, tenantId, (tx) => changeStatus(tx, ADMIN, { id: D.id, status: "frozen", reason: "check" }));
    const stranger = orderInput({ referralCode: D.code });
    const bound = orderInput({ buyer });
    await ingest(t, tenantId, [stranger, bound]);
    expect((await view(t, tenantId, stranger)).attribution.source).toBe("none");
    const v = await view(t, tenantId, bound);
    expect(v.attribution).toEqual({ distributorCode: D.code, source: "binding" });
    expect(earnedByCode(v)).toEqual({ [C.code]: 500, [B.code]: 200 });
  });

  it("self-purchase under block: attributed, verdict block, nothing paid; under allow it pays", async () => {
    for (const policy of ["block", "allow"] as const) {
      const tenantId = await moneyBrand(t, { selfPurchase: policy });
      await addRule(t, tenantId, FLAT_RULE);
      const phone = nextPhone();
      const { adminCreateDistributor } = await import("@/server/network/distributors");
      const d = await withTenant(t.db, tenantId, (tx) => adminCreateDistributor(tx, ADMIN, { name: "Self", phone }));
      const o = orderInput({ buyer: { identities: [{ kind: "phone", value: phone }] }, referralCode: d.code });
      await ingest(t, tenantId, [o]);
      const v = await view(t, tenantId, o);
      expect(v.attribution.distributorCode).toBe(d.code);
      if (policy === "block") {
        expect(v.risk.verdict).toBe("block");
        expect(v.risk.rules.map((r) => r.code)).toEqual(["self_purchase"]);
        expect(v.commissions).toEqual([]);
      } else {
        expect(v.risk.verdict).toBe("allow");
        expect(earnedByCode(v)).toEqual({ [d.code]: 1000 });
      }
    }
  });
});

describe("replays and batches", () => {
  it("the same (channel, externalId) again is existing and posts nothing", async () => {
    const { tenantId, D } = await abcdBrand();
    const o = orderInput({ referralCode: D.code });
    const [a] = await ingest(t, tenantId, [o]);
    const [b] = await ingest(t, tenantId, [{ ...o, items: [{ sku: "OTHER", quantity: 9, amountFen: 99 }] }]);
    expect(b).toEqual({ index: 0, status: "existing", orderId: a!.orderId });
    expect((await balances(t, tenantId, D.id)).pendingFen).toBe(1000);
    const [{ n }] = rowsOf<{ n: number }>(await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select count(*)::int as n from ledger_journals`))) as [{ n: number }];
    expect(n).toBe(1);
  });

  it("a batch runs in array order: a duplicate later in the batch is existing", async () => {
    const { tenantId } = await abcdBrand();
    const o = orderInput();
    const out = await ingest(t, tenantId, [o, o]);
    expect(out.map((r) => r.status)).toEqual(["created", "existing"]);
    expect(out[1]!.orderId).toBe(out[0]!.orderId);
  });

  it("a batch equals the same orders one by one (balances and attributions)", async () => {
    const one = await abcdBrand({ bindingMode: "last_click" });
    const batch = await abcdBrand({ bindingMode: "last_click" });
    const phones = [nextPhone(), nextPhone(), nextPhone()];
    const make = (codes: Record<string, string>) =>
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
        orderInput({
          externalId: `X-${i}`,
          buyer: { identities: [{ kind: "phone", value: phones[i % 3]! }] },
          referralCode: i % 4 === 3 ? undefined : [codes.D, codes.C, codes.B][i % 3],
          items: [{ sku: "S", quantity: 1, amountFen: 1000 + i * 137 }],
        }),
      );
    for (const o of make({ D: one.D.code, C: one.C.code, B: one.B.code })) await ingest(t, one.tenantId, [o]);
    await ingest(t, batch.tenantId, make({ D: batch.D.code, C: batch.C.code, B: batch.B.code }));
    for (const k of ["A", "B", "C", "D"] as const) {
      expect(await balances(t, batch.tenantId, batch[k].id)).toEqual(await balances(t, one.tenantId, one[k].id));
    }
    const summary = await withTenant(t.db, batch.tenantId, (tx) => ledgerSummary(tx));
    expect(summary.imbalanceFen).toBe(0);
  });

  it("a batch of more than 100 orders, cut by a OneID merge, equals the same orders in small batches, and writes with cached plans", async () => {
    const small = await abcdBrand({ bindingMode: "last_click" });
    const large = await abcdBrand({ bindingMode: "last_click" });
    const phones = [nextPhone(), nextPhone(), nextPhone(), nextPhone()];
    const make = (codes: Record<string, string>) =>
      Array.from({ length: 130 }, (_, i) =>
        orderInput({
          externalId: `L-${i}`,
          // Order 70 names the first and second buyers' phones together, both verified by their
          // owners: proof they are one person, so the batch stops there, merges them, and goes on
          // in a second segment.
          buyer: { identities: i === 70 ? [{ kind: "phone", value: phones[0]! }, { kind: "phone", value: phones[1]! }] : [{ kind: "phone", value: phones[i % 4]! }] },
          referralCode: i % 5 === 4 ? undefined : [codes.D, codes.C, codes.B][i % 3],
          items: [{ sku: "S", quantity: 1, amountFen: 1000 + i * 37 }],
        }),
      );
    for (const { tenantId } of [small, large]) {
      for (const phone of phones.slice(0, 2)) await withTenant(t.db, tenantId, (tx) => resolveMember(tx, [{ kind: "phone", value: phone, verified: true }]));
    }
    const smallOrders = make({ D: small.D.code, C: small.C.code, B: small.B.code });
    for (let i = 0; i < smallOrders.length; i += 10) await ingest(t, small.tenantId, smallOrders.slice(i, i + 10));
    const mode = await withTenant(t.db, large.tenantId, async (tx) => {
      const out = await ingestOrders(tx, { tenantId: large.tenantId, actor: { type: "api", id: null }, source: "api" }, make({ D: large.D.code, C: large.C.code, B: large.B.code }));
      expect(out.map((o) => o.status)).toEqual(Array(130).fill("created"));
      // The reads were planned for the batch's own rows; the writes, the foreign-key checks
      // among them, went back to the connection's cached plans.
      return rowsOf<{ mode: string }>(await tx.execute(sql`select current_setting('plan_cache_mode') as mode`))[0]!.mode;
    });
    expect(mode).toBe("auto");
    for (const k of ["A", "B", "C", "D"] as const) {
      expect(await balances(t, large.tenantId, large[k].id)).toEqual(await balances(t, small.tenantId, small[k].id));
    }
    const merges = (tenantId: string) => withTenant(t.db, tenantId, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from member_merges`))[0]!.n);
    expect(await merges(large.tenantId)).toBe(1);
    expect(await merges(small.tenantId)).toBe(1);
    expect((await withTenant(t.db, large.tenantId, (tx) => ledgerSummary(tx))).imbalanceFen).toBe(0);
  });
});

describe("OneID", () => {
  it("a merge moves the merged member's orders to the survivor", async () => {
    const { tenantId } = await abcdBrand();
    const phone = nextPhone();
    const { resolveMember } = await import("@/server/network/oneid");
    const survivor = await withTenant(t.db, tenantId, (tx) => resolveMember(tx, [{ kind: "wechat_unionid", value: "wx-u-1", verified: true }]));
    const merged = await withTenant(t.db, tenantId, (tx) => resolveMember(tx, [{ kind: "phone", value: phone, verified: true }]));
    const o = orderInput({ buyer: { identities: [{ kind: "phone", value: phone }] } });
    const [out] = await ingest(t, tenantId, [o]);
    await withTenant(t.db, tenantId, (tx) =>
      resolveMember(tx, [
        { kind: "wechat_unionid", value: "wx-u-1", verified: true },
        { kind: "phone", value: phone, verified: true },
      ]),
    );
    const [row] = rowsOf<{ buyer: string }>(
      await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select buyer_member_id as buyer from orders where id = ${out!.orderId}`)),
    );
    expect(merged.memberId).not.toBe(survivor.memberId);
    expect(row!.buyer).toBe(survivor.memberId);
  });
});

describe("a buyer whose identities lead to several members (not proven one person)", () => {
  const phone = (value: string) => ({ kind: "phone" as const, value });
  const unionid = (value: string) => ({ kind: "wechat_unionid" as const, value });

  it("follows the earliest binding, whatever order the identities are listed in, even when both were made in one batch", async () => {
    const { tenantId, C, D } = await abcdBrand();
    for (const [i, reversed] of [[1, false], [2, true]] as const) {
      const [p, u] = [nextPhone(), `wx-tie-${i}-${Date.now()}`];
      // One batch: the unionid's member is bound to D first, then the phone's member to C.
      await ingest(t, tenantId, [
        orderInput({ referralCode: D.code, buyer: { identities: [unionid(u)] } }),
        orderInput({ referralCode: C.code, buyer: { identities: [phone(p)] } }),
      ]);
      const o = orderInput({ buyer: { identities: reversed ? [unionid(u), phone(p)] : [phone(p), unionid(u)] } });
      await ingest(t, tenantId, [o]);
      expect((await view(t, tenantId, o)).attribution, `identities reversed: ${reversed}`).toEqual({ distributorCode: D.code, source: "binding" });
    }
  });

  it("is attributed by a binding held through any of its identities, though an earlier member of it is unbound", async () => {
    const { tenantId, D } = await abcdBrand();
    const [p, u] = [nextPhone(), `wx-any-${Date.now()}`];
    await ingest(t, tenantId, [orderInput({ buyer: { identities: [phone(p)] } })]); // unattributed: no binding
    await ingest(t, tenantId, [orderInput({ referralCode: D.code, buyer: { identities: [unionid(u)] } })]);
    const o = orderInput({ buyer: { identities: [phone(p), unionid(u)] } });
    await ingest(t, tenantId, [o]);
    expect((await view(t, tenantId, o)).attribution).toEqual({ distributorCode: D.code, source: "binding" });
  });
});

describe("buyers without identity (file import)", () => {
  it("are attributed by the referral code alone, never bound, and count no customer", async () => {
    const { tenantId, B, C, D } = await abcdBrand();
    const o1 = orderInput({ buyer: { identities: [] }, referralCode: D.code });
    const o2 = orderInput({ buyer: { identities: [] } });
    await ingest(t, tenantId, [o1, o2]);
    const v1 = await view(t, tenantId, o1);
    expect(v1.attribution).toEqual({ distributorCode: D.code, source: "referral_code" });
    expect(earnedByCode(v1)).toEqual({ [D.code]: 1000, [C.code]: 500, [B.code]: 200 });
    expect((await view(t, tenantId, o2)).attribution.source).toBe("none");
    const [row] = rowsOf<{ n: number; customers: number }>(
      await withTenant(t.db, tenantId, (tx) =>
        tx.execute(sql`select (select count(*)::int from bindings) as n, (select direct_customer_count from distributors where id = ${D.id}) as customers`),
      ),
    );
    expect(row).toEqual({ n: 0, customers: 0 });
  });
});

describe("the database's own guards on commissions", () => {
  const codeOf = (e: unknown) => {
    for (let cur = e as { code?: string; cause?: unknown } | undefined; cur; cur = cur.cause as typeof cur) if (cur.code) return cur.code;
    return String(e);
  };
  it("refuses a commission whose order is not its line's order, and one above tier 3", async () => {
    const { tenantId, D } = await abcdBrand();
    const [o1, o2] = [orderInput({ referralCode: D.code }), orderInput({ referralCode: D.code })];
    await ingest(t, tenantId, [o1, o2]);
    const copy = (orderId: SQL, tier: SQL) =>
      withTenant(t.db, tenantId, (tx) =>
        tx.execute(sql`
          insert into commissions (tenant_id, id, order_id, line_id, tier, distributor_id, rule_id, rule_version, kind, rate_bp, fixed_fen, amount_fen, status, trace)
          select tenant_id, gen_random_uuid(), ${orderId}, line_id, ${tier}, distributor_id, rule_id, rule_version, kind, rate_bp, fixed_fen, amount_fen, status, trace
          from commissions where order_id = (select id from orders where external_id = ${o1.externalId}) and tier = 1`),
      ).then(() => "written", codeOf);
    const orderOf = (o: typeof o1) => sql`(select id from orders where external_id = ${o.externalId})`;
    // Control: the same row under its own order and a legal tier is written.
    expect(await copy(orderOf(o1), sql`2`)).toBe("written");
    expect(await copy(orderOf(o2), sql`1`)).toBe("23503");
    expect(await copy(orderOf(o1), sql`4`)).toBe("23514");
  });
});
