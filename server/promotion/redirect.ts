/**
 * GET /s/<code>: the short-link redirect. Hot path (benchmark: ≥ 1,000 redirects/s on two
 * cores with clicks recorded), so resolving the code and recording the click are one
 * statement (followShortLink).
 */
import type { Database } from "@/db/client";
import { appDatabase } from "@/server/db";
import { env } from "@/server/env";
import { isHttpsUrl } from "@/server/portal/portal-cookie";
import { clientIp } from "@/server/shared/request";
import { randomToken } from "@/server/shared/crypto";
import {
  DEVICE_COOKIE,
  deviceCookie,
  landingRedirectUrl,
  readCookie,
  validDeviceId,
} from "./landing";
import { notFoundPage } from "./not-found-page";
import { CLICK_VIA, followShortLink, type ClickVia } from "./short-links";

function viaOf(url: URL): ClickVia {
  const v = url.searchParams.get("via");
  return (CLICK_VIA as readonly string[]).includes(v ?? "") ? (v as ClickVia) : "link";
}

export function shortLinkRoute(getDatabase: () => Promise<Database> = appDatabase) {
  return async (req: Request, route: { params: Promise<{ code: string }> }): Promise<Response> => {
    const { code } = await route.params;
    const { db } = await getDatabase();
    const cookies = req.headers.get("cookie");
    const deviceId = validDeviceId(readCookie(cookies, DEVICE_COOKIE)) ?? randomToken(16);
    const link = await followShortLink(db, {
      code,
      deviceId,
      ip: clientIp(req.headers),
      userAgent: req.headers.get("user-agent"),
      via: viaOf(new URL(req.url)),
    });
    if (!link) return notFoundPage(req);
    const location = landingRedirectUrl(link);
    return new Response(null, {
      status: 302,
      headers: {
        location,
        "set-cookie": deviceCookie(deviceId, isHttpsUrl(env.APP_URL)),
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
      },
    });
  };
}
