/**
 * KPI tasks through the public API (issue 12): monthly targets on sales only — GMV, orders, new
 * customers; never recruits — each with a fixed reward paid through the ledger on verified
 * completion (settled sales of the month, after the after-sales windows; server/incentives/kpi/
 * settle.ts, run by the month close and the incentives sweep).
 *
 * GET|POST /api/v1/kpi-tasks, GET|PUT|DELETE /api/v1/kpi-tasks/{id} (DELETE cancels: no further
 * rewards, those paid stay), and GET /api/v1/distributors/{code}/kpi (one distributor's progress
 * and rewards, as the portal shows them). The same services as the console; levels are named by
 * `name` and distributors by code, as everywhere in the API.
 */
import { z } from "@hono/zod-openapi";
import type { Tx } from "@/db/client";
import { KPI_METRICS } from "@/db/schema/incentives-kpi";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { kpiTaskInputSchema } from "@/server/incentives/kpi/schemas";
import { cancelKpiTask, createKpiTask, distributorKpiProgress, listKpiTasks, updateKpiTask, type KpiTaskRow } from "@/server/incentives/kpi/tasks";
import { findByCode } from "@/server/network/find";
import { findLevelByName } from "@/server/network/levels";
import { DISTRIBUTOR_ROLES } from "@/server/network/schemas";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const TAG = ["KPI tasks"];
const int = z.number().int();
const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .openapi({ description: "YYYY-MM, Asia/Shanghai.", example: "2026-11" });
const Metric = z.enum(KPI_METRICS).openapi({ description: "Sales only: `gmv` (fen), `orders`, `new_customers`. Recruiting is never a KPI." });

const KpiTaskSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    month: z.string(),
    metric: Metric,
    target: int.openapi({ description: "Fen for `gmv`; a count for `orders` and `new_customers`." }),
    rewardFen: int.openapi({ description: "Paid once to each eligible distributor whose verified figure reaches the target." }),
    level: z.string().nullable().openapi({ description: "Only distributors of this level (its name); null: any level." }),
    role: z.enum(DISTRIBUTOR_ROLES).nullable().openapi({ description: "Only distributors of this role; null: any role." }),
    status: z.enum(["active", "cancelled"]),
    eligible: int.openapi({ description: "Active distributors the task applies to." }),
    reached: int.openapi({ description: "Eligible distributors whose figure this month (attributed sales, not yet verified) reaches the target." }),
    rewarded: int.openapi({ description: "Distributors paid the reward (verified on settled sales)." }),
    rewardedFen: int.openapi({ description: "The rewards paid on this task in all." }),
    completionBp: int.openapi({ description: "rewarded / eligible in basis points (0 when nobody is eligible)." }),
  })
  .openapi("KpiTask", {
    example: {
      id: "0193a1f2-5b7c-7d2e-9f10-1a2b3c4d5e6f",
      name: "11月冲刺",
      month: "2026-11",
      metric: "gmv",
      target: 3_000_000,
      rewardFen: 50_000,
      level: "金牌",
      role: null,
      status: "active",
      eligible: 120,
      reached: 14,
      rewarded: 0,
      rewardedFen: 0,
      completionBp: 0,
    },
  });

// The service's own rules for each field; cloned to document them (a schema made before
// @hono/zod-openapi extended zod has no .openapi), with the level named by name.
const serviceFields = kpiTaskInputSchema.omit({ levelId: true }).shape;
const KpiTaskInputSchema = z
  .strictObject({
    ...serviceFields,
    month: serviceFields.month.clone().openapi({ description: "YYYY-MM, Asia/Shanghai.", example: "2026-11" }),
    metric: serviceFields.metric.clone().openapi({ description: "Sales only: `gmv` (fen), `orders`, `new_customers`. Anything else (recruits included) is refused." }),
    target: serviceFields.target.clone().openapi({ description: "Fen for `gmv`; a count for `orders` and `new_customers`.", example: 3_000_000 }),
    rewardFen: serviceFields.rewardFen.clone().openapi({ description: "The fixed reward per distributor, paid through the ledger.", example: 50_000 }),
    level: z.string().trim().min(1).max(20).nullish().openapi({ description: "Only distributors of this level (a level's name).", example: "金牌" }),
    role: serviceFields.role.clone().openapi({ description: "Only distributors of this role." }),
  })
  .openapi("KpiTaskInput", {
    description: "The whole task: on PUT, `level` and `role` left out are cleared.",
    example: { name: "11月冲刺", month: "2026-11", metric: "gmv", target: 3_000_000, rewardFen: 50_000, level: "金牌" },
  });
type KpiTaskInput = z.infer<typeof KpiTaskInputSchema>;

const ProgressSchema = z
  .object({
    taskId: z.string(),
    name: z.string(),
    month: z.string(),
    metric: Metric,
    target: int.openapi({ description: "Fen for `gmv`; a count for `orders` and `new_customers`." }),
    rewardFen: int,
    current: int.openapi({ description: "The month's figure so far from attributed sales (fen for `gmv`), not yet verified." }),
    rewarded: z.boolean().openapi({ description: "The reward has been paid (verified on settled sales)." }),
    verifying: z.boolean().openapi({ description: "The month is over and the reward waits for the orders' after-sales windows." }),
  })
  .openapi("KpiProgress");

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const CodeParam = z.object({ code: z.string().min(1).max(20).openapi({ param: { name: "code", in: "path" }, example: "K7M2QX" }) });
const ListQuery = z.object({
  month: Month.optional().openapi({ param: { name: "month", in: "query" } }),
  status: z.enum(["active", "cancelled"]).optional().openapi({ param: { name: "status", in: "query" } }),
  dir: z.enum(["asc", "desc"]).default("desc").openapi({ param: { name: "dir", in: "query" }, description: "By month (default newest first)." }),
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ param: { name: "limit", in: "query" } }),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ param: { name: "offset", in: "query" } }),
});

const notFound = { 404: "No KPI task with this id in this brand." } as const;
const levelNotFound = { 422: "`level` names no level of this brand (`errors.level`: not_found)." } as const;

function taskJson(r: KpiTaskRow) {
  return {
    id: r.id,
    name: r.name,
    month: r.month,
    metric: r.metric,
    target: r.target,
    rewardFen: r.rewardFen,
    level: r.levelName,
    role: r.role as (typeof DISTRIBUTOR_ROLES)[number] | null,
    status: r.status,
    eligible: r.eligible,
    reached: r.reached,
    rewarded: r.rewarded,
    rewardedFen: r.rewardedFen,
    completionBp: r.completionBp,
  };
}

/** One task with its completion figures: the console list's row for it. */
async function readTask(tx: Tx, id: string) {
  const page = await listKpiTasks(tx, await currentTenantId(tx), { id, limit: 1 });
  const row = page.items[0];
  if (!row) throw new AppError("NOT_FOUND", "No such task.");
  return taskJson(row);
}

/** The service's input: the level by id, from its name. */
async function serviceInput(tx: Tx, body: KpiTaskInput) {
  const { level, ...rest } = body;
  const found = level ? await findLevelByName(tx, level) : null;
  if (level && !found) throw new AppError("UNPROCESSABLE", `There is no level named "${level}".`, { fields: { level: "not_found" } });
  return { ...rest, levelId: found?.id ?? null };
}

export const listKpiTasksRoute = restRoute({
  method: "get",
  path: "/api/v1/kpi-tasks",
  tags: TAG,
  summary: "KPI tasks with their completion figures",
  description: "By month (newest first unless `dir=asc`), filtered by month and status.",
  request: { query: ListQuery },
  responses: { 200: { description: "A page of tasks.", content: jsonContent(z.object({ total: int, items: z.array(KpiTaskSchema) }).openapi("KpiTaskList")) } },
});
export const createKpiTaskRoute = restRoute({
  method: "post",
  path: "/api/v1/kpi-tasks",
  tags: TAG,
  summary: "Create a KPI task",
  description:
    "A monthly sales target with a fixed reward. After the month ends, each eligible active distributor whose settled sales of the month (after the after-sales windows, net of refunds) reach the target is paid `rewardFen` once. Audited.",
  request: { body: jsonBody(KpiTaskInputSchema) },
  responses: { 201: { description: "Created.", content: jsonContent(KpiTaskSchema) }, ...problems(levelNotFound) },
});
export const getKpiTaskRoute = restRoute({
  method: "get",
  path: "/api/v1/kpi-tasks/{id}",
  tags: TAG,
  summary: "One KPI task with its completion figures",
  request: { params: IdParam },
  responses: { 200: { description: "The task.", content: jsonContent(KpiTaskSchema) }, ...problems(notFound) },
});
export const putKpiTaskRoute = restRoute({
  method: "put",
  path: "/api/v1/kpi-tasks/{id}",
  tags: TAG,
  summary: "Replace a KPI task's terms",
  description: "The body is the whole task. A cancelled task, or one on which rewards have been paid, can no longer change. Audited.",
  request: { params: IdParam, body: jsonBody(KpiTaskInputSchema) },
  responses: {
    200: { description: "The task as it now stands.", content: jsonContent(KpiTaskSchema) },
    ...problems({ ...notFound, ...levelNotFound, 409: "The task is cancelled or rewards have been paid on it (`errors.id`: invalid_transition)." }),
  },
});
export const deleteKpiTaskRoute = restRoute({
  method: "delete",
  path: "/api/v1/kpi-tasks/{id}",
  tags: TAG,
  summary: "Cancel a KPI task",
  description: "No further rewards are paid on it; rewards already paid stay (they are in the ledger). The task stays, cancelled. Audited.",
  request: { params: IdParam },
  responses: { 200: { description: "The task, cancelled.", content: jsonContent(KpiTaskSchema) }, ...problems({ 404: "No active KPI task with this id in this brand (a cancelled task is not cancelled again)." }) },
});
export const distributorKpiRoute = restRoute({
  method: "get",
  path: "/api/v1/distributors/{code}/kpi",
  tags: TAG,
  summary: "A distributor's KPI progress and rewards",
  description:
    "The tasks this distributor is eligible for this month, and last month's while they are being verified or once rewarded — as the distributor's portal shows them.",
  request: { params: CodeParam },
  responses: {
    200: { description: "The distributor's tasks.", content: jsonContent(z.object({ items: z.array(ProgressSchema) }).openapi("KpiProgressList")) },
    ...problems({ 404: "No distributor with this code in this brand." }),
  },
});

export function registerKpiTasks(app: RestApp) {
  app.openapi(listKpiTasksRoute, (c) =>
    inTenant(c, async (tx, caller) => {
      const page = await listKpiTasks(tx, caller.tenantId, c.req.valid("query"));
      return c.json({ total: page.total, items: page.items.map(taskJson) }, 200);
    }),
  );
  app.openapi(createKpiTaskRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const task = await createKpiTask(tx, actor, await serviceInput(tx, c.req.valid("json")));
      return c.json(await readTask(tx, task.id), 201, { location: `/api/v1/kpi-tasks/${task.id}` });
    }),
  );
  app.openapi(getKpiTaskRoute, (c) => inTenant(c, async (tx) => c.json(await readTask(tx, c.req.valid("param").id), 200)));
  app.openapi(putKpiTaskRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const { id } = c.req.valid("param");
      await updateKpiTask(tx, actor, { id, ...(await serviceInput(tx, c.req.valid("json"))) });
      return c.json(await readTask(tx, id), 200);
    }),
  );
  app.openapi(deleteKpiTaskRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const { id } = c.req.valid("param");
      await cancelKpiTask(tx, actor, id);
      return c.json(await readTask(tx, id), 200);
    }),
  );
  app.openapi(distributorKpiRoute, (c) =>
    inTenant(c, async (tx, caller) => {
      const { code } = c.req.valid("param");
      const d = await findByCode(tx, code);
      if (!d) throw new AppError("NOT_FOUND", `No distributor with code ${code}.`);
      const items = await distributorKpiProgress(tx, caller.tenantId, d.id);
      return c.json({ items: items.map(({ id, ...p }) => ({ taskId: id, ...p })) }, 200);
    }),
  );
}
