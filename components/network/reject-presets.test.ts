/** Preset reject reasons: every one in both languages, and each a reason the review accepts as it is. */
import { describe, expect, it } from "vitest";
import { loadMessages } from "@/server/i18n/messages";
import { reviewSchema } from "@/server/network/schemas";
import { REJECT_PRESETS, REJECT_REASON_MAX, REJECT_REASON_MIN } from "./reject-presets";

describe("reject presets", () => {
  it.each(["zh-CN", "en"] as const)("has every preset in %s, within the reason's limits", async (locale) => {
    const messages = (await loadMessages(locale)) as unknown as { network: { review: { presets: Record<string, string> } } };
    const presets = messages.network.review.presets;
    expect(Object.keys(presets).sort()).toEqual([...REJECT_PRESETS].sort());
    for (const key of REJECT_PRESETS) {
      const text = presets[key]!;
      expect(text.trim().length).toBeGreaterThanOrEqual(REJECT_REASON_MIN);
      expect(text.length).toBeLessThanOrEqual(REJECT_REASON_MAX);
      expect(reviewSchema.safeParse({ ids: ["0190a0b0-0000-7000-8000-000000000001"], decision: "reject", reason: text }).success).toBe(true);
    }
  });
});
