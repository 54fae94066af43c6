/**
 * The offline bank batch (issue 9 item 4): finance exports the approved bank withdrawals as the
 * file the bank's corporate banking takes (CSV or XLSX), pays it there, and imports the bank's
 * result file to mark each row paid or failed, with a report row for every line.
 *
 * Exporting moves each withdrawal to `paying` (its tax and net amount become final) and ties it
 * to the batch, in one transaction: a withdrawal is in at most one batch, so it cannot be paid
 * twice from two files. The file carries full card numbers (the bank needs them): it is built on
 * demand from the encrypted values and never stored; downloading a batch again rebuilds it.
 */
import ExcelJS from "exceljs";
import { and, asc, count, eq, inArray, isNull, like, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bankBatches, withdrawals } from "@/db/schema";
import { AppError } from "@/server/errors";
import { csvLine, UTF8_BOM } from "@/server/export/csv";
import { cellText, labelKey } from "@/server/orders/import/cell-text";
import { openFile } from "@/server/orders/import/file-source";
import { decryptPii } from "@/server/payouts/crypto/pii";
import { markPaid, markPayingMany, returnFunds, type TransitionActor } from "@/server/payouts/withdrawals/transitions";
import { fenToYuan } from "./types";

export const MAX_BATCH_ROWS = 20_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export type BankBatchRow = typeof bankBatches.$inferSelect;

export interface BatchLine {
  seq: number;
  outBillNo: string;
  payeeName: string;
  /** Full card number, decrypted for the file only. */
  cardNumber: string;
  bankName: string;
  netFen: number;
}

/** B20261202-001: the brand's day (Asia/Shanghai) and its sequence that day. */
async function nextBatchNo(tx: Tx, now: Date): Promise<string> {
  const day = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
  // Two exports at once in one brand: the unique index refuses the second, which retries (caller).
  const [r] = await tx.select({ n: count() }).from(bankBatches).where(like(bankBatches.batchNo, `B${day}-%`));
  return `B${day}-${String((r?.n ?? 0) + 1).padStart(3, "0")}`;
}

/**
 * Creates a batch from approved bank withdrawals (all of them, or the given ids), oldest first,
 * and moves each to `paying`. Refuses, changing nothing, when there is nothing to export or a
 * withdrawal has no bank card on file.
 */
export async function createBankBatch(tx: Tx, tenantId: string, opts: { ids?: string[]; staffId: string; now?: Date }): Promise<{ batch: BankBatchRow; lines: BatchLine[] }> {
  const now = opts.now ?? new Date();
  if (opts.ids && opts.ids.length > MAX_BATCH_ROWS) throw new AppError("UNPROCESSABLE", `At most ${MAX_BATCH_ROWS} withdrawals per batch.`, { fields: { ids: "too_many" } });
  const rows = await tx
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.channel, "bank"), eq(withdrawals.status, "approved"), isNull(withdrawals.bankBatchId), opts.ids ? inArray(withdrawals.id, opts.ids) : undefined))
    .orderBy(asc(withdrawals.approvedAt), asc(withdrawals.id))
    .limit(MAX_BATCH_ROWS)
    .for("update");
  // Chosen ids that are not this brand's approved, unbatched bank withdrawals: not found (another
  // brand's id looks exactly like a missing one).
  if (opts.ids && rows.length !== new Set(opts.ids).size) {
    throw new AppError("NOT_FOUND", "Some of the chosen withdrawals are not approved bank withdrawals waiting for a batch. 部分所选提现不可导出。", { fields: { ids: "not_exportable" } });
  }
  if (!rows.length) throw new AppError("UNPROCESSABLE", "No approved bank withdrawals to export. 没有待导出的已审核银行卡提现。", { fields: { ids: "none_exportable" } });
  const noCard = rows.find((r) => !r.payeeAccountEnc);
  if (noCard) throw new AppError("UNPROCESSABLE", `Withdrawal ${noCard.outBillNo} has no bank card on file. 提现 ${noCard.outBillNo} 没有银行卡信息。`, { fields: { ids: "no_bank_card" } });

  const actor: TransitionActor = { type: "staff", id: opts.staffId };
  const paying = await markPayingMany(tx, tenantId, rows, actor, now);
  const totalNetFen = paying.reduce((s, w) => s + w.netFen, 0);
  const [batch] = await tx
    .insert(bankBatches)
    .values({ tenantId, batchNo: await nextBatchNo(tx, now), count: paying.length, totalNetFen, createdBy: opts.staffId, createdAt: now })
    .returning();
  await tx.update(withdrawals).set({ bankBatchId: batch!.id }).where(inArray(withdrawals.id, paying.map((w) => w.id)));
  return { batch: batch!, lines: paying.map((w, i) => lineOf(w, i + 1)) };
}

function lineOf(w: typeof withdrawals.$inferSelect, seq: number): BatchLine {
  return { seq, outBillNo: w.outBillNo, payeeName: w.payeeName ?? "", cardNumber: decryptPii(w.payeeAccountEnc!), bankName: w.payeeBankName ?? "", netFen: w.netFen };
}

/** The batch and its lines again (re-download), in file order. */
export async function bankBatchLines(tx: Tx, batchId: string): Promise<{ batch: BankBatchRow; lines: BatchLine[] }> {
  const [batch] = await tx.select().from(bankBatches).where(eq(bankBatches.id, batchId));
  if (!batch) throw new AppError("NOT_FOUND", "Bank batch not found.");
  const rows = await tx.select().from(withdrawals).where(eq(withdrawals.bankBatchId, batchId)).orderBy(asc(withdrawals.approvedAt), asc(withdrawals.id));
  return { batch, lines: rows.map((w, i) => lineOf(w, i + 1)) };
}

export const BATCH_HEADERS = ["序号 No.", "商户单号 Out bill no.", "收款人 Payee", "收款账号 Account", "开户行 Bank", "金额(元) Amount (CNY)", "用途 Purpose"] as const;
const PURPOSE = "佣金 Commission";

/** CSV for the bank (UTF-8 with BOM, CRLF), headed by the batch number, count and total. */
export function bankBatchCsv(batch: Pick<BankBatchRow, "batchNo" | "count" | "totalNetFen">, lines: BatchLine[]): string {
  let out = UTF8_BOM + csvLine(["批次号 Batch", batch.batchNo, "笔数 Count", batch.count, "总金额(元) Total (CNY)", fenToYuan(batch.totalNetFen)]);
  out += csvLine(BATCH_HEADERS);
  for (const l of lines) out += csvLine([l.seq, l.outBillNo, l.payeeName, l.cardNumber, l.bankName, fenToYuan(l.netFen), PURPOSE]);
  return out;
}

/** The same as XLSX; card numbers are text cells (as numbers Excel would round them). */
export async function bankBatchXlsx(batch: Pick<BankBatchRow, "batchNo" | "count" | "totalNetFen">, lines: BatchLine[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(batch.batchNo);
  ws.addRow(["批次号 Batch", batch.batchNo, "笔数 Count", batch.count, "总金额(元) Total (CNY)", fenToYuan(batch.totalNetFen)]);
  ws.addRow([...BATCH_HEADERS]).font = { bold: true };
  for (const l of lines) ws.addRow([l.seq, l.outBillNo, l.payeeName, l.cardNumber, l.bankName, fenToYuan(l.netFen), PURPOSE]);
  ws.getColumn(4).numFmt = "@";
  ws.columns.forEach((c, i) => (c.width = [6, 24, 12, 24, 16, 14, 14][i] ?? 12));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// ---- result import ------------------------------------------------------------------------

export type ResultOutcome = "paid" | "failed" | "already_paid" | "already_failed" | "error";

export interface ResultReportLine {
  line: number;
  outBillNo: string;
  outcome: ResultOutcome;
  message: string;
}

export interface ResultReport {
  fileName: string;
  lines: ResultReportLine[];
  counts: Record<ResultOutcome, number>;
}

const COLUMN_LABELS: Record<"outBillNo" | "status" | "amount" | "reason" | "reference", string[]> = {
  outBillNo: ["out_bill_no", "outbillno", "商户单号", "单号", "业务编号", "客户流水号", "商户单号outbillno."],
  status: ["status", "状态", "结果", "处理结果", "交易状态", "result"],
  amount: ["amount", "金额", "金额(元)", "交易金额", "金额(元)amount(cny)"],
  reason: ["reason", "失败原因", "原因", "备注", "message"],
  reference: ["reference", "银行流水号", "流水号", "交易流水号", "bankref"],
};

const SUCCESS = new Set(["success", "succeeded", "paid", "ok", "s", "成功", "交易成功", "已支付", "支付成功"]);
const FAILURE = new Set(["fail", "failed", "failure", "f", "失败", "交易失败", "退回", "已退回"]);

function findColumns(header: string[]): Partial<Record<keyof typeof COLUMN_LABELS, number>> | null {
  const keys = header.map(labelKey);
  const out: Partial<Record<keyof typeof COLUMN_LABELS, number>> = {};
  for (const [field, labels] of Object.entries(COLUMN_LABELS) as [keyof typeof COLUMN_LABELS, string[]][]) {
    const i = keys.findIndex((k) => labels.some((l) => k === labelKey(l) || k.startsWith(labelKey(l))));
    if (i >= 0) out[field] = i;
  }
  return out.outBillNo !== undefined && out.status !== undefined ? out : null;
}

function yuanToFen(text: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[,¥￥\s]/g, ""));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : null;
}

/**
 * Reads the bank's result file (CSV in UTF-8 or GBK, or XLSX): the first row that names an
 * out-bill-number column and a status column is the header; rows above it (a title, the batch
 * summary) are skipped.
 */
export async function readResultFile(bytes: Uint8Array): Promise<{ line: number; outBillNo: string; status: string; amountText: string; reason: string; reference: string }[]> {
  const opened = openFile(bytes);
  if (!opened.ok) throw new AppError("UNPROCESSABLE", `The result file cannot be read (${opened.key}). 结果文件无法读取。`, { fields: { file: "unreadable" } });
  let cols: ReturnType<typeof findColumns> = null;
  const out = [];
  for await (const r of opened.source.rows()) {
    const cells = r.cells.map(cellText);
    if (!cols) {
      cols = findColumns(cells);
      continue;
    }
    const at = (i: number | undefined) => (i === undefined ? "" : (cells[i] ?? "").trim());
    if (cells.every((c) => !c.trim())) continue;
    out.push({ line: r.row, outBillNo: at(cols.outBillNo), status: at(cols.status), amountText: at(cols.amount), reason: at(cols.reason), reference: at(cols.reference) });
  }
  if (!cols) throw new AppError("UNPROCESSABLE", "No header with an out-bill-number column and a status column. 未找到“商户单号”和“状态”列。", { fields: { file: "no_header" } });
  return out;
}

/**
 * Applies a result file to one batch, row by row: success → paid (payout journal, tax record),
 * failure → failed (funds returned). Each row is its own savepoint, so one bad row is reported
 * and the others still apply. A row for a bill outside this batch, an amount that differs from
 * the exported one, or an unknown status changes nothing and says so. Importing the same file
 * again reports every row as already done.
 */
export async function importBankResults(tx: Tx, tenantId: string, batchId: string, file: { name: string; bytes: Uint8Array }, staffId: string, now = new Date()): Promise<ResultReport> {
  const [batch] = await tx.select().from(bankBatches).where(eq(bankBatches.id, batchId)).for("update");
  if (!batch) throw new AppError("NOT_FOUND", "Bank batch not found.");
  const rows = await readResultFile(file.bytes);
  const inBatch = new Map((await tx.select().from(withdrawals).where(eq(withdrawals.bankBatchId, batchId))).map((w) => [w.outBillNo, w]));
  const actor: TransitionActor = { type: "staff", id: staffId };
  const lines: ResultReportLine[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const report = (outcome: ResultOutcome, message: string) => lines.push({ line: r.line, outBillNo: r.outBillNo, outcome, message });
    const w = inBatch.get(r.outBillNo);
    if (!w) {
      report("error", "Not in this batch. 不属于本批次。");
      continue;
    }
    if (seen.has(r.outBillNo)) {
      report("error", "Listed twice in the file; the first row was applied. 文件中重复出现，已按第一行处理。");
      continue;
    }
    seen.add(r.outBillNo);
    const status = labelKey(r.status);
    const ok = SUCCESS.has(status);
    if (!ok && !FAILURE.has(status)) {
      report("error", `Unknown status "${r.status}". 无法识别的状态“${r.status}”。`);
      continue;
    }
    if (r.amountText) {
      const fen = yuanToFen(r.amountText);
      if (fen !== w.netFen) {
        report("error", `Amount ${r.amountText} differs from the exported ${fenToYuan(w.netFen)}. 金额与导出时不一致。`);
        continue;
      }
    }
    const current = (await tx.select({ status: withdrawals.status }).from(withdrawals).where(eq(withdrawals.id, w.id)))[0]!.status;
    if (current === "paid" || current === "failed") {
      const same = (current === "paid") === ok;
      report(same ? (ok ? "already_paid" : "already_failed") : "error", same ? "Already recorded. 已处理。" : `Already ${current}; the file says otherwise. 已是${current === "paid" ? "已支付" : "失败"}，与文件不符。`);
      continue;
    }
    try {
      await tx.transaction(async (sp) => {
        if (ok) await markPaid(sp, tenantId, w.id, { paidAt: now, ...(r.reference ? { providerRef: r.reference } : {}) }, actor, now);
        else await returnFunds(sp, tenantId, w.id, "failed", r.reason || "Bank returned the transfer. 银行退回。", actor, now);
      });
      report(ok ? "paid" : "failed", ok ? "Marked paid. 已标记为已支付。" : `Marked failed, funds returned${r.reason ? `: ${r.reason}` : ""}. 已标记失败，资金退回。`);
    } catch (e) {
      report("error", e instanceof AppError ? e.message : "Could not be applied. 无法处理。");
    }
  }
  const counts: Record<ResultOutcome, number> = { paid: 0, failed: 0, already_paid: 0, already_failed: 0, error: 0 };
  for (const l of lines) counts[l.outcome]++;
  const [open] = await tx.select({ n: count() }).from(withdrawals).where(and(eq(withdrawals.bankBatchId, batchId), eq(withdrawals.status, "paying")));
  const result: ResultReport = { fileName: file.name, lines, counts };
  await tx
    .update(bankBatches)
    .set({ status: (open?.n ?? 0) === 0 ? "settled" : "partially_settled", resultFileName: file.name.slice(0, 200), resultImportedAt: now, resultReport: result as unknown as Record<string, unknown> })
    .where(eq(bankBatches.id, batchId));
  return result;
}

export function resultReportCsv(report: ResultReport): string {
  let out = UTF8_BOM + csvLine(["行 Line", "商户单号 Out bill no.", "结果 Outcome", "说明 Message"]);
  for (const l of report.lines) out += csvLine([l.line, l.outBillNo, l.outcome, l.message]);
  return out;
}

/** The brand's batches, newest first, with how many of each batch are still paying. */
export async function listBankBatches(tx: Tx, opts: { limit?: number; offset?: number } = {}) {
  return tx
    .select({
      id: bankBatches.id,
      batchNo: bankBatches.batchNo,
      status: bankBatches.status,
      count: bankBatches.count,
      totalNetFen: bankBatches.totalNetFen,
      createdAt: bankBatches.createdAt,
      resultFileName: bankBatches.resultFileName,
      resultImportedAt: bankBatches.resultImportedAt,
      paying: sql<number>`(select count(*)::int from withdrawals w where w.bank_batch_id = "bank_batches"."id" and w.status = 'paying')`,
    })
    .from(bankBatches)
    .orderBy(sql`${bankBatches.createdAt} desc`)
    .limit(Math.min(opts.limit ?? 50, 200))
    .offset(opts.offset ?? 0);
}

/** How many approved bank withdrawals wait for a batch, and their total (net estimate). */
export async function exportableSummary(tx: Tx) {
  const [r] = await tx
    .select({ n: count(), totalFen: sql<number>`coalesce(sum(${withdrawals.netFen}), 0)::bigint` })
    .from(withdrawals)
    .where(and(eq(withdrawals.channel, "bank"), eq(withdrawals.status, "approved"), isNull(withdrawals.bankBatchId)));
  return { count: r?.n ?? 0, totalNetFen: Number(r?.totalFen ?? 0) };
}
