import { describe, expect, it } from "vitest";
import { ladderBonus, ladderRate, ladderSchema, nextStep, refundAdjustment } from "./ladder";
import { addMonths, lastEndedMonth, monthBounds, monthOf } from "./period";

const LADDER = [
  { minFen: 10_000_000, rateBp: 100 },
  { minFen: 30_000_000, rateBp: 200 },
];

describe("ladder", () => {
  it("pays a step from exactly its minimum, on the whole GMV, floored", () => {
    expect(ladderRate(9_999_999, LADDER)).toBe(0);
    expect(ladderBonus(9_999_999, LADDER)).toBe(0);
    expect(ladderBonus(10_000_000, LADDER)).toBe(100_000);
    expect(ladderBonus(29_999_999, LADDER)).toBe(299_999);
    expect(ladderBonus(30_000_000, LADDER)).toBe(600_000);
    expect(ladderBonus(30_000_049, LADDER)).toBe(600_000);
    expect(ladderBonus(0, LADDER)).toBe(0);
    expect(ladderBonus(50_000_000, [])).toBe(0);
  });

  it("tells the next step and what is left", () => {
    expect(nextStep(3_200_000, LADDER)).toEqual({ step: LADDER[0], remainingFen: 6_800_000 });
    expect(nextStep(10_000_000, LADDER)).toEqual({ step: LADDER[1], remainingFen: 20_000_000 });
    expect(nextStep(30_000_000, LADDER)).toBeNull();
  });

  it("re-tiers a refunded period: one fen below the step claws back the whole step", () => {
    expect(refundAdjustment(10_000_000, 1, LADDER)).toEqual({ newBasisFen: 9_999_999, amountFen: -100_000 });
    expect(refundAdjustment(40_000_000, 5_000_000, LADDER)).toEqual({ newBasisFen: 35_000_000, amountFen: -100_000 });
    expect(refundAdjustment(100, 500, LADDER)).toEqual({ newBasisFen: 0, amountFen: 0 });
  });

  it("accepts only ascending steps and capped rates", () => {
    expect(ladderSchema.safeParse(LADDER).success).toBe(true);
    expect(ladderSchema.safeParse([LADDER[1], LADDER[0]]).success).toBe(false);
    expect(ladderSchema.safeParse([{ minFen: 1, rateBp: 3001 }]).success).toBe(false);
  });
});

describe("Shanghai months", () => {
  it("starts a month at 00:00 in Shanghai (16:00 UTC the day before)", () => {
    expect(monthBounds("2026-10")).toEqual({ start: new Date("2026-09-30T16:00:00Z"), end: new Date("2026-10-31T16:00:00Z") });
    expect(monthOf(new Date("2026-10-31T15:59:59.999Z"))).toBe("2026-10");
    expect(monthOf(new Date("2026-10-31T16:00:00Z"))).toBe("2026-11");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(lastEndedMonth(new Date("2026-12-01T00:00:00+08:00"))).toBe("2026-11");
  });
});
