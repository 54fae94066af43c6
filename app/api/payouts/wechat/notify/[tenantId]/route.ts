import { withTenant } from "@/db/tenant";
import { appDb } from "@/server/db";
import { wechatConfigFor } from "@/server/payouts/gateways/resolve";
import { handleWechatNotify } from "@/server/payouts/providers/wechat-notify";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A brand's own WeChat Pay callbacks: verified with the merchant keys the brand saved
 * (server/payouts/gateways), applied to that brand's bills only.
 */
export async function POST(req: Request, route: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await route.params;
  if (!UUID.test(tenantId)) return Response.json({ code: "FAIL", message: "unknown merchant" }, { status: 404 });
  const db = await appDb();
  const config = await withTenant(db, tenantId, (tx) => wechatConfigFor(tx));
  return handleWechatNotify(req, { db, config, tenantId });
}
