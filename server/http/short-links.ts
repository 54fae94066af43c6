/**
 * Serves GET/HEAD /s/<code> straight from node:http, ahead of Next's request pipeline: the
 * redirect is the one hot public path (≥ 1,000/s on two cores with clicks recorded), and
 * Next's router alone costs more per request than resolving the code and recording the click.
 * The answer itself comes from answerShortLink, the same code the Next route uses.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db/client";
import { answerShortLink } from "@/server/promotion/redirect";
import type { HeaderReader } from "@/server/shared/request";

const SHORT_LINK = /^\/s\/([^/?#]+)\/?(?:\?(.*))?$/;

/** The code and query of a short-link URL, or null for any other path (Next serves those). */
export function shortLinkTarget(method: string | undefined, url: string | undefined) {
  if (method !== "GET" && method !== "HEAD") return null;
  const m = SHORT_LINK.exec(url ?? "");
  if (!m) return null;
  let code: string;
  try {
    code = decodeURIComponent(m[1]!);
  } catch {
    code = m[1]!; // malformed escapes: an unknown code, answered with the 404 page
  }
  return { code, via: new URLSearchParams(m[2] ?? "").get("via") };
}

function headersOf(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const v = req.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}

export async function serveShortLink(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  target: { code: string; via: string | null },
) {
  try {
    const answer = await answerShortLink(db, { ...target, headers: headersOf(req) });
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === "HEAD" ? undefined : (answer.body ?? undefined));
  } catch (e) {
    // Not swallowed: the click was not recorded, so say so in the log and to the visitor.
    console.error("short link: click not recorded", e);
    if (!res.headersSent) res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "5" });
    res.end("Service temporarily unavailable / 服务暂时不可用");
  }
}
