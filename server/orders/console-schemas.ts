/**
 * The console's order and commission lists: their filters, sorts and page, as one zod schema
 * each. The same schema validates the tRPC input and the CSV export's query string, so a list on
 * screen and its export can never disagree about what a filter means. Pure (no database), so
 * the browser's URL parsing imports the same enums.
 */
import { z } from "zod";

/**
 * The order channels. A copy of ORDER_CHANNELS (db/schema/orders.ts) so the browser bundle does
 * not load the database schema; console-schemas.test.ts keeps the two equal.
 */
export const CHANNELS = ["tmall", "taobao", "jd", "pdd", "douyin", "wechat_channels", "mini_program", "offline", "other"] as const;
export const ORDER_STATUSES = ["paid", "completed", "cancelled"] as const;
export const ATTRIBUTION_SOURCES = ["referral_code", "binding", "none"] as const;
export const RISK_VERDICTS = ["allow", "review", "block"] as const;
export const COMMISSION_STATUSES = ["pending", "held", "settled", "cancelled"] as const;
export const COMMISSION_TIERS = ["1", "2", "3"] as const;

export const PAGE_SIZES = [20, 50, 100] as const;
export const MAX_OFFSET = 1_000_000;

/** A calendar day on the brand's clock (Asia/Shanghai), as typed in a date input. */
export const brandDateSchema = z.iso.date();

const SHANGHAI_OFFSET = "+08:00";

/** The instant a brand day begins. */
export function brandDayStart(date: string): Date {
  return new Date(`${date}T00:00:00${SHANGHAI_OFFSET}`);
}

/** The instant after a brand day ends (the next day's start): ranges are [from, to + 1 day). */
export function brandDayEnd(date: string): Date {
  return new Date(brandDayStart(date).getTime() + 86_400_000);
}

const search = (max: number) => z.string().trim().max(max).optional();
const sortDir = z.enum(["asc", "desc"]).default("desc");
const page = {
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(MAX_OFFSET).default(0),
};

/** A date range whose end is not before its start; either end may be open. */
function dateRange<T extends z.ZodRawShape>(
  shape: T,
  from: keyof T & string,
  to: keyof T & string,
) {
  return z.object(shape).refine(
    (v) => {
      const a = (v as Record<string, unknown>)[from];
      const b = (v as Record<string, unknown>)[to];
      return typeof a !== "string" || typeof b !== "string" || a <= b;
    },
    { path: [to], message: "The end date is before the start date." },
  );
}

export const ORDER_SORTS = ["paidAt", "amount"] as const;

const orderFilterShape = {
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  /** A distributor's code (exact) or part of its name. */
  distributor: search(60),
  paidFrom: brandDateSchema.optional(),
  paidTo: brandDateSchema.optional(),
  attribution: z.enum(ATTRIBUTION_SOURCES).optional(),
  risk: z.enum(RISK_VERDICTS).optional(),
  /** The start of the channel's order number. */
  externalId: search(128),
  sort: z.enum(ORDER_SORTS).default("paidAt"),
  dir: sortDir,
};

/** What the orders export reads from its query string. */
export const orderFilterSchema = dateRange(orderFilterShape, "paidFrom", "paidTo");
export type OrderFilter = z.infer<typeof orderFilterSchema>;

export const orderListInputSchema = dateRange(
  { ...orderFilterShape, ...page },
  "paidFrom",
  "paidTo",
);
export type OrderListInput = z.infer<typeof orderListInputSchema>;

export const COMMISSION_SORTS = ["createdAt", "amount"] as const;

const commissionFilterShape = {
  status: z.enum(COMMISSION_STATUSES).optional(),
  tier: z.enum(COMMISSION_TIERS).optional(),
  distributor: search(60),
  createdFrom: brandDateSchema.optional(),
  createdTo: brandDateSchema.optional(),
  ruleId: z.uuid().optional(),
  sort: z.enum(COMMISSION_SORTS).default("createdAt"),
  dir: sortDir,
};

export const commissionFilterSchema = dateRange(commissionFilterShape, "createdFrom", "createdTo");
export type CommissionFilter = z.infer<typeof commissionFilterSchema>;

export const commissionListInputSchema = dateRange(
  { ...commissionFilterShape, ...page },
  "createdFrom",
  "createdTo",
);
export type CommissionListInput = z.infer<typeof commissionListInputSchema>;

export const orderIdSchema = z.object({ id: z.uuid() });
