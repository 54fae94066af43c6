import { appDb } from "@/server/db";
import { wechatConfigFromEnv } from "@/server/payouts/providers/registry";
import { handleWechatNotify } from "@/server/payouts/providers/wechat-notify";

export const dynamic = "force-dynamic";

/** WeChat Pay 商家转账 callbacks (MCHTRANSFER.BILL.FINISHED): server/payouts/providers/wechat-notify.ts. */
export async function POST(req: Request) {
  return handleWechatNotify(req, { db: await appDb(), config: wechatConfigFromEnv() });
}
