import { promoteAssetRoute } from "@/server/promotion/portal-assets";

export const GET = promoteAssetRoute("poster.png");
