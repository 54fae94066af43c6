/**
 * Where a commission stands, as a distributor reads it in the portal (Earnings). A plain module
 * (no imports) so browser code can use it without loading the database schema.
 */
export const EARNING_STATES = ["pending", "completed", "held", "settled", "refunded", "cancelled"] as const;
export type EarningState = (typeof EARNING_STATES)[number];
