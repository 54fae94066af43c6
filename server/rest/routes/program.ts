/** GET|PATCH /api/v1/program — the brand's commission program settings. */
import { z } from "@hono/zod-openapi";
import { getSettings, updateProgramSettings } from "@/server/tenancy/settings";
import { SELF_PURCHASE_POLICIES } from "@/server/tenancy/schemas";
import type { RestApp } from "../app";
import { restRoute } from "../route";
import { jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const fields = {
  commissionLevels: z.number().int().min(1).max(3).openapi({ description: "Tiers that earn: 1–3 (three is the legal cap).", example: 2 }),
  afterSalesDays: z.number().int().min(0).max(90).openapi({ description: "Days after completion before commission settles.", example: 7 }),
  bindingMode: z.enum(["permanent", "lock", "last_click"]).openapi({ description: "How a buyer stays with the distributor who referred them.", example: "lock" }),
  bindingLockDays: z.number().int().min(1).max(365).openapi({ description: "The lock window for bindingMode `lock`.", example: 30 }),
  selfPurchase: z.enum(SELF_PURCHASE_POLICIES).openapi({ description: "`block`: a distributor's own purchases pay no one; `allow`: they earn like any sale.", example: "block" }),
};

const ProgramSchema = z.object(fields).openapi("Program");
const ProgramPatchSchema = z.strictObject(fields).partial().openapi("ProgramPatch", { example: { commissionLevels: 3, selfPurchase: "allow" } });

type Settings = Awaited<ReturnType<typeof getSettings>>;
const programJson = (s: Settings) => ({
  commissionLevels: s.commissionLevels,
  afterSalesDays: s.afterSalesDays,
  bindingMode: s.bindingMode,
  bindingLockDays: s.bindingLockDays,
  selfPurchase: s.selfPurchase,
});

export const getProgramRoute = restRoute({
  method: "get",
  path: "/api/v1/program",
  tags: ["Program"],
  summary: "The commission program settings",
  responses: { 200: { description: "The settings.", content: jsonContent(ProgramSchema) } },
});

export const patchProgramRoute = restRoute({
  method: "patch",
  path: "/api/v1/program",
  tags: ["Program"],
  summary: "Change some program settings",
  description: "Partial: fields left out keep their value. Applies to orders ingested from now on. Audited.",
  request: { body: jsonBody(ProgramPatchSchema) },
  responses: { 200: { description: "The settings after the change.", content: jsonContent(ProgramSchema) } },
});

export function registerProgram(app: RestApp) {
  app.openapi(getProgramRoute, (c) => inTenant(c, async (tx) => c.json(programJson(await getSettings(tx)), 200)));
  app.openapi(patchProgramRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const patch = c.req.valid("json");
      const row = await updateProgramSettings(tx, actor, { ...programJson(await getSettings(tx)), ...patch });
      return c.json(programJson(row), 200);
    }),
  );
}
