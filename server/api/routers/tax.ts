/**
 * Tax and payouts made outside in the console (issue 9 items 5 and 7), and the distributor's
 * annual statement in the portal. Thin: the rules live in server/payouts/tax and
 * server/payouts/external.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { distributors } from "@/db/schema";
import { AppError } from "@/server/errors";
import { findByMember } from "@/server/network/find";
import { externalPayoutsOf, recordExternalPayout, TAX_WITHHELD_BY, type ExternalPayout } from "@/server/payouts/external/record";
import { taxMonthOf } from "@/server/payouts/tax/month";
import { annualStatement, taxMonthSchema, taxReportChunk, taxReportSummary } from "@/server/payouts/tax/report";
import { createTRPCRouter, distributorProcedure, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";
import { requireSessionBrand } from "./session-brand";

const money = z.number().int();
const METHODS = ["labour", "cumulative", "not_withheld"] as const;

const payoutOutput = z.object({
  id: z.string(),
  outBillNo: z.string(),
  distributorCode: z.string(),
  distributorName: z.string(),
  amountFen: money,
  taxFen: money,
  netFen: money,
  taxMethod: z.enum(METHODS),
  taxMonth: z.string(),
  taxNote: z.string().nullable(),
  taxWithheld: z.enum(TAX_WITHHELD_BY),
  reference: z.string(),
  paidAt: z.date(),
  recordedAt: z.date(),
});
const payoutView = (p: ExternalPayout) => {
  const { distributorId: _id, ...rest } = p;
  return rest;
};

async function requireDistributor(tx: Tx, id: string) {
  const [d] = await tx.select({ id: distributors.id }).from(distributors).where(eq(distributors.id, id));
  if (!d) throw new AppError("NOT_FOUND", "Distributor not found.");
  return d;
}

export const taxRouter = createTRPCRouter({
  /** The month's report: totals and one keyset page of distributors. */
  report: tenantProcedure("withdrawals.review")
    .input(z.object({ month: taxMonthSchema, after: z.uuid().nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .output(
      z.object({
        summary: z.object({
          month: z.string(),
          distributors: z.number().int(),
          payouts: z.number().int(),
          incomeFen: money,
          taxFen: money,
          byMethod: z.array(z.object({ method: z.string(), distributors: z.number().int(), incomeFen: money, taxFen: money })),
        }),
        rows: z.array(
          z.object({
            distributorId: z.string(),
            code: z.string(),
            name: z.string(),
            idNumberMasked: z.string().nullable(),
            incomeFen: money,
            taxFen: money,
            methods: z.array(z.string()),
            notes: z.array(z.string()),
            payouts: z.number().int(),
          }),
        ),
        next: z.string().nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const cursor = input.after ? { key: input.after, id: input.after } : null;
      const [summary, page] = [await taxReportSummary(ctx.tx, input.month), await taxReportChunk(ctx.tx, { month: input.month }, cursor, input.limit)];
      return { summary, rows: page.rows, next: page.next?.id ?? null };
    }),
});

export const externalPayoutsRouter = createTRPCRouter({
  /** Records a payout the brand made outside (payroll, a flexible-employment platform). */
  record: tenantProcedure("withdrawals.review")
    .input(
      z.object({
        distributorId: z.uuid(),
        amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        reference: z.string().trim().min(1).max(64),
        paidAt: z.date(),
        taxWithheld: z.enum(TAX_WITHHELD_BY),
      }),
    )
    .output(z.object({ payout: payoutOutput, replayed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { distributorId, ...payout } = input;
      const r = await recordExternalPayout(ctx.tx, staffActor(ctx), { distributorId }, payout);
      return { payout: payoutView(r.payout), replayed: r.replayed };
    }),
  /** The distributor's recorded outside payouts, newest first. */
  list: tenantProcedure("withdrawals.review")
    .input(z.object({ distributorId: z.uuid() }))
    .output(z.array(payoutOutput))
    .query(async ({ ctx, input }) => {
      await requireDistributor(ctx.tx, input.distributorId);
      return (await externalPayoutsOf(ctx.tx, input.distributorId)).map(payoutView);
    }),
});

export const portalTaxRouter = createTRPCRouter({
  /** The signed-in distributor's income and tax by month for one year. */
  annual: distributorProcedure
    .input(z.object({ slug: z.string().trim().min(1).max(64), year: z.number().int().min(2000).max(9999).optional() }))
    .output(
      z.object({
        year: z.number().int(),
        incomeFen: money,
        taxFen: money,
        years: z.array(z.number().int()),
        months: z.array(
          z.object({ month: z.string(), incomeFen: money, taxFen: money, netFen: money, payouts: z.number().int(), methods: z.array(z.string()), notes: z.array(z.string()) }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await findByMember(ctx.tx, ctx.portal.memberId);
      if (!me || me.status === "applied" || me.status === "rejected") throw new AppError("FORBIDDEN", "Only distributors have a tax statement.");
      const year = input.year ?? Number(taxMonthOf(new Date()).slice(0, 4));
      return annualStatement(ctx.tx, me.id, year);
    }),
});
