/** Builds the tRPC context for an HTTP request or a server component. */
import { cookies } from "next/headers";
import { currentStaffSessionId } from "@/server/auth/next-auth";
import { appDatabase } from "@/server/db";
import { PORTAL_COOKIE } from "@/server/portal/portal-session";
import { clientIp } from "@/server/shared/request";
import { createTrpcContext } from "./trpc";

export async function requestTrpcContext(headers: Headers, resHeaders?: Headers) {
  return createTrpcContext({
    database: await appDatabase(),
    staffSessionId: await currentStaffSessionId(),
    portalCookie: (await cookies()).get(PORTAL_COOKIE)?.value ?? null,
    ip: clientIp(headers),
    resHeaders,
  });
}
