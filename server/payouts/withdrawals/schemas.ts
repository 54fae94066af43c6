/** Inputs of the withdrawal lists (console screen, CSV export) and the shared enums. */
import { z } from "zod";
import type { WITHDRAWAL_CHANNELS as DB_CHANNELS, WITHDRAWAL_STATUSES as DB_STATUSES } from "@/db/schema/withdrawals";
import { brandDateSchema, MAX_OFFSET } from "@/server/orders/console-schemas";

// The console's selects run in the browser: these lists are repeated here (a type-only import
// of the schema's) so the client bundle does not load the database schema. The checks below
// fail to compile if the two ever differ.
export const WITHDRAWAL_CHANNELS = ["bank", "wechat", "alipay", "flexible", "external"] as const;
export const WITHDRAWAL_STATUSES = ["reviewing", "approved", "paying", "waiting_confirmation", "paid", "rejected", "failed", "cancelled", "expired"] as const;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<(typeof WITHDRAWAL_CHANNELS)[number], (typeof DB_CHANNELS)[number]> = true;
const statusesMatch: Same<(typeof WITHDRAWAL_STATUSES)[number], (typeof DB_STATUSES)[number]> = true;
void channelsMatch;
void statusesMatch;
export const WITHDRAWAL_SORTS = ["requestedAt", "amount"] as const;

/** Yuan as typed in the console's amount filter ("100", "99.5", "1999.99"). */
const yuanText = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, "Enter an amount in yuan, e.g. 100 or 99.50.");

/** "1999.99" → 199999, exactly (no floating point). */
export function yuanTextToFen(s: string): number {
  const [whole, frac = ""] = s.trim().split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

const filterShape = {
  channel: z.enum(WITHDRAWAL_CHANNELS).optional(),
  status: z.enum(WITHDRAWAL_STATUSES).optional(),
  /** A distributor's code (exact) or part of its name. */
  distributor: z.string().trim().max(60).optional(),
  requestedFrom: brandDateSchema.optional(),
  requestedTo: brandDateSchema.optional(),
  /** Amount range in yuan, inclusive. */
  minYuan: yuanText.optional(),
  maxYuan: yuanText.optional(),
  sort: z.enum(WITHDRAWAL_SORTS).default("requestedAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
};

interface Ranged {
  requestedFrom?: string;
  requestedTo?: string;
  minYuan?: string;
  maxYuan?: string;
}

function ranges<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .refine((x) => {
      const v = x as Ranged;
      return !(v.requestedFrom && v.requestedTo) || v.requestedFrom <= v.requestedTo;
    }, {
      path: ["requestedTo"],
      message: "The end date is before the start date.",
    })
    .refine((x) => {
      const v = x as Ranged;
      return v.minYuan == null || v.maxYuan == null || yuanTextToFen(v.minYuan) <= yuanTextToFen(v.maxYuan);
    }, {
      path: ["maxYuan"],
      message: "The maximum is below the minimum.",
    });
}

/** What the CSV export reads from its query string (the same filters and sort). */
export const withdrawalFilterSchema = ranges(filterShape);
export type WithdrawalFilter = z.infer<typeof withdrawalFilterSchema>;

export const withdrawalListInputSchema = ranges({
  ...filterShape,
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(MAX_OFFSET).default(0),
});
export type WithdrawalListInput = z.infer<typeof withdrawalListInputSchema>;
