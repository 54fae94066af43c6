/**
 * KPI task input. Sales metrics only — GMV (fen), orders, new customers (DOMAIN.md §1: nothing
 * is ever paid for recruiting). Anything else, "recruits" included, fails validation.
 */
import { z } from "zod";
import { KPI_METRICS } from "@/db/schema/incentives-kpi";

export const kpiMetricSchema = z.enum(KPI_METRICS);
export type KpiMetric = z.infer<typeof kpiMetricSchema>;

export const kpiTaskInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month"),
  metric: kpiMetricSchema,
  /** Fen for gmv; a count for orders and new customers. */
  target: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  rewardFen: z.number().int().positive().max(100_000_000_00),
  levelId: z.uuid().nullish(),
  role: z.enum(["distributor", "team_lead", "city_partner", "employee"]).nullish(),
});
export type KpiTaskInput = z.infer<typeof kpiTaskInputSchema>;

export const kpiTaskUpdateSchema = kpiTaskInputSchema.extend({ id: z.uuid() });
