/**
 * Leaderboards (issue 12 item 5): the rollup-backed boards equal a direct computation from the
 * orders (property test), weeks and months break at Asia/Shanghai midnight with weeks starting
 * on Monday, team and region scopes, and names masked for the portal only.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain, nextPhone } from "@/server/network/test-helpers";
import { ingestOrders } from "@/server/orders/ingest";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { foldLeaderboards } from "./fold";
import { currentPeriod, localMidnight, monthBounds } from "./periods";
import { readLeaderboard, type LeaderboardMetric } from "./read";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const sh = (local: string) => new Date(`${local}+08:00`);

async function brand(names = ["张三丰", "李四", "王五"], levels = 2) {
  const tenantId = await moneyBrand(t, { commissionLevels: levels });
  await addRule(t, tenantId, FLAT_RULE);
  return { tenantId, ds: await chain(t.db, tenantId, names) };
}

const board = (tenantId: string, now: Date, q: { period: "week" | "month"; metric: LeaderboardMetric; scope?: { kind: "brand" } | { kind: "team"; distributorId: string } | { kind: "region"; region: string } }, mask = false) =>
  withTenant(t.db, tenantId, (tx) => readLeaderboard(tx, tenantId, { scope: { kind: "brand" }, limit: 100, ...q }, { now, mask, freshMs: 0 }));

describe("periods", () => {
  it("weeks start on Monday at Shanghai midnight; months at the 1st, Shanghai midnight", () => {
    // 2026-03-01 is a Sunday.
    expect(currentPeriod("week", sh("2026-03-01T23:59:59.999")).periodStart).toBe("2026-02-23");
    expect(currentPeriod("week", sh("2026-03-02T00:00:00")).periodStart).toBe("2026-03-02");
    expect(currentPeriod("month", sh("2026-02-28T23:59:59.999")).periodStart).toBe("2026-02-01");
    expect(currentPeriod("month", sh("2026-03-01T00:00:00")).periodStart).toBe("2026-03-01");
    expect(monthBounds("2026-12")).toEqual({ start: sh("2026-12-01T00:00:00"), end: sh("2027-01-01T00:00:00") });
    expect(localMidnight("2026-03-02")).toEqual(sh("2026-03-02T00:00:00"));
  });
});

describe("leaderboards", () => {
  it("counts an order in the week and month of its Shanghai paid time, at the boundaries", async () => {
    const { tenantId, ds } = await brand();
    const [A] = ds;
    const paid = ["2026-02-28T23:59:59", "2026-03-01T00:00:00", "2026-03-01T23:59:59", "2026-03-02T00:00:00"];
    const amounts = [1_000, 2_000, 4_000, 8_000];
    await ingest(t, tenantId, paid.map((p, i) => orderInput({ referralCode: A!.code, paidAt: sh(p).toISOString(), items: [{ sku: "S", quantity: 1, amountFen: amounts[i]! }] })));
    const gmv = async (period: "week" | "month", now: string) => (await board(tenantId, sh(now), { period, metric: "gmv" })).entries[0]?.value ?? 0;
    expect(await gmv("month", "2026-02-15T00:00:00")).toBe(1_000);
    expect(await gmv("month", "2026-03-15T00:00:00")).toBe(14_000);
    expect(await gmv("week", "2026-03-01T12:00:00")).toBe(7_000); // Mon 23 Feb – Sun 1 Mar
    expect(await gmv("week", "2026-03-02T00:00:00")).toBe(8_000);
  });

  it("ranks by each metric, within a team (levels deep) and a region; masks names for the portal only", async () => {
    // Chain 张三丰 → 李四 → 王五 → 赵六: with 2 levels, 张三丰's team is itself, 李四 and 王五.
    const { tenantId, ds } = await brand(["张三丰", "李四", "王五", "赵六"], 2);
    const [A, B, C, D] = ds;
    const now = sh("2026-03-20T12:00:00");
    const at = sh("2026-03-18T10:00:00").toISOString();
    const sale = (code: string, amountFen: number, province = "广东省", city = "深圳市") =>
      orderInput({ referralCode: code, paidAt: at, items: [{ sku: "S", quantity: 1, amountFen }], shippingAddress: { province, city, detail: "1号" } });
    await ingest(t, tenantId, [sale(A!.code, 1_000), sale(B!.code, 3_000, "浙江省", "杭州市"), sale(B!.code, 500), sale(C!.code, 2_000), sale(D!.code, 9_000)]);
    const brandGmv = await board(tenantId, now, { period: "month", metric: "gmv" });
    expect(brandGmv.entries.map((e) => [e.name, e.value])).toEqual([["赵六", 9_000], ["李四", 3_500], ["王五", 2_000], ["张三丰", 1_000]]);
    const orders = await board(tenantId, now, { period: "week", metric: "orders" });
    expect(orders.entries[0]).toMatchObject({ rank: 1, name: "李四", value: 2 });
    const team = await board(tenantId, now, { period: "month", metric: "gmv", scope: { kind: "team", distributorId: A!.id } });
    expect(team.entries.map((e) => e.name)).toEqual(["李四", "王五", "张三丰"]);
    const region = await board(tenantId, now, { period: "month", metric: "gmv", scope: { kind: "region", region: "广东省" } });
    expect(region.entries.map((e) => [e.name, e.value])).toEqual([["赵六", 9_000], ["王五", 2_000], ["张三丰", 1_000], ["李四", 500]]);
    const city = await board(tenantId, now, { period: "month", metric: "gmv", scope: { kind: "region", region: "浙江省 杭州市" } });
    expect(city.entries.map((e) => [e.name, e.value])).toEqual([["李四", 3_000]]);
    const masked = await board(tenantId, now, { period: "month", metric: "gmv" }, true);
    expect(masked.entries.map((e) => e.name)).toEqual(["赵*", "李*", "王*", "张*丰"]);
  });

  it("isolates brands: one brand's board never shows another's distributors", async () => {
    const a = await brand(["甲一"]);
    const b = await brand(["乙二"]);
    const at = sh("2026-03-18T10:00:00").toISOString();
    await ingest(t, a.tenantId, [orderInput({ referralCode: a.ds[0]!.code, paidAt: at })]);
    await ingest(t, b.tenantId, [orderInput({ referralCode: b.ds[0]!.code, paidAt: at })]);
    const now = sh("2026-03-20T00:00:00");
    expect((await board(a.tenantId, now, { period: "month", metric: "gmv" })).entries.map((e) => e.name)).toEqual(["甲一"]);
    expect((await board(b.tenantId, now, { period: "month", metric: "gmv" })).entries.map((e) => e.name)).toEqual(["乙二"]);
    await expect(board(a.tenantId, now, { period: "month", metric: "gmv", scope: { kind: "team", distributorId: b.ds[0]!.id } })).rejects.toThrow(/No such distributor/);
  });

  it("property: after any orders, refunds and cancellations, every board equals a direct computation", async () => {
    const NOW = sh("2026-03-20T12:00:00");
    const MONTH_START = sh("2026-03-01T00:00:00").getTime();
    const WEEK_START = sh("2026-03-16T00:00:00").getTime();
    const orderArb = fc.record({
      d: fc.nat(2),
      buyer: fc.nat(3),
      // From mid-February to the 20th of March: across both boundaries.
      minutes: fc.integer({ min: 0, max: 33 * 24 * 60 }),
      amount: fc.integer({ min: 1, max: 50_000 }),
      fate: fc.constantFrom("keep", "keep", "refund_part", "refund_all", "cancel"),
      region: fc.constantFrom(null, ["广东省", "深圳市"], ["浙江省", "杭州市"]),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(orderArb, { minLength: 1, maxLength: 12 }), fc.boolean(), async (spec, foldBetween) => {
        const { tenantId, ds } = await brand(["一", "二", "三"], 1);
        const phones = [nextPhone(), nextPhone(), nextPhone(), nextPhone()];
        const base = sh("2026-02-15T00:00:00").getTime();
        const inputs = spec.map((s) =>
          orderInput({
            referralCode: ds[s.d]!.code,
            buyer: { identities: [{ kind: "phone", value: phones[s.buyer]! }] },
            paidAt: new Date(base + s.minutes * 60_000).toISOString(),
            items: [{ sku: "S", quantity: 1, amountFen: s.amount }],
            ...(s.region ? { shippingAddress: { province: s.region[0], city: s.region[1], detail: "x" } } : {}),
          }),
        );
        // Binding: a buyer stays with its first distributor (lock mode), so attribute as the DB does.
        await ingest(t, tenantId, inputs);
        if (foldBetween) await withTenant(t.db, tenantId, (tx) => foldLeaderboards(tx, tenantId, { now: NOW }));
        let k = 0;
        for (const [i, s] of spec.entries()) {
          if (s.fate === "cancel") await sendEvent(t, tenantId, inputs[i]!, { type: "cancelled", at: NOW.toISOString() });
          if (s.fate === "refund_part" && s.amount > 1) await sendEvent(t, tenantId, inputs[i]!, { type: "refund", refundId: `r${k++}`, items: [{ sku: "S", amountFen: Math.floor(s.amount / 2) }], at: NOW.toISOString() });
          if (s.fate === "refund_all") await sendEvent(t, tenantId, inputs[i]!, { type: "refund", refundId: `r${k++}`, items: [{ sku: "S", amountFen: s.amount }], at: NOW.toISOString() });
        }
        // The model: read who each order was attributed to (binding decides), then compute.
        const attributed = rowsOf<{ external_id: string; distributor_id: string | null; buyer_member_id: string }>(
          await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select external_id, distributor_id, buyer_member_id from orders`)),
        );
        const byExt = new Map(attributed.map((r) => [r.external_id, r]));
        const model = spec.map((s, i) => {
          const row = byExt.get(inputs[i]!.externalId)!;
          const net = s.fate === "cancel" ? null : s.fate === "refund_all" ? 0 : s.fate === "refund_part" && s.amount > 1 ? s.amount - Math.floor(s.amount / 2) : s.amount;
          return { i, d: row.distributor_id, buyer: row.buyer_member_id, paid: base + s.minutes * 60_000, net, region: s.region };
        });
        const expectFor = (from: number, region: string) => {
          const out = new Map<string, { gmv: number; orders: number; new_customers: number }>();
          const get = (d: string) => out.get(d) ?? (out.set(d, { gmv: 0, orders: 0, new_customers: 0 }), out.get(d)!);
          for (const m of model) {
            if (!m.d || m.net === null || m.paid < from || m.paid >= NOW.getTime() + 86_400_000 * 30) continue;
            const key = m.region ? [m.region[0], `${m.region[0]} ${m.region[1]}`] : [];
            if (region && !key.includes(region)) continue;
            if (m.net > 0) {
              get(m.d).gmv += m.net;
              get(m.d).orders += 1;
            }
            // First not-cancelled order of this buyer with this distributor (ties by id = ingest order).
            const first = model
              .filter((o) => o.d === m.d && o.buyer === m.buyer && o.net !== null)
              .sort((a, b) => a.paid - b.paid || a.i - b.i)[0];
            if (first === m && m.net > 0) get(m.d).new_customers += 1;
          }
          return out;
        };
        for (const [period, from] of [["month", MONTH_START], ["week", WEEK_START]] as const) {
          for (const region of ["", "广东省", "浙江省 杭州市"]) {
            const want = expectFor(from, region);
            for (const metric of ["gmv", "orders", "new_customers"] as const) {
              const got = await board(tenantId, NOW, { period, metric, scope: region ? { kind: "region", region } : { kind: "brand" } });
              const wanted = [...want.entries()].map(([d, v]) => [d, v[metric]] as const).filter(([, v]) => v > 0);
              expect(new Map(got.entries.map((e) => [e.distributorId, e.value])), `${period} ${region} ${metric}`).toEqual(new Map(wanted));
              const values = got.entries.map((e) => e.value);
              expect(values).toEqual([...values].sort((a, b) => b - a));
            }
          }
        }
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});

describe("the fold's watermark", () => {
  const fold = (tenantId: string, now: Date) => withTenant(t.db, tenantId, (tx) => foldLeaderboards(tx, tenantId, { now }));
  const gmv = async (tenantId: string, now: Date) =>
    (await withTenant(t.db, tenantId, (tx) => readLeaderboard(tx, tenantId, { period: "month", metric: "gmv", scope: { kind: "brand" }, limit: 10 }, { now, mask: false, fold: false }))).entries.map((e) => e.value);

  it("does not rebuild what the last fold read, even within the re-read margin; picks up what came after", async () => {
    const { tenantId, ds } = await brand(["甲"]);
    const now = new Date();
    await ingest(t, tenantId, [orderInput({ referralCode: ds[0]!.code, paidAt: now.toISOString(), items: [{ sku: "S", quantity: 1, amountFen: 1_000 }] })]);
    expect((await fold(tenantId, now)).periods).toBeGreaterThan(0);
    if (t.kind === "postgres") {
      // On a shared server another test file's open transaction can hold the fold's snapshot
      // xmin back, and the fold then re-reads (safely). Pin it past every committed id, as a fold
      // taken with nothing else running would have.
      await t.db.execute(sql`update incentive_watermarks set seen_xmin = pg_snapshot_xmax(pg_current_snapshot())::text::bigint where tenant_id = ${tenantId}::uuid`);
    }
    // Seconds later, nothing new: the events are inside the five-minute margin but were folded.
    expect(await fold(tenantId, now)).toEqual({ folded: true, periods: 0 });
    await ingest(t, tenantId, [orderInput({ referralCode: ds[0]!.code, paidAt: now.toISOString(), items: [{ sku: "S", quantity: 1, amountFen: 2_000 }] })]);
    expect((await fold(tenantId, now)).periods).toBe(2); // that distributor's week and month
    expect(await gmv(tenantId, now)).toEqual([3_000]);
  });

  it("folds an order whose transaction was still open when the last fold began", async () => {
    const { tenantId, ds } = await brand(["乙"]);
    const now = new Date();
    const sale = (amountFen: number) => orderInput({ referralCode: ds[0]!.code, paidAt: now.toISOString(), items: [{ sku: "S", quantity: 1, amountFen }] });
    await ingest(t, tenantId, [sale(1_000)]);
    if (t.kind === "postgres") {
      // An ingest transaction holds its order uncommitted while a fold runs and commits.
      let commit!: () => void;
      const held = new Promise<void>((r) => (commit = r));
      let written!: () => void;
      const ready = new Promise<void>((r) => (written = r));
      const open = withTenant(t.db, tenantId, async (tx) => {
        await ingestOrders(tx, { tenantId, actor: { type: "api", id: null }, source: "api" }, [sale(2_000)]);
        written();
        await held;
      });
      await ready;
      await fold(tenantId, now);
      expect(await gmv(tenantId, now)).toEqual([1_000]);
      commit();
      await open;
    } else {
      // PGlite runs one transaction at a time: the order simply commits after a fold.
      await fold(tenantId, now);
      await ingest(t, tenantId, [sale(2_000)]);
    }
    await fold(tenantId, now);
    expect(await gmv(tenantId, now)).toEqual([3_000]);
  });
});
