/**
 * Inputs of the Risk Control Center's review queue (screen and CSV export). Pure: the console
 * bundle imports it, so nothing here reaches the database schema.
 */
import { z } from "zod";
import { brandDateSchema, MAX_OFFSET } from "@/server/orders/console-schemas";
import { yuanTextToFen } from "@/server/payouts/withdrawals/schemas";

/** Where an order stands in review: waiting, decided, or blocked (nothing to decide). */
export const QUEUE_STATES = ["open", "approved", "rejected", "blocked"] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export const QUEUE_VERDICTS = ["review", "block"] as const;
export const QUEUE_SORTS = ["paidAt", "amount"] as const;
export const RISK_DECISIONS = ["approve", "reject"] as const;

const yuanText = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, "Enter an amount in yuan, e.g. 100 or 99.50.");

const filterShape = {
  /** "all" shows every flagged order whatever its state. */
  state: z.enum([...QUEUE_STATES, "all"]).default("open"),
  verdict: z.enum(QUEUE_VERDICTS).optional(),
  /** A rule code as the orders' risk.rules name it (self_purchase, blacklist, …). */
  rule: z.string().trim().regex(/^[a-z][a-z0-9_]{0,63}$/).optional(),
  /** A distributor's code (exact) or part of its name. */
  distributor: z.string().trim().max(60).optional(),
  paidFrom: brandDateSchema.optional(),
  paidTo: brandDateSchema.optional(),
  minYuan: yuanText.optional(),
  maxYuan: yuanText.optional(),
  sort: z.enum(QUEUE_SORTS).default("paidAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
};

interface Ranged {
  paidFrom?: string;
  paidTo?: string;
  minYuan?: string;
  maxYuan?: string;
}

function ranges<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .refine((x) => {
      const v = x as Ranged;
      return !(v.paidFrom && v.paidTo) || v.paidFrom <= v.paidTo;
    }, { path: ["paidTo"], message: "The end date is before the start date." })
    .refine((x) => {
      const v = x as Ranged;
      return v.minYuan == null || v.maxYuan == null || yuanTextToFen(v.minYuan) <= yuanTextToFen(v.maxYuan);
    }, { path: ["maxYuan"], message: "The maximum is below the minimum." });
}

export const queueFilterSchema = ranges(filterShape);
export type QueueFilter = z.infer<typeof queueFilterSchema>;

export const queueListInputSchema = ranges({
  ...filterShape,
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(MAX_OFFSET).default(0),
});
export type QueueListInput = z.infer<typeof queueListInputSchema>;
