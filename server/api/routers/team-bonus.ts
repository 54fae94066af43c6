/**
 * Incentives: levels, team bonus, month close and employees (issue 12). Console procedures
 * name their permission; portal procedures answer only for the session's own distributor and
 * declare their output so nothing private leaves the server.
 */
import { z } from "zod";
import type { Tx } from "@/db/client";
import { AppError } from "@/server/errors";
import { importEmployeesCsv } from "@/server/incentives/employees/import";
import { employeePerformance } from "@/server/incentives/employees/performance";
import { levelProgress } from "@/server/incentives/levels/progress";
import { getIncentiveSettings, incentiveSettingsSchema, updateIncentiveSettings } from "@/server/incentives/levels/settings";
import { closeMonth } from "@/server/incentives/month-close";
import { isMonth, lastEndedMonth, monthBounds, monthOf } from "@/server/incentives/team-bonus/period";
import { PERFORMANCE_SORTS, STATEMENT_SORTS } from "@/server/incentives/team-bonus/list-sorts";
import { listMonthCloses, listStatements, portalTeamBonus } from "@/server/incentives/team-bonus/views";
import { findByMember } from "@/server/network/find";
import { brandDayEnd, brandDayStart } from "@/server/orders/console-schemas";
import { createTRPCRouter, distributorProcedure, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";
import { requireSessionBrand } from "./session-brand";

const month = z.string().refine(isMonth, "month.invalid");
const money = z.number().int();
const ladder = z.array(z.object({ minFen: money, rateBp: z.number().int() }));
const adjustment = z.object({ sourcePeriod: z.string(), refundFen: money, oldBasisFen: money, newBasisFen: money, amountFen: money });
const period = z.object({
  period: z.string(),
  basis: z.enum(["team", "region"]),
  region: z.string().nullable(),
  gmvFen: money,
  orderCount: z.number().int(),
  ladder,
  rateBp: z.number().int(),
  bonusFen: money,
  adjustmentFen: money,
  totalFen: money,
  createdAt: z.date(),
  adjustments: z.array(adjustment),
});
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const teamBonusRouter = createTRPCRouter({
  settings: tenantProcedure("settings.read").query(({ ctx }) => getIncentiveSettings(ctx.tx)),
  updateSettings: tenantProcedure("settings.write")
    .input(incentiveSettingsSchema)
    .mutation(({ ctx, input }) => updateIncentiveSettings(ctx.tx, staffActor(ctx), input)),

  /** "结算本月 / Close month": the last ended month unless one is named. */
  closeMonth: tenantProcedure("settlement.manage")
    .input(z.object({ month: month.nullish() }))
    .mutation(async ({ ctx, input }) => {
      const r = await closeMonth(ctx.tx, ctx.tenant.id, input.month ?? lastEndedMonth(new Date()), { actor: staffActor(ctx) });
      return { month: r.month, closedAt: r.closedAt, alreadyClosed: r.alreadyClosed, steps: r.steps };
    }),
  closes: tenantProcedure("orders.read").query(async ({ ctx }) => ({ lastEnded: lastEndedMonth(new Date()), closes: await listMonthCloses(ctx.tx) })),
  statements: tenantProcedure("orders.read")
    .input(
      z.object({
        period: month.nullish(),
        sort: z.enum(STATEMENT_SORTS).default("period"),
        dir: z.enum(["asc", "desc"]).default("desc"),
        limit: z.number().int().min(1).max(100).default(20),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      const r = await listStatements(ctx.tx, input);
      return { total: r.total, items: r.rows };
    }),

  importEmployees: tenantProcedure("distributors.manage")
    .input(z.object({ csv: z.string().min(1).max(2_000_000) }))
    .mutation(({ ctx, input }) => importEmployeesCsv(ctx.tx, staffActor(ctx), input.csv)),
  employeePerformance: tenantProcedure("orders.read")
    .input(
      z.object({
        from: day.nullish(),
        to: day.nullish(),
        department: z.string().trim().max(60).nullish(),
        sort: z.enum(PERFORMANCE_SORTS).default("gmv"),
        dir: z.enum(["asc", "desc"]).default("desc"),
        limit: z.number().int().min(1).max(100).default(20),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      // Without dates: this month so far (Shanghai).
      const now = new Date();
      const from = input.from ? brandDayStart(input.from) : monthBounds(monthOf(now)).start;
      const to = input.to ? brandDayEnd(input.to) : now;
      const r = await employeePerformance(ctx.tx, { from, to, department: input.department || null, limit: input.limit, offset: input.offset });
      return { total: r.total, items: r.rows, departments: r.departments };
    }),
});

async function requireMe(tx: Tx, memberId: string) {
  const d = await findByMember(tx, memberId);
  if (!d || d.status === "applied" || d.status === "rejected") throw new AppError("FORBIDDEN", "Only distributors have levels.");
  return d;
}

const slug = z.string().trim().min(1).max(64);

export const portalTeamBonusRouter = createTRPCRouter({
  /** The level and progress to the next one ("¥3,200 of ¥5,000 GMV to level A"). */
  levelProgress: distributorProcedure
    .input(z.object({ slug }))
    .output(
      z.object({
        current: z.object({ name: z.string(), rank: z.number().int() }).nullable(),
        figures: z.object({ gmvFen: money, orderCount: z.number().int(), directCustomerCount: z.number().int(), lookbackDays: z.number().int() }),
        next: z
          .object({
            level: z.object({ name: z.string(), rank: z.number().int() }),
            conditions: z.array(z.object({ metric: z.enum(["gmv", "orders", "customers"]), current: z.number(), target: z.number(), met: z.boolean() })),
          })
          .nullable(),
        history: z.array(z.object({ direction: z.string(), toLevel: z.string(), gmvFen: money, orderCount: z.number().int(), directCustomerCount: z.number().int(), createdAt: z.date() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireMe(ctx.tx, ctx.portal.memberId);
      return levelProgress(ctx.tx, me.id);
    }),

  /** The team bonus ladder, this month so far, and each closed period's calculation. */
  teamBonus: distributorProcedure
    .input(z.object({ slug }))
    .output(
      z
        .object({
          basis: z.enum(["team", "region"]),
          region: z.string().nullable(),
          commissionLevels: z.number().int(),
          ladder,
          month: z.string(),
          monthToDate: z.object({ gmvFen: money, orderCount: z.number().int(), rateBp: z.number().int(), bonusFen: money }),
          next: z.object({ step: z.object({ minFen: money, rateBp: z.number().int() }), remainingFen: money }).nullable(),
          periods: z.array(period),
        })
        .nullable(),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireMe(ctx.tx, ctx.portal.memberId);
      return portalTeamBonus(ctx.tx, me.id);
    }),
});
