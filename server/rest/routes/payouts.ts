/**
 * POST /api/v1/distributors/{code}/payouts — a payout the brand made outside Fenxiao (its own
 * payroll or a flexible-employment platform), recorded from `available` (issue 9 item 7;
 * rules in server/payouts/external/record.ts).
 */
import { z } from "@hono/zod-openapi";
import { recordExternalPayout, TAX_WITHHELD_BY, type ExternalPayout } from "@/server/payouts/external/record";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { isoTime, jsonBody, jsonContent } from "../schemas";
import { mutate } from "../tenant";

const NewPayoutSchema = z
  .strictObject({
    amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).openapi({ description: "Gross amount in fen, taken from `available`.", example: 300000 }),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .openapi({ description: "Your payroll's or platform's id for the payout. Unique per brand: it makes the call idempotent.", example: "PAYROLL-2027-01-0042" }),
    paidAt: z.iso.datetime({ offset: true }).openapi({ description: "When the money left you (ISO 8601 with offset); decides the tax month (Asia/Shanghai).", example: "2027-01-31T23:30:00+08:00" }),
    taxWithheld: z.enum(TAX_WITHHELD_BY).openapi({
      description: "`by_brand`: Fenxiao computes the tax you withheld (DOMAIN §6: labour remuneration or cumulative, per your payout settings). `by_platform`: the platform withheld it; not withheld by the brand.",
      example: "by_brand",
    }),
  })
  .openapi("NewExternalPayout", { example: { amountFen: 300000, reference: "PAYROLL-2027-01-0042", paidAt: "2027-01-31T23:30:00+08:00", taxWithheld: "by_brand" } });

const PayoutSchema = z
  .object({
    id: z.string(),
    outBillNo: z.string().openapi({ description: "Fenxiao's payout number, as on the distributor's timeline." }),
    distributorCode: z.string(),
    amountFen: z.number().int(),
    taxFen: z.number().int().openapi({ description: "Income tax withheld by the brand (0 when not withheld)." }),
    netFen: z.number().int().openapi({ description: "amountFen − taxFen: what the distributor received." }),
    taxMethod: z.enum(["labour", "cumulative", "not_withheld"]),
    taxMonth: z.string().openapi({ description: "YYYY-MM, Asia/Shanghai.", example: "2027-01" }),
    taxNote: z.string().nullable().openapi({ description: "Why not withheld: withheld_by_platform, individual_business." }),
    taxWithheld: z.enum(TAX_WITHHELD_BY),
    reference: z.string(),
    paidAt: isoTime,
    recordedAt: isoTime,
  })
  .openapi("ExternalPayout", {
    example: {
      id: "01a2b3c4-0000-7000-8000-000000000001",
      outBillNo: "X20270131ABCDEFGHJK",
      distributorCode: "K7M2QX",
      amountFen: 300000,
      taxFen: 44000,
      netFen: 256000,
      taxMethod: "labour",
      taxMonth: "2027-01",
      taxNote: null,
      taxWithheld: "by_brand",
      reference: "PAYROLL-2027-01-0042",
      paidAt: "2027-01-31T15:30:00.000Z",
      recordedAt: "2027-02-01T02:00:00.000Z",
    },
  });

const CodeParam = z.object({
  code: z.string().min(1).max(20).openapi({ param: { name: "code", in: "path" }, example: "K7M2QX" }),
});

export function payoutJson(p: ExternalPayout) {
  return {
    id: p.id,
    outBillNo: p.outBillNo,
    distributorCode: p.distributorCode,
    amountFen: p.amountFen,
    taxFen: p.taxFen,
    netFen: p.netFen,
    taxMethod: p.taxMethod,
    taxMonth: p.taxMonth,
    taxNote: p.taxNote,
    taxWithheld: p.taxWithheld,
    reference: p.reference,
    paidAt: p.paidAt.toISOString(),
    recordedAt: p.recordedAt.toISOString(),
  };
}

export const createExternalPayoutRoute = restRoute({
  method: "post",
  path: "/api/v1/distributors/{code}/payouts",
  tags: ["Payouts"],
  summary: "Record a payout made outside Fenxiao",
  description:
    "For money you paid through your own payroll or a flexible-employment platform: takes it from the distributor's `available` balance, " +
    "appears on both timelines and in the monthly tax report. Idempotent on `reference`: the same reference with the same body answers the " +
    "first result again (with `Idempotent-Replayed: true`); with another body → 409. Refused while the distributor owes arrears.",
  request: { params: CodeParam, body: jsonBody(NewPayoutSchema) },
  responses: {
    201: { description: "Recorded (or, for a repeated reference with the same body, the first result).", content: jsonContent(PayoutSchema) },
    ...problems({
      404: "No distributor with this code in this brand.",
      409: "`reference` was already recorded for a different payout (`errors.reference`: reused).",
      422: "The amount is above the available balance (`errors.amountFen`: exceeds_available), or the distributor owes arrears (arrears_outstanding).",
    }),
  },
});

export function registerPayouts(app: RestApp) {
  app.openapi(createExternalPayoutRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const body = c.req.valid("json");
      const { payout, replayed } = await recordExternalPayout(tx, { type: "api", id: actor.id }, { code: c.req.valid("param").code }, {
        ...body,
        paidAt: new Date(body.paidAt),
      });
      // The withdrawals API (issue 9 item 6) reads it back like any other payout.
      const headers: Record<string, string> = { location: `/api/v1/withdrawals/${payout.id}` };
      if (replayed) headers["idempotent-replayed"] = "true";
      return c.json(payoutJson(payout), 201, headers);
    }),
  );
}
