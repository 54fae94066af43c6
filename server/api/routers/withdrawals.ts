/**
 * Withdrawal Approval in the console (issue 9 item 3) and the brand's payout settings. Thin:
 * parse, call the service in server/payouts/withdrawals, return.
 */
import { z } from "zod";
import { approveWithdrawal, bulkApprove, MAX_BULK_APPROVE, rejectWithdrawal } from "@/server/payouts/withdrawals/review";
import { listWithdrawals, withdrawalDetail } from "@/server/payouts/withdrawals/queries";
import { WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES, withdrawalListInputSchema } from "@/server/payouts/withdrawals/schemas";
import { getPayoutSettings, payoutSettingsInput, updatePayoutSettings } from "@/server/payouts/withdrawals/settings";
import { addFlexibleRoute, listFlexibleRoutes, removeFlexibleRoute } from "@/server/payouts/withdrawals/flexible-routes";
import { PAYOUT_GATEWAY_CHANNELS } from "@/db/schema";
import { checkGateway } from "@/server/payouts/gateways/check";
import { gatewayOverview } from "@/server/payouts/gateways/resolve";
import { gatewayInput } from "@/server/payouts/gateways/schemas";
import { removeGateway, saveGateway } from "@/server/payouts/gateways/store";
import { createTRPCRouter, tenantOutboundProcedure, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

const idInput = z.object({ id: z.uuid() });
const gatewayChannel = z.object({ channel: z.enum(PAYOUT_GATEWAY_CHANNELS) });
const gatewayCheck = z.object({ at: z.date(), ok: z.boolean(), message: z.string() });
const gatewayOutput = z.object({
  channel: z.enum(PAYOUT_GATEWAY_CHANNELS),
  source: z.enum(["brand", "deployment", "none"]),
  config: z.record(z.string(), z.string()).nullable(),
  secrets: z.record(z.string(), z.string()).nullable(),
  check: gatewayCheck.nullable(),
  updatedAt: z.date().nullable(),
  notifyUrl: z.string().nullable(),
});
const fen = z.number().int();

const listOutput = z.object({
  total: z.number().int(),
  reviewing: z.object({ count: z.number().int(), amountFen: fen }),
  items: z.array(
    z.object({
      id: z.string(),
      outBillNo: z.string(),
      channel: z.enum(WITHDRAWAL_CHANNELS),
      status: z.enum(WITHDRAWAL_STATUSES),
      amountFen: fen,
      feeFen: fen,
      taxFen: fen,
      netFen: fen,
      payeeName: z.string().nullable(),
      payeeAccountMasked: z.string().nullable(),
      awaitingSecondApproval: z.boolean(),
      requestedAt: z.date(),
      paidAt: z.date().nullable(),
      distributor: z.object({ id: z.string(), name: z.string(), code: z.string() }),
    }),
  ),
});

const approveOutput = z.object({
  id: z.string(),
  outcome: z.enum(["approved", "first_approval", "not_found", "not_reviewing", "same_approver"]),
  status: z.enum(WITHDRAWAL_STATUSES).nullable(),
});
const staff = (ctx: Parameters<typeof staffActor>[0]) => ({ type: "staff" as const, id: staffActor(ctx).id });

export const withdrawalsRouter = createTRPCRouter({
  list: tenantProcedure("withdrawals.review")
    .input(withdrawalListInputSchema)
    .output(listOutput)
    .query(({ ctx, input }) => listWithdrawals(ctx.tx, input)),
  detail: tenantProcedure("withdrawals.review")
    .input(idInput)
    .query(({ ctx, input }) => withdrawalDetail(ctx.tx, input.id)),
  approve: tenantProcedure("withdrawals.review")
    .input(idInput)
    .output(approveOutput)
    .mutation(({ ctx, input }) => approveWithdrawal(ctx.tx, ctx.tenant.id, input.id, staff(ctx))),
  reject: tenantProcedure("withdrawals.review")
    .input(z.object({ id: z.uuid(), reason: z.string().trim().min(1).max(500) }))
    .output(z.object({ id: z.string(), status: z.enum(WITHDRAWAL_STATUSES) }))
    .mutation(async ({ ctx, input }) => {
      const r = await rejectWithdrawal(ctx.tx, ctx.tenant.id, input.id, input.reason, staff(ctx));
      return { id: r.withdrawal.id, status: r.withdrawal.status };
    }),
  bulkApprove: tenantProcedure("withdrawals.review")
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(MAX_BULK_APPROVE) }))
    .output(z.object({ results: z.array(approveOutput), counts: z.record(z.string(), z.number().int()) }))
    .mutation(async ({ ctx, input }) => {
      const results = await bulkApprove(ctx.tx, ctx.tenant.id, input.ids, staff(ctx));
      const counts: Record<string, number> = {};
      for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
      return { results, counts };
    }),
  settings: tenantProcedure("settings.read").query(({ ctx }) => getPayoutSettings(ctx.tx)),
  updateSettings: tenantProcedure("settings.write")
    .input(payoutSettingsInput)
    .mutation(({ ctx, input }) => updatePayoutSettings(ctx.tx, staffActor(ctx), input)),
  flexibleRoutes: tenantProcedure("settings.read").query(({ ctx }) => listFlexibleRoutes(ctx.tx)),
  addFlexibleRoute: tenantProcedure("settings.write")
    .input(z.object({ code: z.string().trim().min(1).max(64), reason: z.string().trim().min(1).max(200) }))
    .mutation(({ ctx, input }) => addFlexibleRoute(ctx.tx, staffActor(ctx), input)),
  removeFlexibleRoute: tenantProcedure("settings.write")
    .input(z.object({ distributorId: z.uuid() }))
    .mutation(({ ctx, input }) => removeFlexibleRoute(ctx.tx, staffActor(ctx), input.distributorId)),
  /** The brand's own payout gateway credentials (secrets never leave the server: hints only). */
  gateways: tenantProcedure("settings.read")
    .output(z.array(gatewayOutput))
    .query(({ ctx }) => gatewayOverview(ctx.tx)),
  saveGateway: tenantProcedure("settings.write")
    .input(gatewayInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await saveGateway(ctx.tx, staffActor(ctx), input);
      // unlinkedWechat: distributors whose WeChat link the new app id voided (they link again).
      return { ok: true as const, unlinkedWechat: saved.unlinkedWechat };
    }),
  removeGateway: tenantProcedure("settings.write")
    .input(gatewayChannel)
    .mutation(async ({ ctx, input }) => ({ ok: true as const, ...(await removeGateway(ctx.tx, staffActor(ctx), input.channel)) })),
  /** Calls the gateway, so it runs outside the request's transaction. */
  checkGateway: tenantOutboundProcedure("settings.write")
    .input(gatewayChannel)
    .output(gatewayCheck)
    .mutation(({ ctx, input }) => checkGateway(ctx.db, ctx.tenant.id, staffActor(ctx), input.channel)),
});
