/**
 * GET /s/<code>: the short-link redirect. Hot path (benchmark: ≥ 1,000 redirects/s on two
 * cores with clicks recorded), so resolving the code and recording the click are one
 * statement (followShortLink), and the answer is computed here free of any HTTP framework:
 * `npm start` serves it straight from node:http ahead of Next (server/http/), `next dev` and
 * any deployment that runs Next alone serve it through app/s/[code]/route.ts. Same answer both ways.
 */
import type { Database, Db } from "@/db/client";
import { appDatabase } from "@/server/db";
import { env } from "@/server/env";
import { isHttpsUrl } from "@/server/portal/portal-cookie";
import { randomToken } from "@/server/shared/crypto";
import { clientIp, DEVICE_COOKIE, readCookie, type HeaderReader } from "@/server/shared/request";
import { deviceCookie, landingRedirectUrl, validDeviceId } from "./landing";
import { notFoundHtml } from "./not-found-page";
import { CLICK_VIA, followShortLink, type ClickVia } from "./short-links";
import { localeOf } from "./texts";

export interface ShortLinkAnswer {
  status: 302 | 404;
  headers: Record<string, string>;
  body: string | null;
}

function viaOf(v: string | null): ClickVia {
  return (CLICK_VIA as readonly string[]).includes(v ?? "") ? (v as ClickVia) : "link";
}

export async function answerShortLink(
  db: Db,
  req: { code: string; via: string | null; headers: HeaderReader },
): Promise<ShortLinkAnswer> {
  const deviceId = validDeviceId(readCookie(req.headers.get("cookie"), DEVICE_COOKIE)) ?? randomToken(16);
  const link = await followShortLink(db, {
    code: req.code,
    deviceId,
    ip: clientIp(req.headers),
    userAgent: req.headers.get("user-agent"),
    via: viaOf(req.via),
  });
  if (!link) {
    return {
      status: 404,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      body: notFoundHtml(localeOf(req.headers)),
    };
  }
  return {
    status: 302,
    headers: {
      location: landingRedirectUrl(link, { allowHttp: env.FENXIAO_ENV === "development" }),
      "set-cookie": deviceCookie(deviceId, isHttpsUrl(env.APP_URL)),
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    },
    body: null,
  };
}

/** The Next route handler (app/s/[code]/route.ts). */
export function shortLinkRoute(getDatabase: () => Promise<Database> = appDatabase) {
  return async (req: Request, route: { params: Promise<{ code: string }> }): Promise<Response> => {
    const { code } = await route.params;
    const { db } = await getDatabase();
    const answer = await answerShortLink(db, {
      code,
      via: new URL(req.url).searchParams.get("via"),
      headers: req.headers,
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}
