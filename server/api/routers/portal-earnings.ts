/**
 * Earnings in the portal: the signed-in distributor's balances, commissions with the reason for
 * each amount, and month totals. Everything is the session's own distributor; outputs are
 * declared so nothing private (ids, raw identities, other people's names) reaches a phone.
 */
import { z } from "zod";
import { ORDER_CHANNELS } from "@/db/kinds";
import { AppError } from "@/server/errors";
import { LOCALES } from "@/server/i18n/config";
import { findByMember } from "@/server/network/find";
import { earningsBalances, earningsByMonth, earningsPage, EARNING_STATES } from "@/server/orders/portal-earnings";
import type { Tx } from "@/db/client";
import { createTRPCRouter, distributorProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);

/**
 * The member's distributor record, refused unless it was ever approved: a frozen or disabled
 * distributor still has money in the ledger and may read it; an applicant has none.
 */
async function requireEarner(tx: Tx, memberId: string) {
  const d = await findByMember(tx, memberId);
  if (!d || d.status === "applied" || d.status === "rejected") {
    throw new AppError("FORBIDDEN", "Only distributors have earnings.");
  }
  return d;
}

const money = z.number().int();

export const portalEarningsRouter = createTRPCRouter({
  /** Balances and month totals: the top of the Earnings page and the home card. */
  summary: distributorProcedure
    .input(z.object({ slug }))
    .output(
      z.object({
        balances: z.object({ pendingFen: money, heldFen: money, availableFen: money, withdrawingFen: money, arrearsFen: money }),
        months: z.array(z.object({ month: z.string(), earnedFen: money, settledFen: money, orders: z.number().int() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireEarner(ctx.tx, ctx.portal.memberId);
      return { balances: await earningsBalances(ctx.tx, me.id), months: await earningsByMonth(ctx.tx, me.id) };
    }),

  /** A page of commissions, newest order first, optionally of one state. */
  commissions: distributorProcedure
    .input(
      z.object({
        slug,
        state: z.enum(EARNING_STATES).nullish(),
        locale: z.enum(LOCALES),
        limit: z.number().int().min(1).max(50).default(20),
        offset: z.number().int().min(0).max(100_000).default(0),
      }),
    )
    .output(
      z.object({
        total: z.number().int(),
        items: z.array(
          z.object({
            id: z.string(),
            tier: z.number().int(),
            amountFen: money,
            state: z.enum(EARNING_STATES),
            commissionStatus: z.enum(["pending", "held", "settled", "cancelled"]),
            orderStatus: z.enum(["paid", "completed", "cancelled"]),
            channel: z.enum(ORDER_CHANNELS),
            orderNo: z.string(),
            paidAt: z.date(),
            settleAfter: z.date().nullable(),
            settledAt: z.date().nullable(),
            sku: z.string(),
            productName: z.string().nullable(),
            quantity: z.number().int(),
            lineAmountFen: money,
            refundedFen: money,
            buyer: z.string().nullable(),
            teamMember: z.string().nullable(),
            why: z.string(),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireEarner(ctx.tx, ctx.portal.memberId);
      return earningsPage(ctx.tx, { distributorId: me.id, state: input.state, limit: input.limit, offset: input.offset, locale: input.locale });
    }),
});
