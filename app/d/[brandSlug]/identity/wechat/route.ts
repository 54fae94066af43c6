import { wechatOauthRoutes } from "@/server/payouts/kyc/wechat-oauth";

export const dynamic = "force-dynamic";
export const GET = wechatOauthRoutes().start;
