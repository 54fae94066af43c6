import { apiRoute } from "@/server/rest/handler";
import { getMe } from "@/server/rest/me";

export const GET = apiRoute(getMe);
