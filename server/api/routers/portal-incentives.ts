/**
 * Portal: the signed-in distributor's KPI tasks with progress, the leaderboards with masked
 * names (brand-wide, its own team, its region), and its growth value. Outputs are declared so
 * no id or full name of another person reaches a phone.
 */
import { z } from "zod";
import type { Tx } from "@/db/client";
import { AppError } from "@/server/errors";
import { foldGrowth } from "@/server/incentives/growth/fold";
import { memberGrowth } from "@/server/incentives/growth/read";
import { distributorKpiProgress } from "@/server/incentives/kpi/tasks";
import { LEADERBOARD_METRICS, readLeaderboard } from "@/server/incentives/leaderboards/read";
import { findByMember } from "@/server/network/find";
import { createTRPCRouter, distributorProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);
const int = z.number().int();

async function requireActive(tx: Tx, memberId: string) {
  const d = await findByMember(tx, memberId);
  if (!d || d.status === "applied" || d.status === "rejected") throw new AppError("FORBIDDEN", "Only distributors have tasks and rankings.");
  return d;
}

export const portalIncentivesRouter = createTRPCRouter({
  tasks: distributorProcedure
    .input(z.object({ slug }))
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          month: z.string(),
          metric: z.enum(["gmv", "orders", "new_customers"]),
          target: int,
          rewardFen: int,
          current: int,
          rewarded: z.boolean(),
          verifying: z.boolean(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireActive(ctx.tx, ctx.portal.memberId);
      return distributorKpiProgress(ctx.tx, ctx.portal.tenantId, me.id);
    }),

  leaderboard: distributorProcedure
    .input(z.object({ slug, period: z.enum(["week", "month"]), metric: z.enum(LEADERBOARD_METRICS), scope: z.enum(["brand", "team", "region"]).default("brand") }))
    .output(
      z.object({
        periodStart: z.string(),
        region: z.string().nullable(),
        entries: z.array(z.object({ rank: int, name: z.string(), value: int, me: z.boolean() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireActive(ctx.tx, ctx.portal.memberId);
      // A distributor sees its own team, or the region it is assigned to (a city partner's).
      const region = me.region?.trim() || null;
      if (input.scope === "region" && !region) return { periodStart: "", region: null, entries: [] };
      const scope =
        input.scope === "team"
          ? { kind: "team" as const, distributorId: me.id }
          : input.scope === "region"
            ? { kind: "region" as const, region: region! }
            : { kind: "brand" as const };
      const board = await readLeaderboard(ctx.tx, ctx.portal.tenantId, { period: input.period, metric: input.metric, scope, limit: 50 }, { mask: true });
      return {
        periodStart: board.periodStart,
        region,
        entries: board.entries.map((e) => ({ rank: e.rank, name: e.distributorId === me.id ? me.name : e.name, value: e.value, me: e.distributorId === me.id })),
      };
    }),

  growth: distributorProcedure
    .input(z.object({ slug }))
    .output(z.object({ growthValueFen: int, asBuyerFen: int, asDistributorFen: int }))
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      // What settled or was refunded since the last sweep, at most a few seconds stale.
      await foldGrowth(ctx.tx, ctx.portal.tenantId, { freshMs: 5_000 });
      const g = await memberGrowth(ctx.tx, ctx.portal.memberId);
      return { growthValueFen: g?.growthValueFen ?? 0, asBuyerFen: g?.asBuyerFen ?? 0, asDistributorFen: g?.asDistributorFen ?? 0 };
    }),
});
