/** Inputs of the withdrawal lists (console screen, CSV export) and the shared enums. */
import { z } from "zod";
import { WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES } from "@/db/schema/withdrawals";
import { brandDateSchema, MAX_OFFSET } from "@/server/orders/console-schemas";

export { WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES };
export const WITHDRAWAL_SORTS = ["requestedAt", "amount"] as const;

const fen = z.number().int().min(0).max(100_000_000_000);

const filterShape = {
  channel: z.enum(WITHDRAWAL_CHANNELS).optional(),
  status: z.enum(WITHDRAWAL_STATUSES).optional(),
  /** A distributor's code (exact) or part of its name. */
  distributor: z.string().trim().max(60).optional(),
  requestedFrom: brandDateSchema.optional(),
  requestedTo: brandDateSchema.optional(),
  minAmountFen: fen.optional(),
  maxAmountFen: fen.optional(),
  sort: z.enum(WITHDRAWAL_SORTS).default("requestedAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
};

interface Ranged {
  requestedFrom?: string;
  requestedTo?: string;
  minAmountFen?: number;
  maxAmountFen?: number;
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
      return v.minAmountFen == null || v.maxAmountFen == null || v.minAmountFen <= v.maxAmountFen;
    }, {
      path: ["maxAmountFen"],
      message: "The maximum is below the minimum.",
    });
}

/** Query-string numbers arrive as text in the export: coerce there only. */
export const withdrawalFilterSchema = ranges({
  ...filterShape,
  minAmountFen: z.coerce.number().pipe(fen).optional(),
  maxAmountFen: z.coerce.number().pipe(fen).optional(),
});
export type WithdrawalFilter = z.infer<typeof withdrawalFilterSchema>;

export const withdrawalListInputSchema = ranges({
  ...filterShape,
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(MAX_OFFSET).default(0),
});
export type WithdrawalListInput = z.infer<typeof withdrawalListInputSchema>;
