/**
 * The team bonus through the public API (issue 12): the ladders and level settings, closing a
 * month (the same closeMonth the console button and the cron run), and the statements with
 * their calculation, each naming its earner by distributor code.
 */
import { z } from "@hono/zod-openapi";
import { currentTenantId } from "@/db/tenant";
import { getIncentiveSettings, updateIncentiveSettings } from "@/server/incentives/levels/settings";
import { closeMonth } from "@/server/incentives/month-close";
import { MAX_LADDER_RATE_BP } from "@/server/incentives/team-bonus/ladder";
import { isMonth } from "@/server/incentives/team-bonus/period";
import { listStatements } from "@/server/incentives/team-bonus/views";
import { shanghaiIso } from "@/server/shared/time";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { isoTime, jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const money = z.number().int();
const Month = z.string().refine(isMonth, "invalid_month").openapi({ description: "YYYY-MM, Asia/Shanghai.", example: "2026-11" });
const Ladder = z
  .array(z.object({ minFen: z.number().int().min(1), rateBp: z.number().int().min(0).max(MAX_LADDER_RATE_BP) }))
  .max(10)
  .openapi("TeamBonusLadder", {
    description: "Steps by rising minFen: from minFen of monthly settled GMV, rateBp of all of it.",
    example: [
      { minFen: 10_000_000, rateBp: 100 },
      { minFen: 30_000_000, rateBp: 200 },
    ],
  });
const SettingsSchema = z
  .object({
    teamLeadLadder: Ladder,
    cityPartnerLadder: Ladder,
    levelLookbackDays: z.number().int().min(1).max(3660).openapi({ description: "Level conditions count settled sales of this many days." }),
    levelDemotion: z.boolean().openapi({ description: "Demote at month close when a level's conditions are no longer met." }),
    excludeEmployeesFromTeamBonus: z.boolean(),
  })
  .openapi("TeamBonusSettings");

const StatementSchema = z
  .object({
    distributorCode: z.string(),
    period: z.string(),
    basis: z.enum(["team", "region"]),
    region: z.string().nullable(),
    gmvFen: money,
    orderCount: z.number().int(),
    ladder: Ladder,
    rateBp: z.number().int(),
    bonusFen: money,
    adjustmentFen: money.openapi({ description: "Clawbacks of refunds booked after earlier months closed (≤ 0)." }),
    totalFen: money.openapi({ description: "bonusFen + adjustmentFen: what the month's ledger journal moved." }),
    adjustments: z.array(z.object({ sourcePeriod: z.string(), refundFen: money, oldBasisFen: money, newBasisFen: money, amountFen: money })),
  })
  .openapi("TeamBonusStatement");

export const getTeamBonusSettingsRoute = restRoute({
  method: "get",
  path: "/api/v1/team-bonus/settings",
  tags: ["Team bonus"],
  summary: "Team bonus ladders and level settings",
  responses: { 200: { description: "The settings.", content: jsonContent(SettingsSchema) } },
});

export const putTeamBonusSettingsRoute = restRoute({
  method: "put",
  path: "/api/v1/team-bonus/settings",
  tags: ["Team bonus"],
  summary: "Replace the team bonus ladders and level settings",
  description: "Steps must rise in minFen and not fall in rateBp. Audited.",
  request: { body: jsonBody(SettingsSchema) },
  responses: { 200: { description: "The settings.", content: jsonContent(SettingsSchema) }, ...problems({ 400: "A ladder out of order (`errors`: ladder.ascending / ladder.rateAscending)." }) },
});

export const postMonthCloseRoute = restRoute({
  method: "post",
  path: "/api/v1/month-closes",
  tags: ["Team bonus"],
  summary: "Close a month",
  description:
    "Computes and pays the month's team bonuses (settled sales net of refunds; refunds after earlier closes clawed back), applies level demotions if enabled. A month closes once: closing it again returns the first close with `alreadyClosed: true`.",
  request: { body: jsonBody(z.object({ month: Month }).openapi("MonthCloseRequest")) },
  responses: {
    200: {
      description: "The close.",
      content: jsonContent(z.object({ month: z.string(), closedAt: isoTime, alreadyClosed: z.boolean(), steps: z.record(z.string(), z.unknown()) }).openapi("MonthClose")),
    },
    ...problems({ 412: "The month has not ended yet (`errors.month`: month.notEnded)." }),
  },
});

export const listStatementsRoute = restRoute({
  method: "get",
  path: "/api/v1/team-bonus/statements",
  tags: ["Team bonus"],
  summary: "Team bonus statements, newest month first",
  request: {
    query: z.object({
      period: Month.optional().openapi({ param: { name: "period", in: "query" } }),
      limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: "limit", in: "query" } }),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ param: { name: "offset", in: "query" } }),
    }),
  },
  responses: { 200: { description: "A page of statements.", content: jsonContent(z.object({ total: z.number().int(), items: z.array(StatementSchema) }).openapi("TeamBonusStatementList")) } },
});

export function registerTeamBonus(app: RestApp) {
  app.openapi(getTeamBonusSettingsRoute, (c) => inTenant(c, async (tx) => c.json(await getIncentiveSettings(tx), 200)));
  app.openapi(putTeamBonusSettingsRoute, (c) => mutate(c, async (tx, actor) => c.json(await updateIncentiveSettings(tx, actor, c.req.valid("json")), 200)));
  app.openapi(postMonthCloseRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const r = await closeMonth(tx, await currentTenantId(tx), c.req.valid("json").month, { actor });
      return c.json({ month: r.month, closedAt: shanghaiIso(r.closedAt), alreadyClosed: r.alreadyClosed, steps: r.steps }, 200);
    }),
  );
  app.openapi(listStatementsRoute, (c) =>
    inTenant(c, async (tx) => {
      const q = c.req.valid("query");
      const r = await listStatements(tx, { period: q.period ?? null, limit: q.limit, offset: q.offset });
      return c.json(
        {
          total: r.total,
          items: r.rows.map((s) => ({
            distributorCode: s.distributorCode,
            period: s.period,
            basis: s.basis,
            region: s.region,
            gmvFen: s.gmvFen,
            orderCount: s.orderCount,
            ladder: s.ladder,
            rateBp: s.rateBp,
            bonusFen: s.bonusFen,
            adjustmentFen: s.adjustmentFen,
            totalFen: s.totalFen,
            adjustments: s.adjustments.map(({ sourcePeriod, refundFen, oldBasisFen, newBasisFen, amountFen }) => ({ sourcePeriod, refundFen, oldBasisFen, newBasisFen, amountFen })),
          })),
        },
        200,
      );
    }),
  );
}
