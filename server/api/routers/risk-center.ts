/**
 * The console's Risk Control Center (issue 10 items 3–6): the review queue with its decisions,
 * cases, distributor risk profiles, freeze for fraud, the blacklist's CSV file import, and the
 * risk figures for the workbench. (Blacklist entries, rule settings and the shared-list opt-ins
 * are the `risk` router's.) Thin: parse, call the service in server/risk, return.
 */
import { z } from "zod";
import { LOCALES } from "@/server/i18n/config";
import { orderDetail } from "@/server/orders/console-detail";
import { orderDetailSchema } from "@/server/orders/console-views";
import { RISK_CASE_KINDS, RISK_CASE_STATUSES } from "@/db/risk-kinds";
import { importBlacklistCsv } from "@/server/risk/blacklist-csv";
import { caseDetail, caseListInputSchema, decideCase, listCases } from "@/server/risk/cases";
import { freezeForFraud } from "@/server/risk/freeze";
import { bulkDecide, decideOrder, decisionsOf, MAX_BULK_DECISIONS, MAX_REASON } from "@/server/risk/decisions";
import { riskFigures } from "@/server/risk/figures";
import { distributorRiskProfile } from "@/server/risk/profile";
import { listQueue } from "@/server/risk/queue";
import { QUEUE_STATES, queueListInputSchema, RISK_DECISIONS } from "@/server/risk/queue-schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

const fen = z.number().int();
const reason = z.string().trim().min(1).max(MAX_REASON);

const queueOutput = z.object({
  total: z.number().int(),
  open: z.object({ count: z.number().int(), heldFen: fen }),
  items: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      externalId: z.string(),
      paidAt: z.date(),
      amountFen: fen,
      verdict: z.enum(["review", "block"]),
      rules: z.array(z.object({ code: z.string(), action: z.string() })),
      heldFen: fen,
      state: z.enum(QUEUE_STATES),
      distributor: z.object({ id: z.string(), name: z.string(), code: z.string() }).nullable(),
    }),
  ),
});

const decisionOutput = z.object({
  id: z.string(),
  decision: z.enum(RISK_DECISIONS),
  reason: z.string(),
  commissions: z.number().int(),
  amountFen: fen,
  bulk: z.boolean(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  createdAt: z.date(),
});

const monthFigures = z.object({
  month: z.string(),
  blocked: z.number().int(),
  inReview: z.number().int(),
  open: z.number().int(),
  withheldFen: fen,
  topRules: z.array(z.object({ code: z.string(), orders: z.number().int() })),
});

const profileOutput = z.object({
  distributor: z.object({ id: z.string(), code: z.string(), name: z.string(), status: z.string() }),
  windowDays: z.number().int(),
  counts: z.object({ orders: z.number().int(), review: z.number().int(), blocked: z.number().int(), approved: z.number().int(), rejected: z.number().int() }),
  heldFen: fen,
  score: z.number().int(),
  band: z.enum(["low", "medium", "high"]),
  flagged: z.array(z.object({ id: z.string(), externalId: z.string(), channel: z.string(), paidAt: z.date(), amountFen: fen, verdict: z.string(), rules: z.array(z.string()) })),
  history: z.array(z.object({ id: z.string(), orderId: z.string().nullable(), externalId: z.string(), decision: z.enum(RISK_DECISIONS), reason: z.string(), amountFen: fen, createdAt: z.date() })),
  graph: z.object({
    nodes: z.array(z.object({ id: z.string(), kind: z.enum(["distributor", "buyer"]), label: z.string(), self: z.boolean(), distributorId: z.string().nullable() })),
    edges: z.array(z.object({ a: z.string(), b: z.string(), kind: z.enum(["device", "phone", "address", "card", "bought"]) })),
  }),
});

const outcome = z.object({
  orderId: z.string(),
  outcome: z.enum(["decided", "not_found", "not_in_review", "blocked", "already_approved", "already_rejected", "rejected_final", "already_settled"]),
  commissions: z.number().int().optional(),
  amountFen: fen.optional(),
});

const caseItem = z.object({
  id: z.string(),
  kind: z.enum(RISK_CASE_KINDS),
  status: z.enum(RISK_CASE_STATUSES),
  orderId: z.string().nullable(),
  externalId: z.string().nullable(),
  distributors: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  members: z.number().int(),
  rules: z.array(z.string()),
  amountFen: fen,
  openedAt: z.date(),
  decidedAt: z.date().nullable(),
});

/** A CSV file as text: 5,000 rows of identifiers fit well inside it. */
const MAX_CSV_CHARS = 2_000_000;

export const riskCenterRouter = createTRPCRouter({
  queue: tenantProcedure("risk.review")
    .input(queueListInputSchema)
    .output(queueOutput)
    .query(({ ctx, input }) => listQueue(ctx.tx, input)),
  /** The order with its rules and evidence (masked, as stored), and every decision on it. */
  order: tenantProcedure("risk.review")
    .input(z.object({ id: z.uuid(), locale: z.enum(LOCALES) }))
    .output(z.object({ order: orderDetailSchema, decisions: z.array(decisionOutput) }))
    .query(async ({ ctx, input }) => ({ order: await orderDetail(ctx.tx, input.id, input.locale), decisions: await decisionsOf(ctx.tx, input.id) })),
  decide: tenantProcedure("risk.review")
    .input(z.object({ orderId: z.uuid(), decision: z.enum(RISK_DECISIONS), reason }))
    .output(z.object({ decisionId: z.string(), commissions: z.number().int(), amountFen: fen }))
    .mutation(async ({ ctx, input }) => {
      const r = await decideOrder(ctx.tx, ctx.tenant.id, staffActor(ctx), input);
      return { decisionId: r.decisionId, commissions: r.commissions, amountFen: r.amountFen };
    }),
  bulkDecide: tenantProcedure("risk.review")
    .input(z.object({ orderIds: z.array(z.uuid()).min(1).max(MAX_BULK_DECISIONS), decision: z.enum(RISK_DECISIONS), reason }))
    .output(z.object({ results: z.array(outcome), counts: z.record(z.string(), z.number().int()), amountFen: fen }))
    .mutation(async ({ ctx, input }) => {
      const r = await bulkDecide(ctx.tx, ctx.tenant.id, staffActor(ctx), input);
      return {
        results: r.results.map((x) => (x.outcome === "decided" ? { orderId: x.orderId, outcome: x.outcome, commissions: x.commissions, amountFen: x.amountFen } : x)),
        counts: r.counts,
        amountFen: r.amountFen,
      };
    }),
  /** Score, flagged orders, decisions and the linked-accounts graph of one distributor. */
  profile: tenantProcedure("risk.review")
    .input(z.object({ distributorId: z.uuid() }))
    .output(profileOutput)
    .query(({ ctx, input }) => distributorRiskProfile(ctx.tx, input.distributorId)),
  cases: tenantProcedure("risk.review")
    .input(caseListInputSchema)
    .output(z.object({ total: z.number().int(), items: z.array(caseItem) }))
    .query(({ ctx, input }) => listCases(ctx.tx, input)),
  case: tenantProcedure("risk.review")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => caseDetail(ctx.tx, input.id)),
  decideCase: tenantProcedure("risk.review")
    .input(z.object({ caseId: z.uuid(), decision: z.enum(RISK_DECISIONS), reason }))
    .output(z.object({ caseId: z.string(), status: z.enum(RISK_CASE_STATUSES), commissions: z.number().int(), amountFen: fen }))
    .mutation(({ ctx, input }) => decideCase(ctx.tx, ctx.tenant.id, staffActor(ctx), input)),
  /** Freeze for fraud; with `blacklist`, its identifiers go on the brand's list in the same step. */
  freezeForFraud: tenantProcedure("risk.review")
    .input(z.object({ distributorId: z.uuid(), reason, blacklist: z.boolean() }))
    .output(z.object({ frozen: z.boolean(), listed: z.number().int(), alreadyListed: z.number().int() }))
    .mutation(({ ctx, input }) => freezeForFraud(ctx.tx, ctx.tenant.id, staffActor(ctx), input)),
  blacklistImport: tenantProcedure("risk.review")
    .input(z.object({ csv: z.string().max(MAX_CSV_CHARS) }))
    .output(
      z.object({
        rows: z.number().int(),
        added: z.number().int(),
        duplicates: z.number().int(),
        errors: z.array(z.object({ line: z.number().int(), field: z.string(), key: z.string() })),
      }),
    )
    .mutation(({ ctx, input }) => importBlacklistCsv(ctx.tx, ctx.tenant.id, staffActor(ctx), input.csv)),
  /** The workbench's risk card: any role that sees the dashboard. */
  figures: tenantProcedure("dashboard.read")
    .output(z.object({ thisMonth: monthFigures, lastMonth: monthFigures }))
    .query(({ ctx }) => riskFigures(ctx.tx)),
});
