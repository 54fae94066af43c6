/**
 * Output schemas of the console's order settlement procedures. Declared so a procedure can
 * never hand the browser more than these fields (no hashes, no raw identities, no rule JSON).
 */
import { z } from "zod";
import { ORDER_CHANNELS, orderEventType, orderSource } from "@/db/schema/orders";
import { journalKind, ledgerAccountType } from "@/db/schema/ledger";
import { ATTRIBUTION_SOURCES, COMMISSION_STATUSES, ORDER_STATUSES, RISK_VERDICTS } from "./console-schemas";

const fen = z.number().int();
const distributorRef = z.object({ id: z.uuid(), name: z.string(), code: z.string() });
const identity = z.object({ kind: z.string(), masked: z.string() });
const channel = z.enum(ORDER_CHANNELS);
const commissionStatus = z.enum(COMMISSION_STATUSES);

export const orderRowSchema = z.object({
  id: z.uuid(),
  channel,
  externalId: z.string(),
  status: z.enum(ORDER_STATUSES),
  paidAt: z.date(),
  buyer: identity.nullable(),
  amountFen: fen,
  refundedFen: fen,
  commissionFen: fen,
  distributor: distributorRef.nullable(),
  attributionSource: z.enum(ATTRIBUTION_SOURCES),
  riskVerdict: z.enum(RISK_VERDICTS),
});

export const orderListResultSchema = z.object({ total: z.number().int(), items: z.array(orderRowSchema) });

export const commissionRowSchema = z.object({
  id: z.uuid(),
  tier: z.number().int(),
  status: commissionStatus,
  amountFen: fen,
  createdAt: z.date(),
  settledAt: z.date().nullable(),
  rule: z.object({ id: z.uuid(), version: z.number().int(), name: z.string() }),
  distributor: distributorRef,
  order: z.object({ id: z.uuid(), channel, externalId: z.string() }),
  sku: z.string(),
});

export const commissionListResultSchema = z.object({ total: z.number().int(), items: z.array(commissionRowSchema) });

export const ruleOptionsSchema = z.array(z.object({ id: z.uuid(), name: z.string(), enabled: z.boolean() }));

export const orderDetailSchema = z.object({
  id: z.uuid(),
  channel,
  externalId: z.string(),
  status: z.enum(ORDER_STATUSES),
  source: z.enum(orderSource.enumValues),
  paidAt: z.date(),
  completedAt: z.date().nullable(),
  settleAfter: z.date().nullable(),
  cancelledAt: z.date().nullable(),
  createdAt: z.date(),
  amountFen: fen,
  refundedFen: fen,
  commissionFen: fen,
  shippingRegion: z.string().nullable(),
  buyer: z.object({ identities: z.array(identity) }),
  attribution: z.object({
    source: z.enum(ATTRIBUTION_SOURCES),
    referralCode: z.string().nullable(),
    distributor: distributorRef.nullable(),
  }),
  risk: z.object({
    verdict: z.enum(RISK_VERDICTS),
    rules: z.array(z.object({ code: z.string(), action: z.enum(RISK_VERDICTS), evidence: z.record(z.string(), z.unknown()) })),
  }),
  lines: z.array(
    z.object({
      id: z.uuid(),
      lineNo: z.number().int(),
      sku: z.string(),
      category: z.string().nullable(),
      quantity: z.number().int(),
      amountFen: fen,
      refundedFen: fen,
      refundedQuantity: z.number().int(),
      afterSalesOpen: z.boolean(),
    }),
  ),
  commissions: z.array(
    z.object({
      id: z.uuid(),
      tier: z.number().int(),
      distributor: distributorRef,
      sku: z.string(),
      rule: z.object({ id: z.uuid(), version: z.number().int(), name: z.string() }),
      status: commissionStatus,
      amountFen: fen,
      settledFen: fen,
      settleAfter: z.date().nullable(),
      settledAt: z.date().nullable(),
      trace: z.string(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.uuid(),
      type: z.enum(orderEventType.enumValues),
      at: z.date(),
      recordedAt: z.date(),
      source: z.enum(orderSource.enumValues),
      refund: z
        .object({
          refundId: z.string(),
          items: z.array(z.object({ sku: z.string(), amountFen: fen, quantity: z.number().int().nullable() })),
        })
        .nullable(),
    }),
  ),
  journals: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(journalKind.enumValues),
      causeType: z.string(),
      causeId: z.string(),
      memo: z.string().nullable(),
      at: z.date(),
      ofThisOrder: z.boolean(),
      orderShareFen: fen.nullable(),
      postings: z.array(
        z.object({
          id: z.uuid(),
          accountType: z.enum(ledgerAccountType.enumValues),
          distributor: distributorRef.nullable(),
          debitFen: fen,
          creditFen: fen,
        }),
      ),
    }),
  ),
});

const bucket = z.object({ count: z.number().int(), amountFen: fen });

export const settlementStatusSchema = z.object({
  commissions: z.object({ pending: bucket, held: bucket, settled: bucket, cancelled: bucket }),
  due: bucket,
  ledger: z.object({
    accounts: z.record(z.enum(ledgerAccountType.enumValues), fen),
    imbalanceFen: fen,
  }),
});

export const settlementRunSchema = z.object({
  commissions: z.number().int(),
  journals: z.number().int(),
  settledFen: fen,
  offsetFen: fen,
});
