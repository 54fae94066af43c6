/**
 * The team bonus ladder (DOMAIN.md §8): monthly GMV reaches a step, and the step's rate pays on
 * the whole GMV (≥ ¥100k → 1% means ¥100,000.00 exactly pays 1%). Pure.
 */
import { z } from "zod";
import type { LadderStep } from "@/db/schema/incentives-levels";

export type { LadderStep };

/** Rates above 30% would be a commission in disguise; no brand has asked for more. */
export const MAX_LADDER_RATE_BP = 3000;

export const ladderSchema = z
  .array(
    z.object({
      minFen: z.number().int().min(1).max(1e14),
      rateBp: z.number().int().min(0).max(MAX_LADDER_RATE_BP),
    }),
  )
  .max(10)
  .superRefine((steps, ctx) => {
    for (let i = 1; i < steps.length; i++) {
      if (steps[i]!.minFen <= steps[i - 1]!.minFen) ctx.addIssue({ code: "custom", path: [i, "minFen"], message: "ladder.ascending" });
      if (steps[i]!.rateBp < steps[i - 1]!.rateBp) ctx.addIssue({ code: "custom", path: [i, "rateBp"], message: "ladder.rateAscending" });
    }
  });

/** The step a GMV reaches (the highest whose minimum it meets), or null below the first. */
export function ladderStep(gmvFen: number, ladder: readonly LadderStep[]): LadderStep | null {
  let hit: LadderStep | null = null;
  for (const s of ladder) if (gmvFen >= s.minFen && (!hit || s.minFen > hit.minFen)) hit = s;
  return hit;
}

export function ladderRate(gmvFen: number, ladder: readonly LadderStep[]): number {
  return ladderStep(gmvFen, ladder)?.rateBp ?? 0;
}

/** floor(GMV × rate / 10000), as every commission is floored. */
export function ladderBonus(gmvFen: number, ladder: readonly LadderStep[]): number {
  if (gmvFen <= 0) return 0;
  return Math.floor((gmvFen * ladderRate(gmvFen, ladder)) / 10_000);
}

/** The next step above the GMV and what is left to reach it, for the earner's progress bar. */
export function nextStep(gmvFen: number, ladder: readonly LadderStep[]): { step: LadderStep; remainingFen: number } | null {
  const next = [...ladder].sort((a, b) => a.minFen - b.minFen).find((s) => s.minFen > gmvFen);
  return next ? { step: next, remainingFen: next.minFen - gmvFen } : null;
}

/**
 * A refund after a period closed: the period's basis drops, and its bonus is recomputed on the
 * period's own ladder; the (non-positive) difference is clawed back in the current period. The
 * basis may fall below a step, so the rate on what is left may drop too.
 */
export function refundAdjustment(oldBasisFen: number, refundFen: number, ladder: readonly LadderStep[]) {
  const newBasisFen = Math.max(0, oldBasisFen - refundFen);
  return { newBasisFen, amountFen: ladderBonus(newBasisFen, ladder) - ladderBonus(oldBasisFen, ladder) };
}
