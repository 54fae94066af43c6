/**
 * Orders, their lines, their event inbox and the commissions they earn (DOMAIN.md §3–§4).
 *
 * An order is unique per (channel, external_id): the brand's own key is the idempotency key of
 * order ingest. Every event (created, completed, refund, cancelled) is written to order_events
 * with a per-order key in the same transaction as its effects, so a repeated event is a no-op.
 *
 * Lines, events and commissions have no foreign key of their own to `tenants`: each reaches it
 * through its order's composite key, which cascades, so a brand is still deleted whole. A direct
 * key would be checked once per row on ingest's hottest path (about a fifth of its insert time,
 * measured) and would key-share-lock the one tenants row from every concurrent transaction.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ORDER_CHANNELS } from "../kinds";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { commissionRuleVersions } from "./commission";
import { distributors } from "./distributors";
import { members } from "./network";
import { tenants } from "./platform";

export { ORDER_CHANNELS };

export const orderChannel = pgEnum("order_channel", ORDER_CHANNELS);
export const orderStatus = pgEnum("order_status", ["paid", "completed", "cancelled"]);
export const attributionSource = pgEnum("attribution_source", ["referral_code", "binding", "none"]);
export const riskVerdict = pgEnum("risk_verdict", ["allow", "review", "block"]);
export const orderSource = pgEnum("order_source", ["api", "import", "console", "demo"]);
export const orderEventType = pgEnum("order_event_type", ["created", "completed", "refund", "cancelled"]);
export const commissionStatus = pgEnum("commission_status", ["pending", "held", "settled", "cancelled"]);
export const commissionKind = pgEnum("commission_kind", ["percent", "fixed"]);

/** A fired risk rule, as shown on the order (DESIGN.md: `risk.rules`). */
export interface RiskRuleHit {
  code: string;
  action: "allow" | "review" | "block";
  evidence: Record<string, unknown>;
}

export const orders = pgTable(
  "orders",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    channel: orderChannel().notNull(),
    externalId: text().notNull(),
    status: orderStatus().notNull(),
    buyerMemberId: uuid().notNull(),
    /** The referral code the order carried, as given (attribution says what it did). */
    referralCode: text(),
    distributorId: uuid(),
    attributionSource: attributionSource().notNull(),
    amountFen: bigint({ mode: "number" }).notNull(),
    /**
     * The sum of its lines' refunded_fen, kept by refundOrder in the same statement group: the
     * month close, KPI rewards, leaderboards and the dashboard read an order's net amount
     * (amount_fen − refunded_fen) over millions of orders, and a per-order subquery on
     * order_lines was most of their time.
     */
    refundedFen: bigint({ mode: "number" }).notNull().default(0),
    paidAt: timestamp({ withTimezone: true }).notNull(),
    completedAt: at(),
    /** completed_at + after-sales days; commissions settle once it has passed. */
    settleAfter: at(),
    cancelledAt: at(),
    riskVerdict: riskVerdict().notNull().default("allow"),
    riskRules: jsonb().$type<RiskRuleHit[]>().notNull().default([]),
    /** Keyed hashes only: risk rules compare them, nobody needs the raw values back. */
    deviceHash: text(),
    ipHash: text(),
    shippingHash: text(),
    /**
     * Keyed hash of shippingAddress.phone (the receiver's phone): a risk signal compared with
     * other orders and the distributor's own phone, never a buyer identity (OneID ignores it).
     */
    receiverPhoneHash: text(),
    /**
     * The buyer had no earlier paid order at the brand when this one was ingested (risk's "new
     * buyer"; server/risk). Kept, so window counts of new buyers read an index, not a probe per
     * order. An import of older orders later does not rewrite it.
     */
    buyerNew: boolean().notNull().default(false),
    /** Province / city / district, kept for regional reports; the street address is not stored. */
    shippingRegion: text(),
    source: orderSource().notNull(),
    importId: uuid(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "orders_pkey", columns: [t.tenantId, t.id] }),
    // Hash (or external id) before the enum: under row-level security an enum equality is not
    // leakproof, so it cannot be an index condition; a key led by the enum served lookups by tenant only.
    uniqueIndex("orders_external_key").on(t.tenantId, t.externalId, t.channel),
    index("orders_paid_idx").on(t.tenantId, t.paidAt),
    index("orders_distributor_idx").on(t.tenantId, t.distributorId, t.paidAt),
    // With paid_at: risk's "new buyer" test (no earlier paid order at the brand) is one probe.
    index("orders_buyer_idx").on(t.tenantId, t.buyerMemberId, t.paidAt),
    // The console's order-number search is a prefix match across channels; text_pattern_ops
    // lets a btree serve it whatever the database collation.
    index("orders_external_id_prefix_idx").on(t.tenantId, t.externalId.op("text_pattern_ops")),
    // Review / block verdicts are rare: the console's risk filter reads them from a small
    // partial index instead of walking every order by paid time. Ingest of allowed orders
    // never touches it.
    index("orders_risk_paid_idx").on(t.tenantId, t.paidAt).where(sql`${t.riskVerdict} <> 'allow'`),
    // An import's orders (how each was attributed, in the import's detail). Partial: orders
    // from the API, the console and the demo carry no import and cost nothing to index.
    index("orders_import_idx").on(t.tenantId, t.importId).where(sql`${t.importId} is not null`),
    // Risk window counts (server/risk): orders sharing a device / IP / address / receiver phone
    // around a paid time. Partial, so orders without the signal cost nothing to index.
    index("orders_device_paid_idx").on(t.tenantId, t.deviceHash, t.paidAt).where(sql`${t.deviceHash} is not null`),
    index("orders_ip_paid_idx").on(t.tenantId, t.ipHash, t.paidAt).where(sql`${t.ipHash} is not null`),
    index("orders_shipping_paid_idx").on(t.tenantId, t.shippingHash, t.paidAt).where(sql`${t.shippingHash} is not null`),
    // Brushing: new buyers through one distributor in a short window.
    index("orders_distributor_new_paid_idx").on(t.tenantId, t.distributorId, t.paidAt).where(sql`${t.buyerNew}`),
    index("orders_receiver_phone_paid_idx")
      .on(t.tenantId, t.receiverPhoneHash, t.paidAt)
      .where(sql`${t.receiverPhoneHash} is not null`),
    tenantForeignKey("orders_buyer_fk", t, t.buyerMemberId, members),
    tenantForeignKey("orders_distributor_fk", t, t.distributorId, distributors),
    check("orders_amount_nonneg", sql`${t.amountFen} >= 0`),
    check("orders_refund_range", sql`${t.refundedFen} between 0 and ${t.amountFen}`),
    check(
      "orders_attribution_consistent",
      sql`(${t.attributionSource} = 'none') = (${t.distributorId} is null)`,
    ),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    tenantId: tenantId(), // tenants through its order (file comment)
    id: id(),
    orderId: uuid().notNull(),
    lineNo: smallint().notNull(),
    sku: text().notNull(),
    category: text(),
    quantity: integer().notNull(),
    /** The line's paid amount after discounts, without shipping: the commission base. */
    amountFen: bigint({ mode: "number" }).notNull(),
    refundedFen: bigint({ mode: "number" }).notNull().default(0),
    refundedQuantity: integer().notNull().default(0),
    /** An after-sales case is open (from a platform's after-sales export): do not settle. */
    afterSalesOpen: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ name: "order_lines_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("order_lines_sku_key").on(t.tenantId, t.orderId, t.sku),
    // The key commissions reference: a commission's line, and through it the line's order.
    uniqueIndex("order_lines_order_line_key").on(t.tenantId, t.orderId, t.id),
    tenantForeignKey("order_lines_order_fk", t, t.orderId, orders).onDelete("cascade"),
    check("order_lines_quantity_positive", sql`${t.quantity} > 0`),
    check("order_lines_amount_nonneg", sql`${t.amountFen} >= 0`),
    check("order_lines_refund_range", sql`${t.refundedFen} between 0 and ${t.amountFen}`),
    check("order_lines_refund_qty_range", sql`${t.refundedQuantity} between 0 and ${t.quantity}`),
  ],
);

/**
 * The order's inbox and timeline. `key` makes each event happen once: "created", "completed",
 * "cancelled", "refund:<refundId>".
 */
export const orderEvents = pgTable(
  "order_events",
  {
    tenantId: tenantId(), // tenants through its order (file comment)
    id: id(),
    orderId: uuid().notNull(),
    type: orderEventType().notNull(),
    key: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    source: orderSource().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "order_events_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("order_events_key").on(t.tenantId, t.orderId, t.key),
    tenantForeignKey("order_events_order_fk", t, t.orderId, orders).onDelete("cascade"),
  ],
);

/** How a commission was computed, kept so anyone can read why it is what it is. */
export interface CommissionTrace {
  tier: 1 | 2 | 3;
  ruleId: string;
  ruleName: string;
  version: number;
  stackable: boolean;
  kind: "percent" | "fixed";
  rateBp?: number;
  fixedFen?: number;
  /** The line as paid. */
  baseFen: number;
  quantity: number;
}

/**
 * What the trace column stores: the part of the trace the commission's own columns do not hold
 * (tier, rule id and version, kind, rate or fixed amount are columns). The whole trace is read
 * back with server/commission/stored-trace.ts. Stored whole, the trace was 232 of a row's 416
 * bytes: every page settlement rewrites (and logs whole after a checkpoint) held a third fewer rows.
 */
export type StoredTrace = Pick<CommissionTrace, "ruleName" | "stackable" | "baseFen" | "quantity">;

/** One earner's share of one line under one rule (version). Tier 1–3 only, by law. */
export const commissions = pgTable(
  "commissions",
  {
    tenantId: tenantId(), // tenants through its order (file comment)
    id: id(),
    orderId: uuid().notNull(),
    lineId: uuid().notNull(),
    tier: smallint().notNull(),
    distributorId: uuid().notNull(),
    ruleId: uuid().notNull(),
    ruleVersion: integer().notNull(),
    kind: commissionKind().notNull(),
    rateBp: integer(),
    fixedFen: bigint({ mode: "number" }),
    /** What the line earns now, after refunds. */
    amountFen: bigint({ mode: "number" }).notNull(),
    /** What settlement moved to available (clawbacks reduce against it). */
    settledFen: bigint({ mode: "number" }).notNull().default(0),
    status: commissionStatus().notNull(),
    trace: jsonb().$type<StoredTrace>().notNull(),
    /** Copied from the order on completion so the settlement sweep reads one index. */
    settleAfter: at(),
    settleJournalId: uuid(),
    settledAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "commissions_pkey", columns: [t.tenantId, t.id] }),
    index("commissions_order_idx").on(t.tenantId, t.orderId),
    index("commissions_distributor_idx").on(t.tenantId, t.distributorId, t.createdAt),
    // The console's commissions list: newest first with a created-at range, and by rule.
    index("commissions_created_idx").on(t.tenantId, t.createdAt),
    index("commissions_rule_idx").on(t.tenantId, t.ruleId, t.createdAt),
    // No index holds status, settle_after, settled_at, settled_fen or settle_journal_id, the
    // columns settlement writes: with room on the page (fillfactor 50, migration 0050) its UPDATE
    // is a HOT update that writes no index entry. What comes due is in commission_due.
    // One check a commission, on its line within its order (so a commission's order is always
    // its line's). Two keys, to the order and to the line, were two checks a row; the one on the
    // order, a row the same transaction had just written, cost 10 µs each, about 7 an order.
    foreignKey({
      name: "commissions_line_fk",
      columns: [t.tenantId, t.orderId, t.lineId],
      foreignColumns: [orderLines.tenantId, orderLines.orderId, orderLines.id],
    }).onDelete("cascade"),
    tenantForeignKey("commissions_distributor_fk", t, t.distributorId, distributors),
    // settle_journal_id has no foreign key (migration 0052): its one writer, the settlement sweep,
    // refuses to commit a run unless every journal its commissions point at was inserted by the
    // same transaction (server/settlement/sweep.ts), and journals are never deleted. The key was
    // one check per settled commission at COMMIT, 14% of the sweep's database time.
    foreignKey({
      name: "commissions_rule_version_fk",
      columns: [t.tenantId, t.ruleId, t.ruleVersion],
      foreignColumns: [commissionRuleVersions.tenantId, commissionRuleVersions.ruleId, commissionRuleVersions.version],
    }),
    // Prohibition of Pyramid Selling Regulations: never more than three tiers.
    check("commissions_tier_range", sql`${t.tier} between 1 and 3`),
    check("commissions_amount_nonneg", sql`${t.amountFen} >= 0`),
    check("commissions_settled_nonneg", sql`${t.settledFen} >= 0`),
    check(
      "commissions_kind_consistent",
      sql`(${t.kind} = 'percent' and ${t.rateBp} is not null) or (${t.kind} = 'fixed' and ${t.fixedFen} is not null)`,
    ),
  ],
);

/**
 * What the settlement sweep looks at: the commissions that have a settle-after time and may
 * still be pending, by that time. A trigger on commissions (migration 0050) adds a row whenever
 * a pending or held commission gets or changes its settle_after, on every path that completes
 * an order; the sweep deletes the rows of what it settles, and of what can no longer settle
 * (reversed, cancelled) as it finishes. Held commissions and those of frozen earners keep their
 * row, so they settle on the first sweep after release.
 *
 * It is kept apart from commissions so that settling a commission changes no indexed column of
 * commissions: a partial index on status there made every settlement write a new entry into all
 * of commissions' indexes. With that, and half of each page kept free for the settled version of
 * its rows (a commission row is about 400 bytes, and a page's rows come due together; at 80%
 * only 3 in 10 updates stayed on the page), settling 50,000 commissions rewrites them in 0.33 s
 * instead of 0.93 s (EXPLAIN ANALYZE on the bench's brand, 2026-12-05). The price: commissions
 * take twice the pages.
 */
export const commissionDue = pgTable(
  "commission_due",
  {
    tenantId: tenantId(), // tenants through its commission (file comment)
    commissionId: uuid().notNull(),
    /**
     * A hash of the earner into one of SETTLEMENT_BUCKETS (server/settlement/buckets.ts): a sweep
     * settles whole buckets a chunk, so an earner's due commissions settle in one journal.
     */
    bucket: smallint().notNull(),
    settleAfter: at().notNull(),
  },
  (t) => [
    primaryKey({ name: "commission_due_pkey", columns: [t.tenantId, t.commissionId] }),
    // Which brands have something due, and how much is due in each bucket.
    index("commission_due_after_idx").on(t.tenantId, t.settleAfter),
    // A chunk: a range of buckets.
    index("commission_due_bucket_idx").on(t.tenantId, t.bucket, t.settleAfter),
    foreignKey({
      name: "commission_due_commission_fk",
      columns: [t.tenantId, t.commissionId],
      foreignColumns: [commissions.tenantId, commissions.id],
    }).onDelete("cascade"),
  ],
);
