/**
 * Cases in the Risk Control Center, blacklist CSV import with bad lines reported, and freezing a
 * distributor for fraud with its identifiers listed in the same step.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ledgerSummary } from "@/server/ledger/balances";
import { ADMIN } from "@/server/network/test-helpers";
import { addRule, balances, FLAT_RULE, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { checkValues, listBlacklist } from "./blacklist";
import { importBlacklistCsv } from "./blacklist-csv";
import { caseDetail, caseListInputSchema, decideCase, listCases } from "./cases";
import { detectAll } from "./detect/run";
import { freezeForFraud } from "./freeze";
import { distributorWithPhone, flaggedOrder, plantRing } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function brand() {
  const tenantId = await moneyBrand(t, { commissionLevels: 1 });
  await addRule(t, tenantId, FLAT_RULE);
  return tenantId;
}
const tx = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, tenantId, fn);

describe("cases", () => {
  it("a ring case is listed, shown with its distributors, decided, and reversed only by a new decision", async () => {
    const tenantId = await brand();
    const X = await distributorWithPhone(t, tenantId, "X");
    const Y = await distributorWithPhone(t, tenantId, "Y");
    await plantRing(t, tenantId, [X, Y]);
    await detectAll(t.db, { tenantId });
    // Ingest opened an order_review case for each held ring purchase; the nightly job adds the ring.
    const all = await tx(tenantId, (x) => listCases(x, caseListInputSchema.parse({})));
    expect(all.items.map((c) => c.kind).sort()).toEqual(["order_review", "order_review", "ring"]);
    const list = await tx(tenantId, (x) => listCases(x, caseListInputSchema.parse({ kind: "ring" })));
    expect(list.total).toBe(1);
    const item = list.items[0]!;
    expect(item).toMatchObject({ kind: "ring", status: "open", members: 2, rules: ["ring"] });
    expect(item.distributors.map((d) => d.code).sort()).toEqual([X.code, Y.code].sort());
    const detail = await tx(tenantId, (x) => caseDetail(x, item.id));
    expect(detail.members).toHaveLength(2);
    expect(detail.members.every((m) => m.masked.includes("*"))).toBe(true);

    await tx(tenantId, (x) => decideCase(x, tenantId, ADMIN, { caseId: item.id, decision: "reject", reason: "confirmed ring" }));
    expect((await tx(tenantId, (x) => listCases(x, caseListInputSchema.parse({ kind: "ring" })))).total).toBe(0);
    expect((await tx(tenantId, (x) => listCases(x, caseListInputSchema.parse({ kind: "ring", status: "rejected" })))).total).toBe(1);
    await expect(tx(tenantId, (x) => decideCase(x, tenantId, ADMIN, { caseId: item.id, decision: "reject", reason: "again" }))).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    await tx(tenantId, (x) => decideCase(x, tenantId, ADMIN, { caseId: item.id, decision: "approve", reason: "family business after all" }));
    const after = await tx(tenantId, (x) => caseDetail(x, item.id));
    expect(after.status).toBe("approved");
    expect(after.decisions.map((d) => [d.decision, d.reason])).toEqual([
      ["reject", "confirmed ring"],
      ["approve", "family business after all"],
    ]);
  });

  it("deciding an order_review case decides its order: the held commission is cancelled with balanced journals", async () => {
    const tenantId = await brand();
    const D = await distributorWithPhone(t, tenantId, "D");
    const { orderId } = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    const [c] = rowsOf<{ id: string }>(
      await tx(tenantId, (x) =>
        x.execute(sql`insert into risk_cases (tenant_id, id, kind, order_id, distributor_ids, amount_fen, dedupe_key)
          values (${tenantId}, gen_random_uuid(), 'order_review', ${orderId}, ${`{${D.id}}`}::uuid[], 1000, ${`order:${orderId}`}) returning id::text`),
      ),
    );
    const r = await tx(tenantId, (x) => decideCase(x, tenantId, ADMIN, { caseId: c!.id, decision: "reject", reason: "blacklisted phone" }));
    expect(r).toMatchObject({ status: "rejected", commissions: 1, amountFen: 1000 });
    expect(await balances(t, tenantId, D.id)).toMatchObject({ heldFen: 0, pendingFen: 0 });
    expect(await tx(tenantId, (x) => ledgerSummary(x))).toMatchObject({ imbalanceFen: 0, accounts: { held: 0, commission_expense: 0 } });
    const detail = await tx(tenantId, (x) => caseDetail(x, c!.id));
    expect(detail).toMatchObject({ status: "rejected", order: { id: orderId }, decisions: [{ decision: "reject", amountFen: 1000 }] });
  });

  it("deciding the order from the queue closes its open order_review case", async () => {
    const tenantId = await brand();
    const D = await distributorWithPhone(t, tenantId, "D");
    const { orderId } = await flaggedOrder(t, tenantId, { order: { referralCode: D.code } });
    await tx(tenantId, (x) => x.execute(sql`insert into risk_cases (tenant_id, id, kind, order_id, dedupe_key) values (${tenantId}, gen_random_uuid(), 'order_review', ${orderId}, ${`order:${orderId}`})`));
    const { decideOrder } = await import("./decisions");
    await tx(tenantId, (x) => decideOrder(x, tenantId, ADMIN, { orderId, decision: "approve", reason: "genuine" }));
    const rows = rowsOf<{ status: string; decision_reason: string }>(await tx(tenantId, (x) => x.execute(sql`select status::text, decision_reason from risk_cases`)));
    expect(rows).toEqual([{ status: "approved", decision_reason: "genuine" }]);
  });
});

describe("blacklist CSV import", () => {
  it("adds the good lines and reports every bad one with its line number and problem", async () => {
    const tenantId = await brand();
    const csv = [
      "类型,值,原因,到期日,原因类别",
      "手机号,13800138000,刷单团伙,,刷单",
      "phone,not-a-phone,bad number,,",
      "spaceship,123,unknown kind,,",
      "device,IMEI-0001,farm device,2099-12-31,fraud",
      "bank_card,6222020200112233445,,,",
      "address,\"浙江省杭州市\n文一西路 1 号\",multi-line address,,",
      "phone,13900139000,expired already,2001-01-01,",
      "phone,13900139001,bad date,2026-02-30,",
      "phone,13900139002,bad category,,spam",
      "phone,138 0013 8000,same number again,,",
      "",
    ].join("\n");
    const r = await tx(tenantId, (x) => importBlacklistCsv(x, tenantId, ADMIN, csv));
    expect(r).toMatchObject({ rows: 10, added: 3, duplicates: 1 });
    expect(r.errors).toEqual([
      { line: 3, field: "value", key: "invalid_format" },
      { line: 4, field: "kind", key: "invalid_value" },
      { line: 6, field: "reason", key: "required" },
      { line: 9, field: "expires", key: "in_past" },
      { line: 10, field: "expires", key: "invalid_format" },
      { line: 11, field: "category", key: "invalid_value" },
    ]);
    const listed = await tx(tenantId, (x) => listBlacklist(x, {}));
    expect(listed.items.map((i) => i.kind).sort()).toEqual(["address", "device", "phone"]);
    const device = listed.items.find((i) => i.kind === "device")!;
    expect(device).toMatchObject({ source: "import", reasonCategory: "fraud" });
    // 2099-12-31 ends at midnight Shanghai (16:00 UTC the same day).
    expect(device.expiresAt?.toISOString()).toBe("2099-12-31T16:00:00.000Z");
  });

  it("refuses a file without the required columns", async () => {
    const tenantId = await brand();
    await expect(tx(tenantId, (x) => importBlacklistCsv(x, tenantId, ADMIN, "kind,value\nphone,13800138000\n"))).rejects.toMatchObject({ code: "BAD_REQUEST", fields: { file: "missing_columns" } });
  });
});

describe("freeze for fraud", () => {
  it("freezes the distributor and lists its phone and its purchases' devices in one step; the blacklist then matches them", async () => {
    const tenantId = await brand();
    const D = await distributorWithPhone(t, tenantId, "Fraudster");
    const U = await distributorWithPhone(t, tenantId, "Upline");
    await ingest(t, tenantId, [orderInput({ referralCode: U.code, buyer: { identities: [{ kind: "phone", value: D.phone }] }, device: { id: "fraud-phone-9" } })]);
    const r = await tx(tenantId, (x) => freezeForFraud(x, tenantId, ADMIN, { distributorId: D.id, reason: "cash-out ring", blacklist: true }));
    expect(r).toEqual({ frozen: true, listed: 2, alreadyListed: 0 });
    const status = rowsOf<{ status: string }>(await tx(tenantId, (x) => x.execute(sql`select status::text from distributors where id = ${D.id}`)));
    expect(status).toEqual([{ status: "frozen" }]);
    const hits = await tx(tenantId, (x) => checkValues(x, tenantId, [{ kind: "phone", value: D.phone }, { kind: "device", value: "fraud-phone-9" }]));
    expect(hits.map((h) => [h.kind, h.list, h.reason])).toEqual([
      ["phone", "brand", "cash-out ring"],
      ["device", "brand", "cash-out ring"],
    ]);
    const listed = await tx(tenantId, (x) => listBlacklist(x, {}));
    expect(listed.items.every((i) => i.source === "freeze" && i.distributorId === D.id && i.reasonCategory === "fraud")).toBe(true);
  });
});
