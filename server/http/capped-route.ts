/**
 * Wraps a Next route handler so the request body is read (capped, on a deadline) before the
 * handler sees it. For routes outside tRPC and /api/v1 that read bodies (next-auth's POSTs).
 */
import { NextRequest } from "next/server";
import { bodyRefusal, readBodyCapped, type BodyLimits } from "./read-body";

export function cappedBodyRoute<C>(
  handler: (req: NextRequest, ctx: C) => Promise<Response>,
  limits: BodyLimits,
) {
  return async (req: NextRequest, ctx: C): Promise<Response> => {
    const body = await readBodyCapped(req, limits);
    if (!body.ok) return bodyRefusal(body.reason, limits);
    const buffered = new NextRequest(req.url, {
      method: req.method,
      headers: req.headers,
      body: body.bytes.byteLength ? (body.bytes as BodyInit) : null,
      signal: req.signal,
    });
    return handler(buffered, ctx);
  };
}
