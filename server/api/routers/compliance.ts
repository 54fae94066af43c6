/**
 * The compliance audit report in the console (issue 11 item 2): the period's key figures and
 * fingerprint for the preview. The files themselves come from the download route
 * (server/compliance/download.ts), which audits every download. Thin: server/compliance.
 */
import { AppError } from "@/server/errors";
import { periodInputSchema, resolvePeriod, type Period, type PeriodInput } from "@/server/compliance/period";
import { complianceReport } from "@/server/compliance/report";
import { createTRPCRouter, tenantProcedure } from "../trpc";

function periodOf(input: PeriodInput): Period {
  try {
    return resolvePeriod(input);
  } catch (e) {
    if (e instanceof RangeError) throw new AppError("BAD_REQUEST", e.message, { fields: { period: "period.invalid" } });
    throw e;
  }
}

export const complianceRouter = createTRPCRouter({
  /** The active brand's report for a month or a range of days (Asia/Shanghai). */
  preview: tenantProcedure("compliance.read")
    .input(periodInputSchema)
    .query(async ({ ctx, input }) => complianceReport(ctx.tx, periodOf(input))),
});
