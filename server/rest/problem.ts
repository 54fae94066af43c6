/** RFC 9457 problem+json responses. Only AppErrors carry detail; anything else is generic. */
import { isAppError } from "@/server/errors";

export function problem(status: number, title: string, extra: Record<string, unknown> = {}) {
  return new Response(JSON.stringify({ type: "about:blank", title, status, ...extra }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

export function errorResponse(e: unknown): Response {
  if (isAppError(e)) {
    const res = problem(e.httpStatus, e.message, {
      code: e.code,
      ...(e.fields ? { errors: e.fields } : {}),
    });
    if (e.retryAfterSeconds) res.headers.set("retry-after", String(e.retryAfterSeconds));
    if (e.code === "UNAUTHORIZED") res.headers.set("www-authenticate", 'Bearer realm="fenxiao"');
    return res;
  }
  console.error("REST error:", e);
  return problem(500, "Internal error. Please retry; contact support if it persists.");
}
