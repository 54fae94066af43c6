/**
 * GET|POST /api/v1/levels, PUT /api/v1/levels/{name} — distributor levels, named by `name`
 * (unique per brand) everywhere in the API.
 */
import { z } from "@hono/zod-openapi";
import type { distributorLevels } from "@/db/schema";
import { AppError } from "@/server/errors";
import { createLevel, findLevelByName, listLevels, updateLevel } from "@/server/network/levels";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const threshold = (what: string) =>
  z
    .number()
    .int()
    .min(0)
    .nullish()
    .openapi({
      description: `Upgrade to this level at ${what} (all given thresholds must be met). A level with no threshold at all is assigned by hand (or as the entry level) only: settlement never upgrades to it and month close never demotes from it.`,
    });

const levelFields = {
  name: z.string().trim().min(1).max(20).openapi({ example: "金牌" }),
  rank: z.number().int().min(1).max(99).openapi({ description: "Higher rank = higher level; unique per brand.", example: 2 }),
  minGmvFen: threshold("this GMV in fen"),
  minOrders: threshold("this many orders"),
  minDirectCustomers: threshold("this many direct customers"),
};

const LevelSchema = z
  .object({
    name: z.string(),
    rank: z.number().int(),
    minGmvFen: z.number().int().nullable(),
    minOrders: z.number().int().nullable(),
    minDirectCustomers: z.number().int().nullable(),
  })
  .openapi("Level", { example: { name: "金牌", rank: 2, minGmvFen: 1_000_000, minOrders: null, minDirectCustomers: 10 } });
const LevelInputSchema = z.strictObject(levelFields).openapi("LevelInput", { example: { name: "金牌", rank: 2, minGmvFen: 1_000_000, minDirectCustomers: 10 } });
const LevelReplaceSchema = z
  .strictObject({ ...levelFields, name: levelFields.name.optional() })
  .openapi("LevelReplace", {
    description: "The whole level: thresholds left out are cleared. `name` renames it (default: keep the name in the path).",
    example: { rank: 3, minGmvFen: 5_000_000 },
  });
const NameParam = z.object({
  name: z.string().min(1).max(40).openapi({ param: { name: "name", in: "path" }, example: "金牌" }),
});

type Level = typeof distributorLevels.$inferSelect;
const levelJson = (l: Level) => ({
  name: l.name,
  rank: l.rank,
  minGmvFen: l.minGmvFen,
  minOrders: l.minOrders,
  minDirectCustomers: l.minDirectCustomers,
});

function levelInput(body: { name: string; rank: number; minGmvFen?: number | null; minOrders?: number | null; minDirectCustomers?: number | null }) {
  return {
    name: body.name,
    rank: body.rank,
    minGmvFen: body.minGmvFen ?? null,
    minOrders: body.minOrders ?? null,
    minDirectCustomers: body.minDirectCustomers ?? null,
  };
}

export const listLevelsRoute = restRoute({
  method: "get",
  path: "/api/v1/levels",
  tags: ["Program"],
  summary: "All distributor levels, lowest rank first",
  responses: { 200: { description: "The levels.", content: jsonContent(z.object({ items: z.array(LevelSchema) }).openapi("LevelList")) } },
});

export const createLevelRoute = restRoute({
  method: "post",
  path: "/api/v1/levels",
  tags: ["Program"],
  summary: "Create a level",
  request: { body: jsonBody(LevelInputSchema) },
  responses: {
    201: { description: "Created.", content: jsonContent(LevelSchema) },
    ...problems({ 409: "Another level already has this name (`errors.name`) or rank (`errors.rank`)." }),
  },
});

export const replaceLevelRoute = restRoute({
  method: "put",
  path: "/api/v1/levels/{name}",
  tags: ["Program"],
  summary: "Replace a level",
  request: { params: NameParam, body: jsonBody(LevelReplaceSchema) },
  responses: {
    200: { description: "The level as it now stands.", content: jsonContent(LevelSchema) },
    ...problems({ 404: "No level with this name.", 409: "Another level already has this name or rank." }),
  },
});

export function registerLevels(app: RestApp) {
  app.openapi(listLevelsRoute, (c) => inTenant(c, async (tx) => c.json({ items: (await listLevels(tx)).map(levelJson) }, 200)));

  app.openapi(createLevelRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const level = await createLevel(tx, actor, levelInput(c.req.valid("json")));
      return c.json(levelJson(level), 201, { location: `/api/v1/levels/${encodeURIComponent(level.name)}` });
    }),
  );

  app.openapi(replaceLevelRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const { name } = c.req.valid("param");
      const body = c.req.valid("json");
      const current = await findLevelByName(tx, name);
      if (!current) throw new AppError("NOT_FOUND", `No level named "${name}".`);
      const level = await updateLevel(tx, actor, current.id, levelInput({ ...body, name: body.name ?? current.name }));
      return c.json(levelJson(level), 200);
    }),
  );
}
