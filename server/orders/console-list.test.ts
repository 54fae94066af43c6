/**
 * The console's orders list: every filter narrows to exactly the orders it names (dates on the
 * brand's clock), totals count the whole filtered list, paging and sorting are stable, keyset
 * chunks read every row once, and another brand's orders never appear.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { adminCreateDistributor } from "@/server/network/distributors";
import { ADMIN, chain, nextPhone } from "@/server/network/test-helpers";
import { orderChunk, listOrders } from "./console-list";
import { orderListInputSchema, type OrderListInput } from "./console-schemas";
import type { Cursor } from "./console-query";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "./testing";

let t: Database;
let tenantId: string;
let otherTenant: string;
let C: { id: string; code: string; name: string };
let selfD: { code: string };
const run = `${process.pid}${Date.now() % 100000}`;
const ext = (s: string) => `${run}-${s}`;

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = await moneyBrand(t);
  await addRule(t, tenantId, FLAT_RULE);
  const [, , c] = await chain(t.db, tenantId, ["甲 Top", "乙 Mid", `丙 Seller ${run}`]);
  C = c!;
  const selfPhone = nextPhone();
  selfD = await withTenant(t.db, tenantId, (tx) => adminCreateDistributor(tx, ADMIN, { name: "Self Buyer", phone: selfPhone }));
  const repeatBuyer = nextPhone();
  await ingest(t, tenantId, [
    // 10:00 on 1 March, brand time.
    orderInput({ externalId: ext("A100"), channel: "tmall", paidAt: "2025-03-01T10:00:00+08:00", referralCode: C.code, buyer: { identities: [{ kind: "phone", value: repeatBuyer }] }, items: [{ sku: "S1", quantity: 1, amountFen: 10_000 }] }),
    // 23:30 on 2 March brand time is still 2 March in UTC.
    orderInput({ externalId: ext("A101"), channel: "jd", paidAt: "2025-03-02T23:30:00+08:00", items: [{ sku: "S1", quantity: 2, amountFen: 30_000 }] }),
    // 00:10 on 3 March brand time is 2 March in UTC: the date filter must say 3 March.
    orderInput({ externalId: ext("B200"), channel: "tmall", paidAt: "2025-03-03T00:10:00+08:00", items: [{ sku: "S1", quantity: 1, amountFen: 5_000 }] }),
    orderInput({ externalId: ext("B201"), channel: "pdd", paidAt: "2025-03-04T12:00:00+08:00", buyer: { identities: [{ kind: "phone", value: selfPhone }] }, referralCode: selfD.code, items: [{ sku: "S1", quantity: 1, amountFen: 7_000 }] }),
    orderInput({ externalId: ext("C300"), channel: "douyin", paidAt: "2025-03-05T12:00:00+08:00", items: [{ sku: "S1", quantity: 1, amountFen: 2_000 }] }),
  ]);
  // The repeat buyer's next order, without a code, follows the binding.
  await ingest(t, tenantId, [orderInput({ externalId: ext("A102"), channel: "tmall", paidAt: "2025-03-06T09:00:00+08:00", buyer: { identities: [{ kind: "phone", value: repeatBuyer }] }, items: [{ sku: "S1", quantity: 1, amountFen: 20_000 }] })]);
  await sendEvent(t, tenantId, { channel: "douyin", externalId: ext("C300") }, { type: "cancelled", at: "2025-03-05T13:00:00+08:00" });
  await sendEvent(t, tenantId, { channel: "tmall", externalId: ext("A100") }, { type: "completed", at: "2025-03-02T10:00:00+08:00" });
  await sendEvent(t, tenantId, { channel: "tmall", externalId: ext("A100") }, { type: "refund", refundId: "r1", items: [{ sku: "S1", amountFen: 4_000 }], at: "2025-03-03T10:00:00+08:00" });

  otherTenant = await moneyBrand(t);
  await addRule(t, otherTenant, FLAT_RULE);
  await ingest(t, otherTenant, [orderInput({ externalId: ext("A199"), channel: "tmall", paidAt: "2025-03-01T11:00:00+08:00" })]);
});
afterAll(async () => t.close());

const list = (input: Partial<OrderListInput> = {}, tenant = tenantId) =>
  withTenant(t.db, tenant, (tx) => listOrders(tx, orderListInputSchema.parse({ externalId: run, ...input })));
const ids = (r: { items: { externalId: string }[] }) => r.items.map((i) => i.externalId.slice(run.length + 1));

describe("orders list filters", () => {
  it("lists the brand's orders newest paid first, with the total", async () => {
    const r = await list();
    expect(ids(r)).toEqual(["A102", "C300", "B201", "B200", "A101", "A100"]);
    expect(r.total).toBe(6);
  });

  it("shows each row's refund, commission, attribution, risk and masked buyer", async () => {
    const r = await list({ externalId: ext("A100") });
    expect(r.items).toHaveLength(1);
    const row = r.items[0]!;
    expect(row).toMatchObject({
      channel: "tmall",
      status: "completed",
      amountFen: 10_000,
      refundedFen: 4_000,
      // 10% / 5% / 2% of the ¥60 left after the refund.
      commissionFen: 600 + 300 + 120,
      distributor: { id: C.id, code: C.code, name: C.name },
      attributionSource: "referral_code",
      riskVerdict: "allow",
    });
    expect(row.buyer?.kind).toBe("phone");
    expect(row.buyer?.masked).toMatch(/\*/);
    expect(row.buyer?.masked).not.toMatch(/^\d{11}$/);
  });

  it("each filter narrows to the orders it names", async () => {
    expect(ids(await list({ channel: "tmall" }))).toEqual(["A102", "B200", "A100"]);
    expect(ids(await list({ status: "cancelled" }))).toEqual(["C300"]);
    expect(ids(await list({ status: "completed" }))).toEqual(["A100"]);
    expect(ids(await list({ attribution: "binding" }))).toEqual(["A102"]);
    expect(ids(await list({ attribution: "none" }))).toEqual(["C300", "B200", "A101"]);
    expect(ids(await list({ risk: "block" }))).toEqual(["B201"]);
    expect(ids(await list({ risk: "allow" }))).toEqual(["A102", "C300", "B200", "A101", "A100"]);
    expect(ids(await list({ risk: "review" }))).toEqual([]);
    expect(ids(await list({ distributor: C.code.toLowerCase() }))).toEqual(["A102", "A100"]);
    expect(ids(await list({ distributor: `Seller ${run}` }))).toEqual(["A102", "A100"]);
    expect(ids(await list({ distributor: "self buy" }))).toEqual(["B201"]);
    expect(ids(await list({ distributor: "%" }))).toEqual([]);
    expect(ids(await list({ externalId: ext("B") }))).toEqual(["B201", "B200"]);
    expect(ids(await list({ externalId: ext("A10") }))).toEqual(["A102", "A101", "A100"]);
    expect(ids(await list({ externalId: `${run}-a` }))).toEqual([]);
  });

  it("dates are brand days (Asia/Shanghai), both ends inclusive", async () => {
    expect(ids(await list({ paidFrom: "2025-03-03", paidTo: "2025-03-03" }))).toEqual(["B200"]);
    expect(ids(await list({ paidFrom: "2025-03-02", paidTo: "2025-03-02" }))).toEqual(["A101"]);
    expect(ids(await list({ paidFrom: "2025-03-04" }))).toEqual(["A102", "C300", "B201"]);
    expect(ids(await list({ paidTo: "2025-03-01" }))).toEqual(["A100"]);
  });

  it("filters combine, and the total counts every match, not the page", async () => {
    const r = await list({ channel: "tmall", attribution: "none" });
    expect(ids(r)).toEqual(["B200"]);
    const page = await list({ limit: 2, offset: 2 });
    expect(ids(page)).toEqual(["B201", "B200"]);
    expect(page.total).toBe(6);
    expect((await list({ limit: 2, offset: 6 })).items).toEqual([]);
  });

  it("sorts by amount either way, ties broken by id", async () => {
    expect(ids(await list({ sort: "amount", dir: "desc" }))).toEqual(["A101", "A102", "A100", "B201", "B200", "C300"]);
    expect(ids(await list({ sort: "amount", dir: "asc" }))).toEqual(["C300", "B200", "B201", "A100", "A102", "A101"]);
    expect(ids(await list({ sort: "paidAt", dir: "asc" }))).toEqual(["A100", "A101", "B200", "B201", "C300", "A102"]);
  });

  it("never lists another brand's orders", async () => {
    expect((await list({}, otherTenant)).total).toBe(1);
    expect(ids(await list({ externalId: ext("A1") }))).not.toContain("A199");
  });

  it("refuses a date range that ends before it starts", () => {
    expect(orderListInputSchema.safeParse({ paidFrom: "2025-03-05", paidTo: "2025-03-01" }).success).toBe(false);
    expect(orderListInputSchema.safeParse({ paidFrom: "2025-02-30" }).success).toBe(false);
  });
});

describe("orders export chunks", () => {
  it("keyset chunks read every matching row once, in the list's order, even when sort keys tie", async () => {
    const tenant = await moneyBrand(t);
    await addRule(t, tenant, FLAT_RULE);
    // Seven orders paid at the same instant with the same amount: only the id orders them.
    const same = "2025-04-01T08:00:00.123456+08:00";
    await ingest(t, tenant, Array.from({ length: 7 }, (_, i) => orderInput({ externalId: ext(`T${i}`), paidAt: same })));
    for (const sort of ["paidAt", "amount"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const filter = orderListInputSchema.parse({ sort, dir });
        const whole = await withTenant(t.db, tenant, (tx) => listOrders(tx, { ...filter, limit: 100 }));
        const seen: string[] = [];
        let cursor: Cursor | null = null;
        let chunks = 0;
        do {
          const chunk: Awaited<ReturnType<typeof orderChunk>> = await withTenant(t.db, tenant, (tx) => orderChunk(tx, filter, cursor, 3));
          seen.push(...chunk.rows.map((r) => r.id));
          cursor = chunk.next;
          chunks += 1;
        } while (cursor);
        expect(seen).toEqual(whole.items.map((i) => i.id));
        expect(chunks).toBe(3);
      }
    }
  });
});
