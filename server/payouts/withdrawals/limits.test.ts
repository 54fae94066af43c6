import { describe, expect, it } from "vitest";
import { checkLimits, feeOf, yuan, ZERO_USAGE, type PayoutLimits } from "./limits";
import { newOutBillNo } from "./bill-no";
import { DEFAULT_PAYOUT_SETTINGS } from "./settings";

const all: PayoutLimits = {
  ...DEFAULT_PAYOUT_SETTINGS,
  channelLimits: {
    bank: { enabled: true, minFen: 100, maxFen: 5_000_000, realNameFromFen: null },
    wechat: { enabled: true, minFen: 10, maxFen: 500_000, realNameFromFen: 200_000 },
    alipay: { enabled: true, minFen: 100, maxFen: 5_000_000, realNameFromFen: null },
  },
};
const check = (l: PayoutLimits, channel: "bank" | "wechat" | "alipay", amountFen: number, hasRealName = true, usage = ZERO_USAGE) =>
  checkLimits(l, { channel, amountFen, hasRealName, usage });

describe("DOMAIN.md §5 defaults", () => {
  it("bank ¥1–¥50,000, WeChat ¥0.10–¥200 with a real name from ¥2,000, Alipay up to ¥50,000, two approvers from ¥10,000", () => {
    const d = DEFAULT_PAYOUT_SETTINGS;
    expect(d.channelLimits.bank).toMatchObject({ minFen: 100, maxFen: 5_000_000 });
    expect(d.channelLimits.wechat).toMatchObject({ minFen: 10, maxFen: 20_000, realNameFromFen: 200_000 });
    expect(d.channelLimits.alipay).toMatchObject({ maxFen: 5_000_000 });
    expect(d.dualApprovalFromFen).toBe(1_000_000);
    expect(d.feeBp).toBe(0);
  });
});

describe("per-transfer minimum and maximum", () => {
  it("bank: ¥1.00 passes, ¥0.99 is refused; ¥50,000.00 passes, ¥50,000.01 is refused naming Alipay", () => {
    expect(check(all, "bank", 100)).toBeNull();
    expect(check(all, "bank", 99)).toMatchObject({ code: "below_min", limit: 100 });
    expect(check(all, "bank", 5_000_000)).toBeNull();
    const v = check({ ...all, channelLimits: { ...all.channelLimits, alipay: { ...all.channelLimits.alipay, maxFen: 10_000_000 } } }, "bank", 5_000_001);
    expect(v).toMatchObject({ code: "above_max", limit: 5_000_000, alternatives: ["alipay"] });
    expect(v!.message).toContain("Bank card takes at most ¥50,000.00");
    expect(v!.message).toContain("Alipay can take it");
  });

  it("WeChat default: ¥0.10 and ¥200.00 pass, ¥0.09 and ¥200.01 are refused; the message names the bank card", () => {
    const d: PayoutLimits = { ...DEFAULT_PAYOUT_SETTINGS, channelLimits: { ...DEFAULT_PAYOUT_SETTINGS.channelLimits, wechat: { ...DEFAULT_PAYOUT_SETTINGS.channelLimits.wechat, enabled: true } } };
    expect(check(d, "wechat", 10)).toBeNull();
    expect(check(d, "wechat", 9)).toMatchObject({ code: "below_min", limit: 10 });
    expect(check(d, "wechat", 20_000)).toBeNull();
    const v = check(d, "wechat", 20_001);
    expect(v).toMatchObject({ code: "above_max", limit: 20_000, alternatives: ["bank"] });
    expect(v!.message).toMatch(/WeChat wallet takes at most ¥200\.00.*Bank card can take it/);
  });

  it("Alipay: ¥50,000.00 passes, ¥50,000.01 is refused; with no channel able to take it, the message says to split", () => {
    expect(check(all, "alipay", 5_000_000)).toBeNull();
    const v = check(all, "alipay", 5_000_001);
    expect(v).toMatchObject({ code: "above_max", alternatives: [] });
    expect(v!.message).toContain("request a smaller amount");
  });

  it("a disabled channel is refused, naming the channels that take the amount", () => {
    const v = check(DEFAULT_PAYOUT_SETTINGS, "alipay", 10_000);
    expect(v).toMatchObject({ code: "channel_disabled", alternatives: ["bank"] });
  });
});

describe("WeChat real-name threshold", () => {
  it("¥1,999.99 without a real name passes; ¥2,000.00 without one is refused; with one it passes", () => {
    expect(check(all, "wechat", 199_999, false)).toBeNull();
    const v = check(all, "wechat", 200_000, false);
    expect(v).toMatchObject({ code: "real_name_required", limit: 200_000, channel: "wechat" });
    expect(v!.message).toContain("¥2,000.00");
    expect(check(all, "wechat", 200_000, true)).toBeNull();
  });
});

describe("daily and monthly caps", () => {
  const capped: PayoutLimits = { ...all, dailyAmountCapFen: 100_000, dailyCountCap: 3, monthlyAmountCapFen: 500_000, monthlyCountCap: 10 };
  const used = (o: Partial<typeof ZERO_USAGE>) => ({ ...ZERO_USAGE, ...o });

  it("daily amount: exactly the cap passes, one fen more is refused with what is left", () => {
    expect(check(capped, "bank", 40_000, true, used({ dayAmountFen: 60_000, monthAmountFen: 60_000 }))).toBeNull();
    const v = check(capped, "bank", 40_001, true, used({ dayAmountFen: 60_000, monthAmountFen: 60_000 }));
    expect(v).toMatchObject({ code: "daily_amount_cap", limit: 100_000 });
    expect(v!.message).toContain("¥400.00 is left today");
  });

  it("daily count: the third passes, the fourth is refused", () => {
    expect(check(capped, "bank", 100, true, used({ dayCount: 2, monthCount: 2 }))).toBeNull();
    expect(check(capped, "bank", 100, true, used({ dayCount: 3, monthCount: 3 }))).toMatchObject({ code: "daily_count_cap", limit: 3 });
  });

  it("monthly amount and count at and past the cap", () => {
    expect(check(capped, "bank", 50_000, true, used({ monthAmountFen: 450_000 }))).toBeNull();
    expect(check(capped, "bank", 50_001, true, used({ monthAmountFen: 450_000 }))).toMatchObject({ code: "monthly_amount_cap", limit: 500_000 });
    expect(check(capped, "bank", 100, true, used({ monthCount: 9 }))).toBeNull();
    expect(check(capped, "bank", 100, true, used({ monthCount: 10 }))).toMatchObject({ code: "monthly_count_cap", limit: 10 });
  });
});

describe("fee, formatting and bill numbers", () => {
  it("fee is floored basis points", () => {
    expect(feeOf(10_000, 60)).toBe(60);
    expect(feeOf(199, 60)).toBe(1);
    expect(feeOf(166, 60)).toBe(0);
    expect(feeOf(10_000, 0)).toBe(0);
  });

  it("yuan formats fen exactly", () => {
    expect(yuan(199_999)).toBe("¥1,999.99");
    expect(yuan(5)).toBe("¥0.05");
  });

  it("bill numbers carry the Shanghai date, are 19 characters of A–Z / 0–9 and do not repeat", () => {
    const at = new Date("2026-12-01T16:30:00Z"); // 00:30 on 2 Dec in Shanghai
    const n = newOutBillNo(at);
    expect(n).toMatch(/^W20261202[0-9A-HJKMNP-TV-Z]{10}$/);
    const many = new Set(Array.from({ length: 2_000 }, () => newOutBillNo(at)));
    expect(many.size).toBe(2_000);
  });
});
