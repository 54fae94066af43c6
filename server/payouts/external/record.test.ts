/**
 * Payouts made outside (issue 9 item 7): one transaction writes the paid withdrawal, its
 * timeline event, a balanced payout journal and the tax record; idempotent on reference;
 * refused above available and while arrears are owed; tax by the brand vs by the platform;
 * the Asia/Shanghai month boundary; brand isolation.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant } from "@/db/testing/test-db";
import { balancesOfOne, ledgerSummary } from "@/server/ledger/balances";
import { chain } from "@/server/network/test-helpers";
import { outcomeOf } from "@/server/testing/outcomes";
import { labourTax } from "../tax/labour";
import { recordExternalPayout, type ExternalPayoutInput } from "./record";
import { clearArrears, fundAvailable, oweArrears } from "./testing";

let t: Database;
const yuan = (y: number) => Math.round(y * 100);
const STAFF = { type: "staff" as const, id: "00000000-0000-7000-8000-0000000000aa" };
const NOW = new Date("2027-02-10T02:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function brand(availableFen = yuan(10_000), method: "labour" | "cumulative" = "labour") {
  const tenantId = (await createTestTenant(t.db)).id;
  if (method === "cumulative") {
    await withTenant(t.db, tenantId, (tx) => tx.execute(sql`insert into payout_settings (tenant_id, channel_limits, tax_method) values (${tenantId}, '{}'::jsonb, 'cumulative')`));
  }
  const [d] = await chain(t.db, tenantId, ["Outside"]);
  if (availableFen) await fundAvailable(t.db, tenantId, d!.id, availableFen);
  return { tenantId, distributorId: d!.id, code: d!.code };
}

const input = (over: Partial<ExternalPayoutInput> = {}): ExternalPayoutInput => ({
  amountFen: yuan(3_000),
  reference: "PAY-1",
  paidAt: new Date("2027-02-05T02:00:00Z"),
  taxWithheld: "by_brand",
  ...over,
});

async function state(tenantId: string, distributorId: string) {
  return withTenant(t.db, tenantId, async (tx) => ({
    balances: await balancesOfOne(tx, distributorId),
    ledger: await ledgerSummary(tx),
    withdrawals: rowsOf<{ status: string; channel: string; amount_fen: string; tax_fen: string; net_fen: string; tax_month: string; tax_method: string; tax_note: string | null }>(
      await tx.execute(sql`select status, channel, amount_fen, tax_fen, net_fen, tax_month, tax_method, tax_note from withdrawals order by requested_at, id`),
    ),
    events: rowsOf<{ from_status: string | null; to_status: string; actor_type: string }>(
      await tx.execute(sql`select from_status, to_status, actor_type from withdrawal_events`),
    ),
    taxes: rowsOf<{ month: string; method: string; income_fen: string; tax_fen: string; note: string | null }>(
      await tx.execute(sql`select month, method, income_fen, tax_fen, note from tax_withholdings order by created_at, id`),
    ),
    journals: rowsOf<{ kind: string; key: string; sum: number; n: number }>(
      await tx.execute(sql`select j.kind::text as kind, j.idempotency_key as key, sum(p.amount_fen)::int as sum, count(*)::int as n
        from ledger_journals j join ledger_postings p on p.journal_id = j.id
        where j.kind = 'payout' group by j.kind, j.idempotency_key`),
    ),
  }));
}

describe("recordExternalPayout", () => {
  it("by_brand: withholds labour tax, posts a balanced payout journal, a paid withdrawal, its event and the tax record in one go", async () => {
    const b = await brand();
    const r = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input(), NOW));
    expect(r.replayed).toBe(false);
    expect(r.payout).toMatchObject({ amountFen: yuan(3_000), taxFen: yuan(440), netFen: yuan(2_560), taxMethod: "labour", taxMonth: "2027-02", taxNote: null, taxWithheld: "by_brand", reference: "PAY-1", distributorCode: b.code });
    expect(r.payout.outBillNo).toMatch(/^X20270205[0-9A-Z]{10}$/);
    const s = await state(b.tenantId, b.distributorId);
    expect(s.balances).toMatchObject({ availableFen: yuan(7_000), withdrawingFen: 0 });
    expect(s.ledger.imbalanceFen).toBe(0);
    expect(s.ledger.accounts).toMatchObject({ payouts: yuan(2_560), tax_payable: yuan(440) });
    // debit available 3,000; credit payouts 2,560 and tax_payable 440: three postings summing to 0.
    expect(s.journals).toEqual([{ kind: "payout", key: `payout:${r.payout.id}`, sum: 0, n: 3 }]);
    expect(s.withdrawals.map((w) => [w.status, w.channel, Number(w.amount_fen), Number(w.tax_fen), Number(w.net_fen), w.tax_month, w.tax_method])).toEqual([
      ["paid", "external", 300_000, 44_000, 256_000, "2027-02", "labour"],
    ]);
    expect(s.events).toEqual([{ from_status: null, to_status: "paid", actor_type: "staff" }]);
    expect(s.taxes.map((x) => [x.month, x.method, Number(x.income_fen), Number(x.tax_fen)])).toEqual([["2027-02", "labour", 300_000, 44_000]]);
    const [log] = rowsOf<{ action: string }>(await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select action from audit_logs where action = 'payout.external_recorded'`)));
    expect(log).toEqual({ action: "payout.external_recorded" });
  });

  it("aggregates with the month's other payouts: three ¥1,500 withhold 140, 300, 280", async () => {
    const b = await brand();
    const taxes: number[] = [];
    for (const ref of ["A", "B", "C"]) {
      const r = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input({ reference: ref, amountFen: yuan(1_500) }), NOW));
      taxes.push(r.payout.taxFen);
    }
    expect(taxes).toEqual([yuan(140), yuan(300), yuan(280)]);
  });

  it("by_platform: not withheld by the brand, the record says why, the whole amount is net", async () => {
    const b = await brand();
    const r = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { code: b.code.toLowerCase() }, input({ taxWithheld: "by_platform" }), NOW));
    expect(r.payout).toMatchObject({ taxFen: 0, netFen: yuan(3_000), taxMethod: "not_withheld", taxNote: "withheld_by_platform" });
    const s = await state(b.tenantId, b.distributorId);
    expect(s.taxes).toEqual([{ month: "2027-02", method: "not_withheld", income_fen: expect.anything() as unknown, tax_fen: expect.anything() as unknown, note: "withheld_by_platform" }]);
    expect(s.ledger.accounts).toMatchObject({ payouts: yuan(3_000), tax_payable: 0 });
    // A later by_brand payout the same month is not aggregated with the platform's: first-payout tax.
    const next = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input({ reference: "PAY-2" }), NOW));
    expect(next.payout.taxFen).toBe(yuan(440));
  });

  it("is idempotent on reference: the same payout answers the first result and writes nothing; another payout under it is 409", async () => {
    const b = await brand();
    const first = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input({ reference: "  PAY-1 " }), NOW));
    const before = await state(b.tenantId, b.distributorId);
    // Same instant written another way, same reference after trimming.
    const again = await withTenant(t.db, b.tenantId, (tx) =>
      recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input({ paidAt: new Date("2027-02-05T10:00:00+08:00") }), NOW),
    );
    expect(again.replayed).toBe(true);
    expect(again.payout).toEqual(first.payout);
    expect(await state(b.tenantId, b.distributorId)).toEqual(before);
    for (const other of [input({ amountFen: yuan(2_999) }), input({ taxWithheld: "by_platform" }), input({ paidAt: new Date("2027-02-05T02:00:01Z") })]) {
      const err = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, other, NOW)).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "CONFLICT", fields: { reference: "reused" } });
    }
    // The same reference for another distributor is another payout too.
    const [other] = await chain(t.db, b.tenantId, ["Other"]);
    await fundAvailable(t.db, b.tenantId, other!.id, yuan(5_000));
    expect(await outcomeOf(withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: other!.id }, input(), NOW)))).toBe("CONFLICT");
    const after = await state(b.tenantId, b.distributorId);
    expect([after.withdrawals, after.events, after.taxes, after.journals, after.balances]).toEqual([before.withdrawals, before.events, before.taxes, before.journals, before.balances]);
  });

  it("refuses an amount above available (422) — at the balance is fine — and changes nothing", async () => {
    const b = await brand(yuan(1_000));
    const over = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input({ amountFen: yuan(1_000) + 1 }), NOW)).catch((e: unknown) => e);
    expect(over).toMatchObject({ code: "UNPROCESSABLE", fields: { amountFen: "exceeds_available" } });
    const s = await state(b.tenantId, b.distributorId);
    expect([s.balances.availableFen, s.withdrawals.length, s.events.length, s.taxes.length, s.journals.length]).toEqual([yuan(1_000), 0, 0, 0, 0]);
    const exact = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input({ amountFen: yuan(1_000) }), NOW));
    // ¥1,000: (1,000 − 800) × 20% = ¥40.
    expect([exact.payout.taxFen, exact.payout.netFen]).toEqual([yuan(40), yuan(960)]);
    expect((await state(b.tenantId, b.distributorId)).balances.availableFen).toBe(0);
  });

  it("refuses while the distributor owes arrears (422), and the retry with the same reference succeeds once they are cleared", async () => {
    const b = await brand(yuan(5_000));
    await oweArrears(t.db, b.tenantId, b.distributorId, yuan(30));
    const err = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input(), NOW)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "UNPROCESSABLE", fields: { amountFen: "arrears_outstanding" } });
    expect((await state(b.tenantId, b.distributorId)).withdrawals).toEqual([]);
    await clearArrears(t.db, b.tenantId, b.distributorId, yuan(30));
    const ok = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input(), NOW));
    expect([ok.replayed, ok.payout.taxFen]).toEqual([false, yuan(440)]);
  });

  it("refuses bad input with the field named: zero amount, empty reference, a future paidAt", async () => {
    const b = await brand();
    const cases: [Partial<ExternalPayoutInput>, string][] = [
      [{ amountFen: 0 }, "amountFen"],
      [{ amountFen: 1.5 }, "amountFen"],
      [{ reference: "  " }, "reference"],
      [{ reference: "x".repeat(65) }, "reference"],
      [{ paidAt: new Date(NOW.getTime() + 10 * 60_000) }, "paidAt"],
      [{ paidAt: new Date("nope") }, "paidAt"],
      [{ taxWithheld: "nobody" as "by_brand" }, "taxWithheld"],
    ];
    for (const [over, field] of cases) {
      const e = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input(over), NOW)).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: "BAD_REQUEST" });
      expect(Object.keys((e as { fields: object }).fields)).toEqual([field]);
    }
    expect((await state(b.tenantId, b.distributorId)).withdrawals).toEqual([]);
  });

  it("scripted month boundary: paid 31 Jan 23:30 and 1 Feb 00:30 Asia/Shanghai fall in different tax months, to the fen", async () => {
    const b = await brand(yuan(50_000));
    const pays = [
      { reference: "JAN-1", paidAt: new Date("2027-01-31T23:30:00+08:00"), amountFen: 345_678 },
      { reference: "FEB-1", paidAt: new Date("2027-02-01T00:30:00+08:00"), amountFen: 345_678 },
      { reference: "FEB-2", paidAt: new Date("2027-02-01T09:00:00+08:00"), amountFen: 123_457 },
    ];
    const got = [];
    for (const p of pays) got.push((await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input(p), NOW))).payout);
    // Independent calculation: each month's tax on its own total, withheld in order.
    const jan = labourTax(345_678).taxFen; // ¥3,456.78 − 800 = 2,656.78 × 20% = 531.356 → 531.36
    const febFirst = labourTax(345_678).taxFen;
    const febSecond = labourTax(345_678 + 123_457).taxFen - febFirst; // ¥4,691.35 × 80% × 20% = 750.616 → 750.62; − 531.36
    expect([jan, febSecond]).toEqual([53_136, 21_926]);
    expect(got.map((p) => [p.taxMonth, p.taxFen, p.netFen])).toEqual([
      ["2027-01", jan, 345_678 - jan],
      ["2027-02", febFirst, 345_678 - febFirst],
      ["2027-02", febSecond, 123_457 - febSecond],
    ]);
    const s = await state(b.tenantId, b.distributorId);
    expect(s.ledger.imbalanceFen).toBe(0);
    expect(s.ledger.accounts.tax_payable).toBe(jan + febFirst + febSecond);
  });

  it("cumulative brand: month-one ¥10,000 withholds ¥90", async () => {
    const b = await brand(yuan(20_000), "cumulative");
    const r = await withTenant(t.db, b.tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId: b.distributorId }, input({ amountFen: yuan(10_000) }), NOW));
    expect([r.payout.taxMethod, r.payout.taxFen]).toEqual(["cumulative", yuan(90)]);
  });

  it("another brand's distributor is not found, and nothing is written anywhere", async () => {
    const a = await brand();
    const b = await brand();
    for (const who of [{ distributorId: b.distributorId }, { code: b.code }]) {
      expect(await outcomeOf(withTenant(t.db, a.tenantId, (tx) => recordExternalPayout(tx, STAFF, who, input(), NOW)))).toBe("NOT_FOUND");
    }
    expect((await state(b.tenantId, b.distributorId)).withdrawals).toEqual([]);
    expect((await state(a.tenantId, a.distributorId)).withdrawals).toEqual([]);
  });
});
