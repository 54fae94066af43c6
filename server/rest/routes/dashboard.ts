/**
 * GET /api/v1/dashboard?month=YYYY-MM[&channel=…] — the console dashboard's figures for a brand
 * month (Asia/Shanghai), read from the same aggregates after the same bounded refresh, so a
 * brand's own systems (and anyone checking the figures) see exactly what the console shows.
 */
import { z } from "@hono/zod-openapi";
import type { Tx } from "@/db/client";
import { addMonths, monthDays, MONTH_RE } from "@/server/dashboard/month";
import { dashboardData, topDistributors } from "@/server/dashboard/queries";
import { refreshDashboard } from "@/server/dashboard/refresh";
import { CHANNELS } from "@/server/orders/console-schemas";
import type { RestApp } from "../app";
import { restRoute } from "../route";
import { jsonContent } from "../schemas";
import { inTenant } from "../tenant";

const Query = z.object({
  month: z
    .string()
    .regex(MONTH_RE)
    .openapi({
      param: { name: "month", in: "query" },
      example: "2026-11",
      description: "A brand month (Asia/Shanghai).",
    }),
  channel: z
    .enum(CHANNELS)
    .optional()
    .openapi({
      param: { name: "channel", in: "query" },
      description: "Only this channel's orders (clicks and bound buyers are not per channel).",
    }),
});

const Figure = z.object({
  value: z.number().int(),
  previous: z.number().int().openapi({ description: "The month before." }),
  change: z
    .number()
    .nullable()
    .openapi({
      description: "(value − previous) / previous; null when previous is 0 and value is not.",
    }),
});

const DashboardSchema = z
  .object({
    month: z.string(),
    channel: z.enum(CHANNELS).nullable(),
    figures: z.object({
      activeDistributors: Figure.openapi({
        description:
          "Distributors with at least one attributed, not cancelled order paid in the month.",
      }),
      gmvFen: Figure.openapi({
        description: "Attributed orders paid in the month, not cancelled, less refunds.",
      }),
      commissionFen: Figure.openapi({
        description: "What those months' orders earn on every tier now (pending, held or settled).",
      }),
      blockedOrders: Figure.openapi({
        description: "Orders paid in the month with risk verdict block.",
      }),
    }),
    daily: z.array(
      z.object({ day: z.string(), gmvFen: z.number().int(), commissionFen: z.number().int() }),
    ),
    channels: z.array(
      z.object({ channel: z.string(), gmvFen: z.number().int(), orders: z.number().int() }),
    ),
    newDistributorsByWeek: z.array(
      z.object({
        week: z.string().openapi({ description: "The week's Monday." }),
        count: z.number().int(),
      }),
    ),
    funnel: z.object({
      clicks: z.number().int(),
      boundBuyers: z.number().int(),
      orders: z.number().int(),
      settled: z.number().int(),
    }),
    top: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        role: z.string(),
        level: z.string().nullable(),
        gmvFen: z.number().int(),
        commissionFen: z.number().int(),
        orders: z.number().int(),
        badge: z.enum(["top", "active", "new", "pending_review", "frozen", "disabled"]),
      }),
    ),
  })
  .openapi("Dashboard");

export const dashboardRoute = restRoute({
  method: "get",
  path: "/api/v1/dashboard",
  tags: ["Dashboard"],
  summary: "Performance dashboard for a month",
  request: { query: Query },
  responses: {
    200: {
      description:
        "The month's figures with the month before, the series and the top ten distributors.",
      content: jsonContent(DashboardSchema),
    },
  },
});

const freshen = (tx: Tx, month: string) =>
  refreshDashboard(tx, {
    skipLocked: true,
    maxDays: 62,
    prefer: { from: monthDays(addMonths(month, -1)).first, to: monthDays(month).last },
  });

export function registerDashboard(app: RestApp) {
  app.openapi(dashboardRoute, (c) =>
    inTenant(c, async (tx) => {
      const { month, channel } = c.req.valid("query");
      await freshen(tx, month);
      const data = await dashboardData(tx, { month, channel });
      const top = (await topDistributors(tx, { month, channel, limit: 10 })).map(
        ({ id: _id, ...r }) => r,
      );
      return c.json({ ...data, channel: channel ?? null, top }, 200);
    }),
  );
}
