/**
 * Server actions are POSTs any site can aim a form at. Next compares Origin with Host itself,
 * but lets a request without Origin through; every action here calls this first, which
 * refuses that case too (server/http/same-origin.ts).
 */
import { headers } from "next/headers";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { isSameOriginRequest } from "./same-origin";

export async function requireSameOriginAction() {
  if (!isSameOriginRequest(await headers(), env.APP_URL)) {
    throw new AppError("FORBIDDEN", "Cross-site requests are not accepted.");
  }
}
