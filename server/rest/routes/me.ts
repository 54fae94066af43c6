/** GET /api/v1/me — which brand a key belongs to; integrators call it to check a key. */
import { z } from "@hono/zod-openapi";
import { getSettings } from "@/server/tenancy/settings";
import type { RestApp } from "../app";
import { restRoute } from "../route";
import { jsonContent } from "../schemas";
import { inTenant } from "../tenant";

const MeSchema = z
  .object({
    brand: z.object({ id: z.uuid(), name: z.string() }),
    apiKeyId: z.uuid(),
    program: z.object({ commissionLevels: z.number().int(), afterSalesDays: z.number().int() }),
  })
  .openapi("Me", {
    example: {
      brand: { id: "0190a1b2-0000-7000-8000-000000000001", name: "好棒茶业" },
      apiKeyId: "0190a1b2-0000-7000-8000-0000000000aa",
      program: { commissionLevels: 2, afterSalesDays: 7 },
    },
  });

export const getMeRoute = restRoute({
  method: "get",
  path: "/api/v1/me",
  tags: ["Account"],
  summary: "The brand and key behind this API key",
  responses: { 200: { description: "The key is valid.", content: jsonContent(MeSchema) } },
});

export function registerMe(app: RestApp) {
  app.openapi(getMeRoute, (c) =>
    inTenant(c, async (tx, caller) => {
      const s = await getSettings(tx);
      return c.json(
        {
          brand: { id: caller.tenantId, name: s.displayName },
          apiKeyId: caller.apiKeyId,
          program: { commissionLevels: s.commissionLevels, afterSalesDays: s.afterSalesDays },
        },
        200,
      );
    }),
  );
}
