import { shortLinkRoute } from "@/server/promotion/redirect";

export const GET = shortLinkRoute();
