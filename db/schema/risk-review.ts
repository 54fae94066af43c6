/**
 * Reviewers' decisions in the Risk Control Center (DOMAIN.md §7, issue 10 item 3).
 *
 * Append-only: a decision is never edited or deleted; changing one's mind is a new decision
 * (the runtime role has INSERT and SELECT only — migration comment 'fenxiao:append-only').
 * The money a decision moved is recorded with it, because a rejected commission is cancelled
 * to 0 on its row and the record is the only place left that says how much was withheld.
 */
import { bigint, boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { orders } from "./orders";
import { tenants } from "./platform";

export const RISK_DECISION_KINDS = ["approve", "reject"] as const;
export const riskDecisionKind = pgEnum("risk_decision_kind", RISK_DECISION_KINDS);

export const riskDecisions = pgTable(
  "risk_decisions",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    /** The order decided on; null for a decision on a case alone. */
    orderId: uuid(),
    /** The case decided on (risk_cases), when the decision came from one. */
    caseId: uuid(),
    decision: riskDecisionKind().notNull(),
    reason: text().notNull(),
    /** Commissions the decision moved (released to pending, or cancelled). */
    commissions: integer().notNull().default(0),
    amountFen: bigint({ mode: "number" }).notNull().default(0),
    /** Taken with others in one bulk action (the audit shows it as such). */
    bulk: boolean().notNull().default(false),
    actorType: text().notNull(),
    actorId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "risk_decisions_pkey", columns: [t.tenantId, t.id] }),
    index("risk_decisions_order_idx").on(t.tenantId, t.orderId, t.createdAt),
    index("risk_decisions_case_idx").on(t.tenantId, t.caseId, t.createdAt),
    index("risk_decisions_created_idx").on(t.tenantId, t.createdAt),
    tenantForeignKey("risk_decisions_order_fk", t, t.orderId, orders).onDelete("cascade"),
    check("risk_decisions_target", sql`${t.orderId} is not null or ${t.caseId} is not null`),
    check("risk_decisions_amount_nonneg", sql`${t.amountFen} >= 0 and ${t.commissions} >= 0`),
  ],
);
