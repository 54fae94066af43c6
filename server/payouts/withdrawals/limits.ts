/**
 * Withdrawal limits (DOMAIN.md §5), pure: per-channel minimum / maximum per transfer, WeChat's
 * real-name threshold, per-distributor daily and monthly amount and count caps, and the fee.
 *
 * A refusal names the limit it broke and, when the amount is too large for the chosen channel,
 * the enabled channels that could take it, so the distributor knows what to do next. Messages
 * are English for logs and API clients; `code` and `params` let the UI show them in zh / en.
 */
import type { ChannelLimit } from "@/db/schema/withdrawals";
import { percentOf } from "@/server/commission/money";

export const REQUEST_CHANNELS = ["bank", "wechat", "alipay"] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export interface PayoutLimits {
  channelLimits: Record<RequestChannel, ChannelLimit>;
  dailyAmountCapFen: number | null;
  dailyCountCap: number | null;
  monthlyAmountCapFen: number | null;
  monthlyCountCap: number | null;
  feeBp: number;
}

/** What the distributor has already requested (not returned) today and this month, brand clock. */
export interface Usage {
  dayAmountFen: number;
  dayCount: number;
  monthAmountFen: number;
  monthCount: number;
}

export const ZERO_USAGE: Usage = { dayAmountFen: 0, dayCount: 0, monthAmountFen: 0, monthCount: 0 };

export type LimitCode =
  | "channel_disabled"
  | "below_min"
  | "above_max"
  | "real_name_required"
  | "daily_amount_cap"
  | "daily_count_cap"
  | "monthly_amount_cap"
  | "monthly_count_cap";

export interface LimitViolation {
  code: LimitCode;
  channel: RequestChannel;
  /** The limit's value (fen, or a count for the count caps). */
  limit: number;
  /** Enabled channels whose per-transfer range takes this amount (for above_max / below_min / disabled). */
  alternatives: RequestChannel[];
  message: string;
}

export const CHANNEL_LABEL: Record<RequestChannel, string> = { bank: "Bank card", wechat: "WeChat wallet", alipay: "Alipay" };

/** ¥1,234.56 — for messages; the UI formats with Intl. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** Enabled channels, other than `except`, whose min/max range contains the amount. */
export function channelsThatTake(limits: PayoutLimits, amountFen: number, except?: RequestChannel): RequestChannel[] {
  return REQUEST_CHANNELS.filter((c) => {
    const l = limits.channelLimits[c];
    return c !== except && l.enabled && amountFen >= l.minFen && amountFen <= l.maxFen;
  });
}

function suggest(alts: RequestChannel[]): string {
  if (!alts.length) return " No channel takes this amount in one transfer: request a smaller amount.";
  return ` ${alts.map((c) => CHANNEL_LABEL[c]).join(" or ")} can take it.`;
}

/**
 * The first limit the request breaks, or null. Checked in a fixed order so the message is the
 * most useful one: the channel itself, then the per-transfer range, then identity, then caps.
 * `hasRealName`: the payee's real name is verified (WeChat requires it from realNameFromFen).
 */
export function checkLimits(
  limits: PayoutLimits,
  input: { channel: RequestChannel; amountFen: number; hasRealName: boolean; usage: Usage },
): LimitViolation | null {
  const { channel, amountFen, usage } = input;
  const l = limits.channelLimits[channel];
  const label = CHANNEL_LABEL[channel];
  const v = (code: LimitCode, limit: number, message: string, alternatives: RequestChannel[] = []): LimitViolation => ({
    code,
    channel,
    limit,
    alternatives,
    message,
  });
  if (!l.enabled) {
    const alts = channelsThatTake(limits, amountFen, channel);
    return v("channel_disabled", 0, `${label} withdrawals are not offered by this brand.${suggest(alts)}`, alts);
  }
  if (amountFen < l.minFen) {
    const alts = channelsThatTake(limits, amountFen, channel);
    return v("below_min", l.minFen, `${label} takes at least ${yuan(l.minFen)} per withdrawal.${alts.length ? suggest(alts) : ""}`, alts);
  }
  if (amountFen > l.maxFen) {
    const alts = channelsThatTake(limits, amountFen, channel);
    return v("above_max", l.maxFen, `${label} takes at most ${yuan(l.maxFen)} per withdrawal.${suggest(alts)}`, alts);
  }
  if (l.realNameFromFen != null && amountFen >= l.realNameFromFen && !input.hasRealName) {
    return v(
      "real_name_required",
      l.realNameFromFen,
      `${label} withdrawals of ${yuan(l.realNameFromFen)} or more need a verified real name: complete identity verification first.`,
    );
  }
  if (limits.dailyCountCap != null && usage.dayCount + 1 > limits.dailyCountCap) {
    return v("daily_count_cap", limits.dailyCountCap, `The daily limit of ${limits.dailyCountCap} withdrawals is reached; try again tomorrow.`);
  }
  if (limits.dailyAmountCapFen != null && usage.dayAmountFen + amountFen > limits.dailyAmountCapFen) {
    const left = Math.max(0, limits.dailyAmountCapFen - usage.dayAmountFen);
    return v("daily_amount_cap", limits.dailyAmountCapFen, `The daily withdrawal limit is ${yuan(limits.dailyAmountCapFen)}; ${yuan(left)} is left today.`);
  }
  if (limits.monthlyCountCap != null && usage.monthCount + 1 > limits.monthlyCountCap) {
    return v("monthly_count_cap", limits.monthlyCountCap, `The monthly limit of ${limits.monthlyCountCap} withdrawals is reached.`);
  }
  if (limits.monthlyAmountCapFen != null && usage.monthAmountFen + amountFen > limits.monthlyAmountCapFen) {
    const left = Math.max(0, limits.monthlyAmountCapFen - usage.monthAmountFen);
    return v("monthly_amount_cap", limits.monthlyAmountCapFen, `The monthly withdrawal limit is ${yuan(limits.monthlyAmountCapFen)}; ${yuan(left)} is left this month.`);
  }
  return null;
}

/** The brand's fee: floor(amount × feeBp / 10000), so rounding never charges the distributor more. */
export function feeOf(amountFen: number, feeBp: number): number {
  return percentOf(amountFen, feeBp);
}
