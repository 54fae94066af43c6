/**
 * Next's proxy (formerly middleware): a fresh CSP nonce per page request, handed to Next in the
 * request's Content-Security-Policy header (Next puts it on its own scripts), and the policy
 * and HSTS on the response. Pages only: API routes, static files, short links and the public
 * API's docs (served by its own framework, with its own needs) are left out by the matcher;
 * they get the static headers from next.config.ts.
 */
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { contentSecurityPolicy, HSTS, newNonce } from "@/server/http/security-headers";
import { warnOnForeignHost } from "@/server/shared/app-url";

const https = env.APP_URL?.toLowerCase().startsWith("https://") ?? false;

export function proxy(request: NextRequest) {
  warnOnForeignHost(request.headers.get("host"));
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  if (https && env.FENXIAO_ENV === "production") response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|s/|docs/|media/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
