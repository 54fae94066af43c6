/**
 * Bank batch: export (CSV and XLSX, full card numbers decrypted, rows moved to paying) → the
 * bank's result file → paid / failed row by row, with a report and balanced journals.
 */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { bankBatches, withdrawals } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { balances } from "@/server/orders/testing";
import { appErrorOf } from "@/server/testing/outcomes";
import { bankBatchCsv, bankBatchLines, bankBatchXlsx, createBankBatch, importBankResults, listBankBatches, readResultFile, resultReportCsv } from "./bank-batch";
import { approvedWithdrawal, CARD, ledgerProblems, payee, payoutBrand, STAFF } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const csvBytes = (rows: (string | number)[][]) => new TextEncoder().encode(rows.map((r) => r.join(",")).join("\r\n"));

async function brandWithBatch() {
  const tenantId = await payoutBrand(t);
  const ds = [await payee(t, tenantId, 100_000), await payee(t, tenantId, 100_000), await payee(t, tenantId, 100_000)];
  const ws = [];
  for (const d of ds) ws.push(await approvedWithdrawal(t, tenantId, d.id, "bank", 30_000));
  const other = await approvedWithdrawal(t, tenantId, ds[0]!.id, "wechat", 1_000);
  const { batch, lines } = await withTenant(t.db, tenantId, (tx) => createBankBatch(tx, tenantId, { staffId: STAFF.id }));
  return { tenantId, ds, ws, other, batch, lines };
}

describe("export", () => {
  it("takes every approved bank withdrawal (not other channels), moves them to paying, and writes the bank's file", async () => {
    const { tenantId, ws, other, batch, lines } = await brandWithBatch();
    expect(batch).toMatchObject({ count: 3, status: "exported" });
    expect(batch.batchNo).toMatch(/^B\d{8}-001$/);
    expect(lines.map((l) => l.outBillNo).sort()).toEqual(ws.map((w) => w.outBillNo).sort());
    expect(lines.every((l) => l.cardNumber === CARD && l.payeeName === "张三")).toBe(true);
    const rows = await withTenant(t.db, tenantId, (tx) => tx.select().from(withdrawals).where(eq(withdrawals.bankBatchId, batch.id)));
    expect(rows.every((r) => r.status === "paying" && r.taxMonth !== null)).toBe(true);
    expect(batch.totalNetFen).toBe(rows.reduce((s, r) => s + r.netFen, 0));
    const wx = await withTenant(t.db, tenantId, async (tx) => (await tx.select().from(withdrawals).where(eq(withdrawals.id, other.id)))[0]!);
    expect(wx).toMatchObject({ status: "approved", bankBatchId: null });

    const csv = bankBatchCsv(batch, lines);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain(`${lines[0]!.outBillNo},张三,${CARD},招商银行,`);
    // The XLSX reads back (through the same reader the result import uses) with the card as text.
    const xlsx = await bankBatchXlsx(batch, lines);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(3).getCell(4).value).toBe(CARD);
    expect(sheet.getRow(3).getCell(2).value).toBe(lines[0]!.outBillNo);

    // Re-download builds the same lines; nothing is left to export.
    const again = await withTenant(t.db, tenantId, (tx) => bankBatchLines(tx, batch.id));
    expect(again.lines).toEqual(lines);
    const e = await appErrorOf(withTenant(t.db, tenantId, (tx) => createBankBatch(tx, tenantId, { staffId: STAFF.id })));
    expect(e).toMatchObject({ code: "UNPROCESSABLE", fields: { ids: "none_exportable" } });
  });

  it("refuses ids that are not approved bank withdrawals outside a batch, changing nothing", async () => {
    const tenantId = await payoutBrand(t);
    const d = await payee(t, tenantId, 100_000);
    const bank = await approvedWithdrawal(t, tenantId, d.id, "bank", 10_000);
    const wx = await approvedWithdrawal(t, tenantId, d.id, "wechat", 1_000);
    const e = await appErrorOf(withTenant(t.db, tenantId, (tx) => createBankBatch(tx, tenantId, { ids: [bank.id, wx.id], staffId: STAFF.id })));
    expect(e).toMatchObject({ code: "NOT_FOUND", fields: { ids: "not_exportable" } });
    const row = await withTenant(t.db, tenantId, async (tx) => (await tx.select().from(withdrawals).where(eq(withdrawals.id, bank.id)))[0]!);
    expect(row).toMatchObject({ status: "approved", bankBatchId: null });
    expect(await withTenant(t.db, tenantId, (tx) => tx.select().from(bankBatches))).toHaveLength(0);
  });
});

describe("result import", () => {
  it("marks paid and failed row by row, reports bad rows without touching them, and keeps the ledger balanced", async () => {
    const { tenantId, ds, ws, batch, lines } = await brandWithBatch();
    const byNo = new Map(lines.map((l) => [l.outBillNo, l]));
    const [w1, w2, w3] = ws.map((w) => byNo.get(w.outBillNo)!);
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    const file = csvBytes([
      ["银行批量代发结果"],
      ["商户单号", "收款人", "金额", "状态", "失败原因", "银行流水号"],
      [w1!.outBillNo, "张三", yuan(w1!.netFen), "成功", "", "BK0001"],
      [w2!.outBillNo, "张三", yuan(w2!.netFen), "失败", "户名不符", ""],
      [w3!.outBillNo, "张三", "1.00", "成功", "", ""],
      ["W20990101NOTOURS00", "李四", "1.00", "成功", "", ""],
    ]);
    const report = await withTenant(t.db, tenantId, (tx) => importBankResults(tx, tenantId, batch.id, { name: "result.csv", bytes: file }, STAFF.id));
    expect(report.lines.map((l) => [l.line, l.outcome])).toEqual([
      [3, "paid"],
      [4, "failed"],
      [5, "error"],
      [6, "error"],
    ]);
    expect(report.lines[2]!.message).toMatch(/differs/);
    expect(report.lines[3]!.message).toMatch(/Not in this batch/);
    expect(report.counts).toMatchObject({ paid: 1, failed: 1, error: 2 });

    const status = async (no: string) => withTenant(t.db, tenantId, async (tx) => (await tx.select().from(withdrawals).where(eq(withdrawals.outBillNo, no)))[0]!);
    expect((await status(w1!.outBillNo)).status).toBe("paid");
    const failed = await status(w2!.outBillNo);
    expect(failed).toMatchObject({ status: "failed", reason: "户名不符" });
    expect((await status(w3!.outBillNo)).status).toBe("paying");
    // w2's distributor got the amount back; w1's is paid out.
    const d2 = ds[ws.findIndex((w) => w.outBillNo === w2!.outBillNo)]!;
    expect(await balances(t, tenantId, d2.id)).toMatchObject({ availableFen: 100_000, withdrawingFen: 0 });
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
    let [b] = await withTenant(t.db, tenantId, (tx) => listBankBatches(tx));
    expect(b).toMatchObject({ status: "partially_settled", paying: 1, resultFileName: "result.csv" });
    expect(resultReportCsv(report)).toContain("Not in this batch");

    // The corrected file, as XLSX, in GBK-free form; rows already done are reported as such.
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet("结果");
    s.addRow(["out_bill_no", "status", "amount"]);
    s.addRow([w1!.outBillNo, "success", yuan(w1!.netFen)]);
    s.addRow([w3!.outBillNo, "success", yuan(w3!.netFen)]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const second = await withTenant(t.db, tenantId, (tx) => importBankResults(tx, tenantId, batch.id, { name: "fixed.xlsx", bytes }, STAFF.id));
    expect(second.lines.map((l) => l.outcome)).toEqual(["already_paid", "paid"]);
    [b] = await withTenant(t.db, tenantId, (tx) => listBankBatches(tx));
    expect(b).toMatchObject({ status: "settled", paying: 0 });
    expect(await ledgerProblems(t, tenantId)).toEqual({ unbalanced: 0, negative: 0, imbalanceFen: 0 });
  });

  it("reads a GBK result file, and refuses a file without the needed columns", async () => {
    const gbk = iconv.encode("商户单号,状态\r\nW1,成功\r\n", "gbk");
    expect(await readResultFile(new Uint8Array(gbk))).toEqual([{ line: 2, outBillNo: "W1", status: "成功", amountText: "", reason: "", reference: "" }]);
    const e = await appErrorOf(readResultFile(csvBytes([["a", "b"], ["1", "2"]])));
    expect(e).toMatchObject({ code: "UNPROCESSABLE", fields: { file: "no_header" } });
  });
});
