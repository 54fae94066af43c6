/**
 * computeTax / recordWithholding against a real (PGlite or Postgres) database: the month's and
 * the year's aggregation read from `withdrawals`, the brand setting, the not-withheld cases,
 * the Asia/Shanghai month boundary, and brand isolation.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { Tx } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant } from "@/db/testing/test-db";
import { chain } from "@/server/network/test-helpers";
import { computeTax, NOT_WITHHELD, recordWithholding } from "./compute";
import { labourTax } from "./labour";
import { taxMonthOf } from "./month";

let t: Database;
const yuan = (y: number) => Math.round(y * 100);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function brand(method: "labour" | "cumulative" | null) {
  const tenantId = (await createTestTenant(t.db)).id;
  if (method) {
    await withTenant(t.db, tenantId, (tx) =>
      tx.execute(sql`insert into payout_settings (tenant_id, channel_limits, tax_method)
        values (${tenantId}, '{}'::jsonb, ${method}::tax_method)`),
    );
  }
  const [d] = await chain(t.db, tenantId, ["Tax D"]);
  return { tenantId, distributorId: d!.id };
}

/** What a payout does with its tax (markPaying / external payouts): fix it on a withdrawal row. */
async function pay(tx: Tx, tenantId: string, distributorId: string, incomeFen: number, at: Date, status = "paid") {
  const c = await computeTax(tx, { distributorId, incomeFen, at });
  const id = uuidv7();
  await tx.execute(sql`
    insert into withdrawals (tenant_id, id, distributor_id, out_bill_no, channel, status, amount_fen, tax_fen, net_fen,
      tax_month, tax_method, tax_note, tax_detail, paid_at)
    values (${tenantId}, ${id}, ${distributorId}, ${`T${id.replace(/-/g, "").slice(-16)}`}, 'external', ${status}::withdrawal_status,
      ${incomeFen}, ${c.taxFen}, ${incomeFen - c.taxFen}, ${status === "paid" ? c.month : null}, ${c.method}::tax_method, ${c.note},
      ${JSON.stringify(c.detail)}::jsonb, ${at.toISOString()})`);
  if (status === "paid") await recordWithholding(tx, { withdrawalId: id, distributorId, incomeFen, ...c });
  return { id, ...c };
}

describe("computeTax", () => {
  it("labour (no settings row = default): three ¥1,500 payouts in one month withhold 140, 300, 280", async () => {
    const { tenantId, distributorId } = await brand(null);
    const at = new Date("2027-03-10T04:00:00Z");
    const taxes: number[] = [];
    for (let i = 0; i < 3; i++) {
      taxes.push((await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(1_500), at))).taxFen);
    }
    expect(taxes).toEqual([yuan(140), yuan(300), yuan(280)]);
    const rows = await withTenant(t.db, tenantId, (tx) =>
      tx.execute(sql`select month, method, income_fen, tax_fen from tax_withholdings order by created_at`),
    );
    expect(rowsOf<{ month: string; tax_fen: string }>(rows).map((r) => [r.month, Number(r.tax_fen)])).toEqual([
      ["2027-03", 14_000],
      ["2027-03", 30_000],
      ["2027-03", 28_000],
    ]);
  });

  it("returned withdrawals and excludeWithdrawalId do not count towards the month", async () => {
    const { tenantId, distributorId } = await brand("labour");
    const at = new Date("2027-03-10T04:00:00Z");
    await withTenant(t.db, tenantId, async (tx) => {
      // A rejected one keeps no tax month (returnFunds clears it); even one that kept it is skipped.
      await tx.execute(sql`
        insert into withdrawals (tenant_id, id, distributor_id, out_bill_no, channel, status, amount_fen, tax_fen, net_fen, tax_month, tax_method)
        values (${tenantId}, ${uuidv7()}, ${distributorId}, 'WREJECTED0000001', 'bank', 'rejected', 150000, 14000, 136000, '2027-03', 'labour')`);
      const first = await pay(tx, tenantId, distributorId, yuan(1_500), at);
      expect(first.taxFen).toBe(yuan(140));
      // Recomputing the first payout itself (markPaying retried) must not count it twice.
      const again = await computeTax(tx, { distributorId, incomeFen: yuan(1_500), at, excludeWithdrawalId: first.id });
      expect(again.taxFen).toBe(yuan(140));
    });
  });

  it("scripted month boundary: 31 Jan 23:30 and 1 Feb 00:30 Asia/Shanghai are different months", async () => {
    const { tenantId, distributorId } = await brand("labour");
    const jan = new Date("2027-01-31T15:30:00Z"); // 23:30 in Shanghai
    const feb = new Date("2027-01-31T16:30:00Z"); // 00:30 on 1 Feb in Shanghai (still 31 Jan in UTC)
    expect([taxMonthOf(jan), taxMonthOf(feb)]).toEqual(["2027-01", "2027-02"]);
    const a = await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(3_000), jan));
    const b = await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(3_000), feb));
    // Two separate months: ¥440 each. Aggregated (wrongly) into one month it would be 440 then 520.
    expect([a.month, a.taxFen, b.month, b.taxFen]).toEqual(["2027-01", yuan(440), "2027-02", yuan(440)]);
    const c = await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(1_000), feb));
    // February now ¥4,000 → 640 in all; 440 withheld → 200.
    expect(c.taxFen).toBe(yuan(200));
  });

  it("cumulative brand setting: month-one vectors, then continuous months and a gap", async () => {
    for (const [income, tax] of [
      [3_000, 0],
      [10_000, 90],
      [30_000, 570],
      [60_000, 1_780],
    ] as const) {
      const { tenantId, distributorId } = await brand("cumulative");
      const c = await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(income), new Date("2027-04-15T02:00:00Z")));
      expect([c.method, c.taxFen]).toEqual(["cumulative", yuan(tax)]);
    }
    const { tenantId, distributorId } = await brand("cumulative");
    const taxes: number[] = [];
    for (const when of ["2027-01-20", "2027-02-20", "2027-03-20", "2027-05-20"]) {
      const c = await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(10_000), new Date(`${when}T02:00:00Z`)));
      taxes.push(c.taxFen);
      if (when === "2027-05-20") expect(c.detail).toMatchObject({ months: 1, earnedMonths: ["2027-01", "2027-02", "2027-03"] });
      if (when === "2027-03-20") expect(c.detail).toMatchObject({ months: 3 });
    }
    expect(taxes).toEqual([yuan(90), yuan(90), yuan(90), yuan(540)]);
    // A new year starts afresh.
    const next = await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(10_000), new Date("2028-01-05T02:00:00Z")));
    expect(next.taxFen).toBe(yuan(90));
  });

  it("not withheld: individual business, the flexible-employment platform, withheld by the platform — the record says why", async () => {
    const { tenantId, distributorId } = await brand("labour");
    const at = new Date("2027-06-01T02:00:00Z");
    const flex = await withTenant(t.db, tenantId, (tx) =>
      computeTax(tx, { distributorId, incomeFen: yuan(3_000), at, notWithheldReason: NOT_WITHHELD.flexiblePlatform }),
    );
    expect(flex).toMatchObject({ method: "not_withheld", taxFen: 0, note: "flexible_platform", month: "2027-06" });
    await withTenant(t.db, tenantId, (tx) =>
      tx.execute(sql`insert into distributor_identities (tenant_id, id, distributor_id, income_type) values (${tenantId}, ${uuidv7()}, ${distributorId}, 'individual_business')`),
    );
    const ib = await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(3_000), at));
    expect(ib).toMatchObject({ method: "not_withheld", taxFen: 0, note: "individual_business" });
    const [row] = rowsOf<{ method: string; note: string }>(
      await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select method, note from tax_withholdings where withdrawal_id = ${ib.id}`)),
    );
    expect(row).toEqual({ method: "not_withheld", note: "individual_business" });
  });

  it("property, through the database: any sequence of payouts in one month withholds the tax on their sum", async () => {
    const { tenantId } = await brand("labour");
    const at = new Date("2027-09-15T02:00:00Z");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 2_000_000 }), { minLength: 1, maxLength: 5 }), async (parts) => {
        const [d] = await chain(t.db, tenantId, ["Prop"]);
        let withheld = 0;
        for (const p of parts) withheld += (await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, d!.id, p, at))).taxFen;
        expect(withheld).toBe(labourTax(parts.reduce((x, y) => x + y, 0)).taxFen);
      }),
      { numRuns: 12 },
    );
  });

  it("only sees its own brand: another brand's payouts to the same person do not aggregate", async () => {
    const a = await brand("labour");
    const b = await brand("labour");
    const at = new Date("2027-07-01T02:00:00Z");
    await withTenant(t.db, a.tenantId, (tx) => pay(tx, a.tenantId, a.distributorId, yuan(3_000), at));
    // Brand B asking about brand A's distributor id sees no income (RLS): the first-payout tax.
    const c = await withTenant(t.db, b.tenantId, (tx) => computeTax(tx, { distributorId: a.distributorId, incomeFen: yuan(1_500), at }));
    expect(c.taxFen).toBe(yuan(140));
  });

  it("recordWithholding is once per withdrawal and refuses bad input", async () => {
    const { tenantId, distributorId } = await brand("labour");
    const p = await withTenant(t.db, tenantId, (tx) => pay(tx, tenantId, distributorId, yuan(2_000), new Date("2027-08-01T02:00:00Z")));
    await withTenant(t.db, tenantId, (tx) =>
      recordWithholding(tx, { withdrawalId: p.id, distributorId, month: p.month, method: p.method, incomeFen: yuan(2_000), taxFen: p.taxFen, note: null, detail: {} }),
    );
    const n = rowsOf(await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select 1 from tax_withholdings where withdrawal_id = ${p.id}`)));
    expect(n).toHaveLength(1);
    await expect(
      withTenant(t.db, tenantId, (tx) =>
        recordWithholding(tx, { withdrawalId: p.id, distributorId, month: "2027-13", method: "labour", incomeFen: 1, taxFen: 0, note: null, detail: {} }),
      ),
    ).rejects.toThrow(/month/);
    await expect(
      withTenant(t.db, tenantId, (tx) => computeTax(tx, { distributorId, incomeFen: -5, at: new Date() })),
    ).rejects.toThrow(/integer/);
  });
});
