/**
 * The console's commissions list: status, tier, distributor, created-at brand days and rule each
 * narrow the list; totals, paging, sorting; export chunks carry the trace in the reader's
 * language; the rule filter's options; another brand's commissions never appear.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain } from "@/server/network/test-helpers";
import { settleAll } from "@/server/settlement/run";
import { shanghaiIso } from "@/server/shared/time";
import { commissionChunk, commissionRuleOptions, listCommissions } from "./console-commissions";
import { commissionListInputSchema, type CommissionListInput } from "./console-schemas";
import type { Cursor } from "./console-query";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "./testing";

let t: Database;
let tenantId: string;
let otherTenant: string;
let flatId: string;
let bonusId: string;
let A: { id: string; code: string };
let C: { id: string; code: string };

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = await moneyBrand(t, { afterSalesDays: 0 });
  flatId = (await addRule(t, tenantId, FLAT_RULE)).id;
  bonusId = (await addRule(t, tenantId, { name: "Bonus B", priority: 0, stackable: true, match: { skus: ["B"] }, tiers: [{ tier: 1, fixedFen: 50 }] })).id;
  const [a, , c] = await chain(t.db, tenantId, ["Alpha Top", "Beta Mid", "Gamma Seller"]);
  A = a!;
  C = c!;
  const o1 = orderInput({ referralCode: C.code, items: [{ sku: "A", quantity: 1, amountFen: 10_000 }, { sku: "B", quantity: 2, amountFen: 4_000 }] });
  const o2 = orderInput({ referralCode: C.code, items: [{ sku: "A", quantity: 1, amountFen: 20_000 }] });
  await ingest(t, tenantId, [o1, o2]);
  // o1 settles (after-sales window 0); o2 is cancelled.
  await sendEvent(t, tenantId, o1, { type: "completed", at: new Date().toISOString() });
  await settleAll(t.db, { tenantId, now: new Date(Date.now() + 1000) });
  await sendEvent(t, tenantId, o2, { type: "cancelled", at: new Date().toISOString() });

  otherTenant = await moneyBrand(t);
  await addRule(t, otherTenant, FLAT_RULE);
  const [x] = await chain(t.db, otherTenant, ["Other"]);
  await ingest(t, otherTenant, [orderInput({ referralCode: x!.code })]);
});
afterAll(async () => t.close());

const list = (input: Partial<CommissionListInput> = {}, tenant = tenantId) =>
  withTenant(t.db, tenant, (tx) => listCommissions(tx, commissionListInputSchema.parse(input)));
const summary = (r: Awaited<ReturnType<typeof list>>) => r.items.map((i) => `${i.sku}/${i.tier}/${i.amountFen}/${i.status}`).sort();

describe("commissions list", () => {
  it("lists every earner's share with its rule version, order and line", async () => {
    const r = await list();
    expect(r.total).toBe(10);
    expect(summary(r)).toEqual(
      [
        // o1 line A: 10 / 5 / 2 %; line B: the same plus the stacked ¥0.50 × 2 for tier 1.
        "A/1/1000/settled", "A/2/500/settled", "A/3/200/settled",
        "B/1/400/settled", "B/2/200/settled", "B/3/80/settled", "B/1/100/settled",
        // o2, cancelled: amounts 0.
        "A/1/0/cancelled", "A/2/0/cancelled", "A/3/0/cancelled",
      ].sort(),
    );
    const bonus = r.items.find((i) => i.rule.id === bonusId)!;
    expect(bonus).toMatchObject({ rule: { name: "Bonus B", version: 1 }, distributor: { id: C.id, code: C.code }, tier: 1 });
    expect(bonus.settledAt).toBeInstanceOf(Date);
    expect(bonus.order.channel).toBe("tmall");
  });

  it("each filter narrows to the commissions it names", async () => {
    expect((await list({ status: "cancelled" })).total).toBe(3);
    expect((await list({ status: "settled" })).total).toBe(7);
    expect((await list({ status: "pending" })).total).toBe(0);
    expect(summary(await list({ tier: "3" }))).toEqual(["A/3/0/cancelled", "A/3/200/settled", "B/3/80/settled"]);
    expect(summary(await list({ ruleId: bonusId }))).toEqual(["B/1/100/settled"]);
    expect((await list({ ruleId: flatId })).total).toBe(9);
    expect((await list({ distributor: A.code })).items.every((i) => i.tier === 3)).toBe(true);
    expect((await list({ distributor: "gamma" })).total).toBe(4);
    expect((await list({ distributor: "nobody" })).total).toBe(0);
    expect(summary(await list({ status: "settled", tier: "1" }))).toEqual(["A/1/1000/settled", "B/1/100/settled", "B/1/400/settled"]);
  });

  it("created-at dates are brand days", async () => {
    // Both orders were ingested in one transaction: one created-at instant for all ten.
    const today = shanghaiIso((await list({ limit: 1 })).items[0]!.createdAt).slice(0, 10);
    expect((await list({ createdFrom: today, createdTo: today })).total).toBe(10);
    expect((await list({ createdTo: "2020-01-01" })).total).toBe(0);
    const tomorrow = shanghaiIso(new Date(Date.parse(`${today}T00:00:00+08:00`) + 86_400_000)).slice(0, 10);
    expect((await list({ createdFrom: tomorrow })).total).toBe(0);
  });

  it("sorts by amount and pages with the total", async () => {
    const byAmount = await list({ sort: "amount", dir: "desc", limit: 3 });
    expect(byAmount.items.map((i) => i.amountFen)).toEqual([1000, 500, 400]);
    expect(byAmount.total).toBe(10);
    const last = await list({ sort: "amount", dir: "desc", limit: 3, offset: 9 });
    expect(last.items.map((i) => i.amountFen)).toEqual([0]);
  });

  it("export chunks read every row once and carry the trace in the reader's language", async () => {
    const filter = commissionListInputSchema.parse({ status: "settled", sort: "amount", dir: "asc" });
    const rows: Awaited<ReturnType<typeof commissionChunk>>["rows"] = [];
    let cursor: Cursor | null = null;
    do {
      const chunk: Awaited<ReturnType<typeof commissionChunk>> = await withTenant(t.db, tenantId, (tx) => commissionChunk(tx, filter, cursor, 2, "en"));
      rows.push(...chunk.rows);
      cursor = chunk.next;
    } while (cursor);
    expect(rows.map((r) => r.amountFen)).toEqual([80, 100, 200, 200, 400, 500, 1000]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(7);
    expect(rows.at(-1)!.trace).toBe("¥10.00 = 10% of ¥100.00, rule flat v1, tier 1");
    const zh = await withTenant(t.db, tenantId, (tx) => commissionChunk(tx, { ...filter, ruleId: bonusId }, null, 10, "zh-CN"));
    expect(zh.rows[0]!.trace).toBe("¥1.00 = ¥0.50 × 2 件，规则「Bonus B」v1（叠加），第 1 级");
    expect(zh.next).toBeNull();
  });

  it("offers the brand's rules by their current name, and nothing of another brand's", async () => {
    const options = await withTenant(t.db, tenantId, (tx) => commissionRuleOptions(tx));
    expect(options.map((o) => o.name).sort()).toEqual(["Bonus B", "flat"]);
    expect((await list({}, otherTenant)).total).toBe(1);
    expect((await list({ ruleId: bonusId }, otherTenant)).total).toBe(0);
  });
});
