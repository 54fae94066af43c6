import { getSettings } from "@/server/tenancy/settings";
import type { ApiContext } from "./handler";

/** GET /api/v1/me — which brand this key belongs to; integrators use it to check a key. */
export async function getMe(_req: Request, ctx: ApiContext) {
  const s = await getSettings(ctx.tx);
  return Response.json({
    brand: { id: ctx.tenantId, name: s.displayName },
    apiKeyId: ctx.apiKeyId,
    program: { commissionLevels: s.commissionLevels, afterSalesDays: s.afterSalesDays },
  });
}
