/** Builds the tRPC context for an HTTP request or a server component. */
import { cookies } from "next/headers";
import { currentStaffSessionId } from "@/server/auth/next-auth";
import { appDatabase } from "@/server/db";
import { PORTAL_COOKIE } from "@/server/portal/portal-session";
import { clientIp, DEVICE_COOKIE } from "@/server/shared/request";
import { appOrigin } from "@/server/shared/app-url";
import { createTrpcContext } from "./trpc";

export async function requestTrpcContext(headers: Headers, resHeaders?: Headers) {
  const jar = await cookies();
  return createTrpcContext({
    database: await appDatabase(),
    staffSessionId: await currentStaffSessionId(),
    portalCookie: jar.get(PORTAL_COOKIE)?.value ?? null,
    deviceId: jar.get(DEVICE_COOKIE)?.value ?? null,
    ip: clientIp(headers),
    resHeaders,
    origin: appOrigin(headers),
  });
}
