/**
 * GET /api/v1/withdrawals?distributorCode=&status=, GET /api/v1/withdrawals/{id} — withdrawals
 * and their timelines for the brand's own systems (issue 9 item 6). Read only: requests come
 * from the distributor in the portal, review from finance in the console.
 */
import { z } from "@hono/zod-openapi";
import { WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES } from "@/db/schema/withdrawals";
import { AppError } from "@/server/errors";
import { findByCode } from "@/server/network/find";
import { apiWithdrawal, apiWithdrawals } from "@/server/payouts/withdrawals/queries";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { isoTime, jsonContent } from "../schemas";
import { inTenant } from "../tenant";

const fen = (description: string) => z.number().int().min(0).openapi({ description });

const WithdrawalSchema = z
  .object({
    id: z.string(),
    outBillNo: z.string().openapi({ description: "The payout bill number, fixed at request and reused on every attempt." }),
    distributorCode: z.string(),
    channel: z.enum(WITHDRAWAL_CHANNELS),
    status: z.enum(WITHDRAWAL_STATUSES),
    amountFen: fen("Gross amount taken from `available`."),
    feeFen: fen("The brand's fee."),
    taxFen: fen("Income tax withheld; an estimate until the payout starts (`taxEstimated`)."),
    netFen: fen("amountFen − feeFen − taxFen: what the distributor receives."),
    taxEstimated: z.boolean(),
    taxMethod: z.enum(["labour", "cumulative", "not_withheld"]),
    taxNote: z.string().nullable().openapi({ description: "Why not withheld (individual_business, flexible_platform, …)." }),
    payeeName: z.string().nullable(),
    payeeAccountMasked: z.string().nullable().openapi({ description: "Masked: e.g. **** 1111." }),
    payeeBankName: z.string().nullable(),
    reason: z.string().nullable().openapi({ description: "Why it was rejected, failed, cancelled or expired." }),
    expiresAt: isoTime.nullable(),
    requestedAt: isoTime,
    paidAt: isoTime.nullable(),
  })
  .openapi("Withdrawal", {
    example: {
      id: "01935c7e-8a4b-7000-8000-000000000001",
      outBillNo: "W20261202K7M2QX9ABC",
      distributorCode: "K7M2QX",
      channel: "bank",
      status: "paid",
      amountFen: 300000,
      feeFen: 0,
      taxFen: 44000,
      netFen: 256000,
      taxEstimated: false,
      taxMethod: "labour",
      taxNote: null,
      payeeName: "王小明",
      payeeAccountMasked: "**** 1111",
      payeeBankName: "招商银行",
      reason: null,
      expiresAt: null,
      requestedAt: "2026-12-02T01:00:00.000Z",
      paidAt: "2026-12-03T02:00:00.000Z",
    },
  });

const TimelineSchema = z
  .array(
    z.object({
      fromStatus: z.enum(WITHDRAWAL_STATUSES).nullable(),
      toStatus: z.enum(WITHDRAWAL_STATUSES),
      actorType: z.string().openapi({ description: "staff | distributor | system | api | provider" }),
      reason: z.string().nullable(),
      at: isoTime,
    }),
  )
  .openapi("WithdrawalTimeline");

const WithdrawalDetailSchema = WithdrawalSchema.extend({ timeline: TimelineSchema }).openapi("WithdrawalDetail");

const ListQuery = z.object({
  distributorCode: z.string().trim().min(1).max(20).optional().openapi({ param: { name: "distributorCode", in: "query" }, example: "K7M2QX" }),
  status: z.enum(WITHDRAWAL_STATUSES).optional().openapi({ param: { name: "status", in: "query" } }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: "limit", in: "query" } }),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ param: { name: "offset", in: "query" } }),
});

const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });

export const listWithdrawalsRoute = restRoute({
  method: "get",
  path: "/api/v1/withdrawals",
  tags: ["Withdrawals"],
  summary: "Withdrawals, newest first",
  request: { query: ListQuery },
  responses: {
    200: { description: "A page of withdrawals.", content: jsonContent(z.object({ items: z.array(WithdrawalSchema) }).openapi("WithdrawalList")) },
    ...problems({ 404: "`distributorCode` names no distributor in this brand (`errors.distributorCode`: not_found)." }),
  },
});

export const getWithdrawalRoute = restRoute({
  method: "get",
  path: "/api/v1/withdrawals/{id}",
  tags: ["Withdrawals"],
  summary: "One withdrawal with its timeline",
  request: { params: IdParam },
  responses: {
    200: { description: "The withdrawal.", content: jsonContent(WithdrawalDetailSchema) },
    ...problems({ 404: "No withdrawal with this id in this brand." }),
  },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
type Row = Awaited<ReturnType<typeof apiWithdrawals>>[number];
function withdrawalJson(r: Row) {
  return { ...r, expiresAt: iso(r.expiresAt), requestedAt: r.requestedAt.toISOString(), paidAt: iso(r.paidAt) };
}

export function registerWithdrawals(app: RestApp) {
  app.openapi(listWithdrawalsRoute, (c) =>
    inTenant(c, async (tx) => {
      const q = c.req.valid("query");
      let distributorId: string | undefined;
      if (q.distributorCode) {
        const d = await findByCode(tx, q.distributorCode);
        if (!d) throw new AppError("NOT_FOUND", `No distributor with code ${q.distributorCode}.`, { fields: { distributorCode: "not_found" } });
        distributorId = d.id;
      }
      const rows = await apiWithdrawals(tx, { distributorId, status: q.status, limit: q.limit, offset: q.offset });
      return c.json({ items: rows.map(withdrawalJson) }, 200);
    }),
  );
  app.openapi(getWithdrawalRoute, (c) =>
    inTenant(c, async (tx) => {
      const w = await apiWithdrawal(tx, c.req.valid("param").id);
      return c.json(
        {
          ...withdrawalJson(w),
          timeline: w.timeline.map((e) => ({
            fromStatus: e.fromStatus as (typeof WITHDRAWAL_STATUSES)[number] | null,
            toStatus: e.toStatus as (typeof WITHDRAWAL_STATUSES)[number],
            actorType: e.actorType,
            reason: e.reason,
            at: e.at.toISOString(),
          })),
        },
        200,
      );
    }),
  );
}
