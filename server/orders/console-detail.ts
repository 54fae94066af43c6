/**
 * One order as staff see it (Order Settlement → order detail): what the public API shows, plus
 * who the buyer is (masked), what each commission's rule is called, the event timeline, and the
 * ledger — every journal the order caused and every settlement journal that settled one of its
 * commissions, with each posting — so any balance the order touched can be explained line by line.
 */
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import {
  commissionRuleVersions,
  commissions,
  distributors,
  ledgerJournals,
  ledgerPostings,
  memberIdentities,
  members,
  orderEvents,
  orderLines,
  orders,
} from "@/db/schema";
import { formatTrace } from "@/server/commission/engine";
import { commissionTrace } from "@/server/commission/stored-trace";
import { AppError } from "@/server/errors";
import type { Locale } from "@/server/i18n/config";

type DistributorRef = { id: string; name: string; code: string };

async function distributorRefs(
  tx: Tx,
  ids: (string | null)[],
): Promise<Map<string, DistributorRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await tx
    .select({ id: distributors.id, name: distributors.name, code: distributors.code })
    .from(distributors)
    .where(inArray(distributors.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

async function buyerIdentities(tx: Tx, memberId: string) {
  const [m] = await tx
    .select({ mergedIntoId: members.mergedIntoId })
    .from(members)
    .where(eq(members.id, memberId));
  // A merged buyer's identities moved to the member it was merged into (OneID).
  const ids = [memberId, ...(m?.mergedIntoId ? [m.mergedIntoId] : [])];
  return tx
    .select({ kind: memberIdentities.kind, masked: memberIdentities.masked })
    .from(memberIdentities)
    .where(inArray(memberIdentities.memberId, ids))
    .orderBy(
      sql`(${memberIdentities.kind} = 'phone') desc`,
      asc(memberIdentities.createdAt),
      asc(memberIdentities.id),
    );
}

const refundDataSchema = z.object({
  refundId: z.string(),
  items: z.array(
    z.object({
      sku: z.string(),
      amountFen: z.number(),
      quantity: z.number().nullable().optional(),
    }),
  ),
});

async function timeline(tx: Tx, orderId: string) {
  const rows = await tx
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(asc(orderEvents.at), asc(orderEvents.createdAt), asc(orderEvents.id));
  return rows.map((e) => {
    const refund = e.type === "refund" ? refundDataSchema.safeParse(e.data) : null;
    return {
      id: e.id,
      type: e.type,
      at: e.at,
      recordedAt: e.createdAt,
      source: e.source,
      refund: refund?.success
        ? {
            refundId: refund.data.refundId,
            items: refund.data.items.map((i) => ({
              sku: i.sku,
              amountFen: i.amountFen,
              quantity: i.quantity ?? null,
            })),
          }
        : null,
    };
  });
}

/**
 * The order's journals with their postings. Settlement journals are per earner per run, so one
 * may also settle other orders' commissions: `orderShareFen` says how much of it was this
 * order's, and its postings are shown whole (a journal only balances as a whole).
 */
async function ledger(
  tx: Tx,
  orderId: string,
  settled: { journalId: string; settledFen: number }[],
) {
  const share = new Map<string, number>();
  for (const s of settled) share.set(s.journalId, (share.get(s.journalId) ?? 0) + s.settledFen);
  const journals = await tx
    .select()
    .from(ledgerJournals)
    .where(
      or(
        eq(ledgerJournals.orderId, orderId),
        share.size ? inArray(ledgerJournals.id, [...share.keys()]) : undefined,
      ),
    )
    .orderBy(asc(ledgerJournals.createdAt), asc(ledgerJournals.id));
  if (!journals.length) return [];
  const postings = await tx
    .select()
    .from(ledgerPostings)
    .where(
      inArray(
        ledgerPostings.journalId,
        journals.map((j) => j.id),
      ),
    )
    .orderBy(asc(ledgerPostings.id));
  const refs = await distributorRefs(
    tx,
    postings.map((p) => p.distributorId),
  );
  return journals.map((j) => ({
    id: j.id,
    kind: j.kind,
    causeType: j.causeType,
    causeId: j.causeId,
    memo: j.memo,
    at: j.createdAt,
    ofThisOrder: j.orderId === orderId,
    orderShareFen: share.get(j.id) ?? null,
    postings: postings
      .filter((p) => p.journalId === j.id)
      .map((p) => {
        const amount = Number(p.amountFen);
        return {
          id: p.id,
          accountType: p.accountType,
          distributor: p.distributorId ? (refs.get(p.distributorId) ?? null) : null,
          debitFen: amount > 0 ? amount : 0,
          creditFen: amount < 0 ? -amount : 0,
        };
      }),
  }));
}

export async function orderDetail(tx: Tx, orderId: string, locale: Locale) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new AppError("NOT_FOUND", "Order not found.");
  const lines = await tx
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.lineNo));
  const rows = await tx
    .select({ c: commissions, trace: commissionTrace, ruleName: commissionRuleVersions.name })
    .from(commissions)
    .innerJoin(
      commissionRuleVersions,
      and(
        eq(commissionRuleVersions.tenantId, commissions.tenantId),
        eq(commissionRuleVersions.ruleId, commissions.ruleId),
        eq(commissionRuleVersions.version, commissions.ruleVersion),
      ),
    )
    .where(eq(commissions.orderId, orderId))
    .orderBy(asc(commissions.lineId), asc(commissions.tier), asc(commissions.id));
  const events = await timeline(tx, orderId);
  const identities = await buyerIdentities(tx, order.buyerMemberId);
  const refs = await distributorRefs(tx, [
    order.distributorId,
    ...rows.map((r) => r.c.distributorId),
  ]);
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const journals = await ledger(
    tx,
    orderId,
    rows.flatMap(({ c }) =>
      c.settleJournalId ? [{ journalId: c.settleJournalId, settledFen: Number(c.settledFen) }] : [],
    ),
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const linesOut = lines.map((l) => ({
    id: l.id,
    lineNo: l.lineNo,
    sku: l.sku,
    category: l.category,
    quantity: l.quantity,
    amountFen: Number(l.amountFen),
    refundedFen: Number(l.refundedFen),
    refundedQuantity: l.refundedQuantity,
    afterSalesOpen: l.afterSalesOpen,
  }));
  const commissionsOut = rows.map(({ c, trace, ruleName }) => {
    const line = lineById.get(c.lineId)!;
    return {
      id: c.id,
      tier: c.tier,
      distributor: refs.get(c.distributorId) ?? { id: c.distributorId, name: "", code: "" },
      sku: line.sku,
      rule: { id: c.ruleId, version: c.ruleVersion, name: ruleName },
      status: c.status,
      amountFen: Number(c.amountFen),
      settledFen: Number(c.settledFen),
      settleAfter: c.settleAfter,
      settledAt: c.settledAt,
      trace: formatTrace(
        trace,
        {
          amountFen: Number(line.amountFen),
          refundedFen: Number(line.refundedFen),
          refundedQuantity: line.refundedQuantity,
        },
        locale,
      ),
    };
  });
  return {
    id: order.id,
    channel: order.channel,
    externalId: order.externalId,
    status: order.status,
    source: order.source,
    paidAt: order.paidAt,
    completedAt: order.completedAt,
    settleAfter: order.settleAfter,
    cancelledAt: order.cancelledAt,
    createdAt: order.createdAt,
    amountFen: Number(order.amountFen),
    refundedFen: sum(linesOut.map((l) => l.refundedFen)),
    commissionFen: sum(commissionsOut.map((c) => c.amountFen)),
    shippingRegion: order.shippingRegion,
    buyer: { identities },
    attribution: {
      source: order.attributionSource,
      referralCode: order.referralCode,
      distributor: order.distributorId ? (refs.get(order.distributorId) ?? null) : null,
    },
    risk: {
      verdict: order.riskVerdict,
      rules: order.riskRules.map((r) => ({ code: r.code, action: r.action, evidence: r.evidence })),
    },
    lines: linesOut,
    commissions: commissionsOut,
    events,
    journals,
  };
}
export type ConsoleOrderDetail = Awaited<ReturnType<typeof orderDetail>>;
