/**
 * Withdrawals in the portal (issue 9 item 2): what the distributor may withdraw and where, a
 * quote (fee, estimated tax, net) before confirming, the request, cancelling one still under
 * review, and its own withdrawals with their timelines. Everything is the session's own
 * distributor; outputs are declared so nothing private (the encrypted account, staff ids)
 * reaches a phone.
 */
import { z } from "zod";
import type { Tx } from "@/db/client";
import { WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES } from "@/db/schema/withdrawals";
import { AppError } from "@/server/errors";
import { balancesOfOne } from "@/server/ledger/balances";
import { findByMember } from "@/server/network/find";
import { payeeOf } from "@/server/payouts/withdrawals/deps";
import { REQUEST_CHANNELS } from "@/server/payouts/withdrawals/limits";
import { myWithdrawal, myWithdrawals } from "@/server/payouts/withdrawals/queries";
import { payeeProblem, quoteWithdrawal, requestWithdrawal } from "@/server/payouts/withdrawals/request";
import { cancelWithdrawal } from "@/server/payouts/withdrawals/review";
import { getPayoutSettings } from "@/server/payouts/withdrawals/settings";
import { createTRPCRouter, distributorProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);
const money = z.number().int();

/** The member's distributor record; applicants and rejected applicants have no money. */
async function requireEarner(tx: Tx, memberId: string) {
  const d = await findByMember(tx, memberId);
  if (!d || d.status === "applied" || d.status === "rejected") throw new AppError("FORBIDDEN", "Only distributors can withdraw.");
  return d;
}

const requestInput = z.object({ slug, channel: z.enum(REQUEST_CHANNELS), amountFen: z.number().int().min(1).max(100_000_000_000) });

const problemSchema = z
  .object({ code: z.string(), message: z.string(), limit: z.number().int().nullable(), alternatives: z.array(z.enum(REQUEST_CHANNELS)) })
  .nullable();

const quoteSchema = z.object({
  channel: z.enum(REQUEST_CHANNELS),
  amountFen: money,
  availableFen: money,
  arrearsFen: money,
  feeFen: money,
  taxFen: money,
  netFen: money,
  taxMethod: z.enum(["labour", "cumulative", "not_withheld"]),
  taxNote: z.string().nullable(),
  routedToFlexible: z.boolean(),
  problem: problemSchema,
});

const timelineSchema = z.array(
  z.object({ id: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), actorType: z.string(), reason: z.string().nullable(), at: z.date() }),
);

const withdrawalSchema = z.object({
  id: z.string(),
  outBillNo: z.string(),
  channel: z.enum(WITHDRAWAL_CHANNELS),
  status: z.enum(WITHDRAWAL_STATUSES),
  amountFen: money,
  feeFen: money,
  taxFen: money,
  netFen: money,
  taxEstimated: z.boolean(),
  taxMethod: z.enum(["labour", "cumulative", "not_withheld"]),
  taxNote: z.string().nullable(),
  payeeName: z.string().nullable(),
  payeeAccountMasked: z.string().nullable(),
  payeeBankName: z.string().nullable(),
  reason: z.string().nullable(),
  expiresAt: z.date().nullable(),
  requestedAt: z.date(),
  paidAt: z.date().nullable(),
});

export const portalWithdrawalsRouter = createTRPCRouter({
  /** The withdraw page's frame: balances, channels on offer with their limits and whether this distributor can use them. */
  options: distributorProcedure
    .input(z.object({ slug }))
    .output(
      z.object({
        availableFen: money,
        withdrawingFen: money,
        arrearsFen: money,
        active: z.boolean(),
        feeBp: z.number().int(),
        channels: z.array(
          z.object({
            channel: z.enum(REQUEST_CHANNELS),
            minFen: money,
            maxFen: money,
            realNameFromFen: money.nullable(),
            /** Why this distributor cannot use it yet (no account, identity missing), or null. */
            blocked: z.string().nullable(),
            accountMasked: z.string().nullable(),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireEarner(ctx.tx, ctx.portal.memberId);
      const [settings, payee, b] = [await getPayoutSettings(ctx.tx), await payeeOf(ctx.tx, me.id), await balancesOfOne(ctx.tx, me.id)];
      const accountOf = (c: (typeof REQUEST_CHANNELS)[number]) => (c === "bank" ? (payee.bank?.accountMasked ?? null) : null);
      return {
        availableFen: b.availableFen,
        withdrawingFen: b.withdrawingFen,
        arrearsFen: b.arrearsFen,
        active: me.status === "active",
        feeBp: settings.feeBp,
        channels: REQUEST_CHANNELS.filter((c) => settings.channelLimits[c].enabled).map((c) => ({
          channel: c,
          minFen: settings.channelLimits[c].minFen,
          maxFen: settings.channelLimits[c].maxFen,
          realNameFromFen: settings.channelLimits[c].realNameFromFen ?? null,
          blocked: payeeProblem(payee, c),
          accountMasked: accountOf(c),
        })),
      };
    }),

  quote: distributorProcedure
    .input(requestInput)
    .output(quoteSchema)
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireEarner(ctx.tx, ctx.portal.memberId);
      return quoteWithdrawal(ctx.tx, me.id, { channel: input.channel, amountFen: input.amountFen });
    }),

  request: distributorProcedure
    .input(requestInput)
    .output(withdrawalSchema)
    .mutation(async ({ ctx, input }) => {
      const brand = await requireSessionBrand(ctx, input.slug);
      const me = await requireEarner(ctx.tx, ctx.portal.memberId);
      const w = await requestWithdrawal(ctx.tx, brand.tenantId, me.id, { channel: input.channel, amountFen: input.amountFen });
      return (await myWithdrawal(ctx.tx, me.id, w.id));
    }),

  cancel: distributorProcedure
    .input(z.object({ slug, id: z.uuid() }))
    .output(withdrawalSchema)
    .mutation(async ({ ctx, input }) => {
      const brand = await requireSessionBrand(ctx, input.slug);
      const me = await requireEarner(ctx.tx, ctx.portal.memberId);
      await cancelWithdrawal(ctx.tx, brand.tenantId, me.id, input.id);
      return myWithdrawal(ctx.tx, me.id, input.id);
    }),

  list: distributorProcedure
    .input(z.object({ slug, limit: z.number().int().min(1).max(50).default(20), offset: z.number().int().min(0).max(100_000).default(0) }))
    .output(z.object({ total: z.number().int(), items: z.array(withdrawalSchema) }))
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireEarner(ctx.tx, ctx.portal.memberId);
      return myWithdrawals(ctx.tx, me.id, input);
    }),

  detail: distributorProcedure
    .input(z.object({ slug, id: z.uuid() }))
    .output(withdrawalSchema.extend({ timeline: timelineSchema }))
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireEarner(ctx.tx, ctx.portal.memberId);
      return myWithdrawal(ctx.tx, me.id, input.id);
    }),
});
