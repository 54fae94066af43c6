/**
 * Payouts (issue 9 item 4). Console `bankBatches`: the offline bank batch — what waits for
 * export, exporting a batch, downloading its file again (full card numbers: audited each time),
 * importing the bank's result file with a per-row report. Portal `portalPayouts`: what the
 * distributor's phone needs to confirm a WeChat transfer (wx.requestMerchantTransfer).
 */
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { payoutAttempts, withdrawals } from "@/db/schema";
import { AppError } from "@/server/errors";
import { findByMember } from "@/server/network/find";
import { bankBatchCsv, bankBatchLines, bankBatchXlsx, createBankBatch, exportableSummary, importBankResults, listBankBatches, MAX_BATCH_ROWS, resultReportCsv, type ResultReport } from "@/server/payouts/providers/bank-batch";
import { wechatConfigFor } from "@/server/payouts/gateways/resolve";
import { audit } from "@/server/tenancy/audit";
import { createTRPCRouter, distributorProcedure, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";
import { requireSessionBrand } from "./session-brand";

const money = z.number().int();
/** Result files are small (one line per transfer); base64 of up to 5 MB. */
const MAX_RESULT_FILE_BYTES = 5 * 1024 * 1024;

const batchSchema = z.object({
  id: z.string(),
  batchNo: z.string(),
  status: z.enum(["exported", "partially_settled", "settled"]),
  count: z.number().int(),
  totalNetFen: money,
  paying: z.number().int(),
  createdAt: z.date(),
  resultFileName: z.string().nullable(),
  resultImportedAt: z.date().nullable(),
});

const reportSchema = z.object({
  fileName: z.string(),
  lines: z.array(z.object({ line: z.number().int(), outBillNo: z.string(), outcome: z.enum(["paid", "failed", "already_paid", "already_failed", "error"]), message: z.string() })),
  counts: z.record(z.string(), z.number().int()),
});

const fileSchema = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() });

const CSV_MIME = "text/csv; charset=utf-8";
const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const bankBatchesRouter = createTRPCRouter({
  /** The batches, newest first, and what waits to be exported. */
  list: tenantProcedure("withdrawals.review")
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0) }).default({ limit: 50, offset: 0 }))
    .output(z.object({ batches: z.array(batchSchema), exportable: z.object({ count: z.number().int(), totalNetFen: money }) }))
    .query(async ({ ctx, input }) => ({ batches: await listBankBatches(ctx.tx, input), exportable: await exportableSummary(ctx.tx) })),

  /** Exports the approved bank withdrawals (all, or the chosen ones) as a new batch: they become paying. */
  create: tenantProcedure("withdrawals.review")
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(MAX_BATCH_ROWS).optional() }))
    .output(z.object({ id: z.string(), batchNo: z.string(), count: z.number().int(), totalNetFen: money }))
    .mutation(async ({ ctx, input }) => {
      const { batch } = await createBankBatch(ctx.tx, ctx.tenant.id, { ids: input.ids, staffId: ctx.staff.userId });
      await audit(ctx.tx, staffActor(ctx), { action: "payout.bank_batch_exported", targetType: "bank_batch", targetId: batch.id, data: { batchNo: batch.batchNo, count: batch.count, amountFen: batch.totalNetFen } });
      return { id: batch.id, batchNo: batch.batchNo, count: batch.count, totalNetFen: batch.totalNetFen };
    }),

  /** The bank's file for a batch, built now from the encrypted card numbers. */
  file: tenantProcedure("withdrawals.review")
    .input(z.object({ id: z.uuid(), format: z.enum(["csv", "xlsx"]) }))
    .output(fileSchema)
    .mutation(async ({ ctx, input }) => {
      const { batch, lines } = await bankBatchLines(ctx.tx, input.id);
      await audit(ctx.tx, staffActor(ctx), { action: "payout.bank_batch_downloaded", targetType: "bank_batch", targetId: batch.id, data: { batchNo: batch.batchNo, kind: input.format } });
      const name = `${batch.batchNo}.${input.format}`;
      if (input.format === "csv") return { fileName: name, mimeType: CSV_MIME, base64: Buffer.from(bankBatchCsv(batch, lines), "utf8").toString("base64") };
      return { fileName: name, mimeType: XLSX_MIME, base64: Buffer.from(await bankBatchXlsx(batch, lines)).toString("base64") };
    }),

  /** Applies the bank's result file to the batch, row by row. */
  importResults: tenantProcedure("withdrawals.review")
    .input(z.object({ id: z.uuid(), fileName: z.string().trim().min(1).max(200), base64: z.string().min(1).max(Math.ceil((MAX_RESULT_FILE_BYTES * 4) / 3) + 4) }))
    .output(reportSchema)
    .mutation(async ({ ctx, input }) => {
      const bytes = new Uint8Array(Buffer.from(input.base64, "base64"));
      if (!bytes.length) throw new AppError("UNPROCESSABLE", "The file is empty. 文件为空。", { fields: { file: "empty" } });
      const report = await importBankResults(ctx.tx, ctx.tenant.id, input.id, { name: input.fileName, bytes }, ctx.staff.userId);
      await audit(ctx.tx, staffActor(ctx), { action: "payout.bank_results_imported", targetType: "bank_batch", targetId: input.id, data: { name: input.fileName, ...report.counts } });
      return report;
    }),

  /** The last import's report as CSV. */
  report: tenantProcedure("withdrawals.review")
    .input(z.object({ id: z.uuid() }))
    .output(fileSchema.nullable())
    .query(async ({ ctx, input }) => {
      const { batch } = await bankBatchLines(ctx.tx, input.id);
      const report = batch.resultReport as ResultReport | null;
      if (!report) return null;
      return { fileName: `${batch.batchNo}-report.csv`, mimeType: CSV_MIME, base64: Buffer.from(resultReportCsv(report), "utf8").toString("base64") };
    }),
});

export const portalPayoutsRouter = createTRPCRouter({
  /**
   * What wx.requestMerchantTransfer needs to confirm the distributor's OWN withdrawal that waits
   * for confirmation; null when it is not waiting (paid, expired…). Another person's withdrawal
   * is not found.
   */
  confirmation: distributorProcedure
    .input(z.object({ slug: z.string().trim().min(1).max(64), withdrawalId: z.uuid() }))
    .output(z.object({ mchId: z.string(), appId: z.string(), package: z.string(), expiresAt: z.date().nullable() }).nullable())
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await findByMember(ctx.tx, ctx.portal.memberId);
      if (!me) throw new AppError("NOT_FOUND", "Withdrawal not found.");
      const [w] = await ctx.tx.select().from(withdrawals).where(and(eq(withdrawals.id, input.withdrawalId), eq(withdrawals.distributorId, me.id)));
      if (!w) throw new AppError("NOT_FOUND", "Withdrawal not found.");
      if (w.status !== "waiting_confirmation" || w.channel !== "wechat") return null;
      const [a] = await ctx.tx
        .select({ packageInfo: payoutAttempts.packageInfo })
        .from(payoutAttempts)
        .where(and(eq(payoutAttempts.withdrawalId, w.id), eq(payoutAttempts.state, "waiting_confirmation")))
        .orderBy(desc(payoutAttempts.updatedAt))
        .limit(1);
      const wx = await wechatConfigFor(ctx.tx);
      if (!a?.packageInfo || !wx) return null;
      return { mchId: wx.mchid, appId: wx.appid, package: a.packageInfo, expiresAt: w.expiresAt };
    }),
});
