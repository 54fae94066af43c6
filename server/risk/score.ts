/**
 * A distributor's risk score for the profile page, 0–100. Pure. It is a reading aid for a
 * reviewer, not a verdict: it never blocks anything by itself.
 *
 * - up to 50 for the share of its last 90 days' orders that were flagged (blocked counts
 *   double: a block is a stronger signal than a review);
 * - 12 for each order a reviewer rejected (fraud confirmed), up to 36;
 * - 4 for each other distributor joined to it by a shared device, address or card, up to 16.
 * Bands: below 30 low, below 60 medium, else high.
 */
export interface ScoreInput {
  orders: number;
  review: number;
  blocked: number;
  rejected: number;
  linkedDistributors: number;
}

export type ScoreBand = "low" | "medium" | "high";

export function riskScore(x: ScoreInput): { score: number; band: ScoreBand } {
  const weighted = x.review + 2 * x.blocked;
  const share = x.orders > 0 ? Math.min(1, weighted / x.orders) : 0;
  const score = Math.min(100, Math.round(50 * share) + Math.min(36, 12 * x.rejected) + Math.min(16, 4 * x.linkedDistributors));
  return { score, band: score < 30 ? "low" : score < 60 ? "medium" : "high" };
}
