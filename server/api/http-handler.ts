/**
 * The HTTP face of tRPC (app/api/trpc/[trpc]/route.ts), kept apart from Next so it can be
 * tested with plain Requests. Before tRPC runs, a POST (a mutation, or a batch of them):
 * - must come from our own origin and be JSON: tRPC would also accept multipart/form-data,
 *   which any other site can submit with the user's cookies (a cross-site request forgery);
 * - has its body read in full under a size cap and a deadline (server/http/read-body.ts), so
 *   a slow or endless body never reaches the middleware that opens a tenant transaction.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { bodyRefusal, readBodyCapped, withBufferedBody, type BodyLimits } from "@/server/http/read-body";
import { problemResponse } from "@/server/http/problem";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { appRouter } from "./root";
import type { TrpcContext } from "./trpc";

/** Room for the largest input (a 400,000-character image data: URL) with margin; nothing more. */
export const TRPC_BODY_LIMITS: BodyLimits = { maxBytes: 1024 * 1024, deadlineMs: 10_000 };

export interface TrpcHttpOptions {
  createContext: (req: Request, resHeaders: Headers) => Promise<TrpcContext>;
  /** APP_URL, when configured; the request's own host is accepted either way. */
  appUrl: string | undefined;
  limits?: BodyLimits;
}

function isJson(req: Request) {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

export function trpcHttpHandler(opts: TrpcHttpOptions) {
  const limits = opts.limits ?? TRPC_BODY_LIMITS;
  return async (incoming: Request): Promise<Response> => {
    let req = incoming;
    if (req.method !== "GET" && req.method !== "HEAD") {
      if (!isSameOriginRequest(req.headers, opts.appUrl)) {
        return problemResponse(403, "FORBIDDEN", "Cross-site requests are not accepted.");
      }
      if (!isJson(req)) {
        return problemResponse(415, "UNSUPPORTED_MEDIA_TYPE", "Send application/json.");
      }
      const body = await readBodyCapped(req, limits);
      if (!body.ok) return bodyRefusal(body.reason, limits);
      req = withBufferedBody(req, body.bytes);
    }
    return fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: ({ resHeaders }) => opts.createContext(req, resHeaders),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
        }
      },
    });
  };
}
