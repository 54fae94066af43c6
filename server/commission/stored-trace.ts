/**
 * A commission's trace is stored in two halves: the columns (tier, rule id and version, kind,
 * rate or fixed amount) and the trace column with the rest (db/schema/orders.ts, StoredTrace).
 * These are the only two ways across: what ingest writes, and the whole trace as readers select it.
 */
import { sql } from "drizzle-orm";
import { commissions, type CommissionTrace, type StoredTrace } from "@/db/schema/orders";

/** The trace column's value for a computed trace. */
export function storedTrace(trace: CommissionTrace): StoredTrace {
  return { ruleName: trace.ruleName, stackable: trace.stackable, baseFen: trace.baseFen, quantity: trace.quantity };
}

/**
 * The whole trace of the commission row in scope, for a select list. The columns win over the
 * trace column, so a trace stored whole (as every row was until migration 0054 narrowed them;
 * the two always agreed) reads the same.
 * `rateBp` or `fixedFen`, whichever is null, is left out, as the engine writes it.
 */
export const commissionTrace = sql<CommissionTrace>`(${commissions.trace} || jsonb_strip_nulls(jsonb_build_object(
  'tier', ${commissions.tier}, 'ruleId', ${commissions.ruleId}, 'version', ${commissions.ruleVersion},
  'kind', ${commissions.kind}, 'rateBp', ${commissions.rateBp}, 'fixedFen', ${commissions.fixedFen})))`.mapWith(
  (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value) as CommissionTrace,
);
