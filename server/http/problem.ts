/**
 * RFC 9457 problem+json for refusals made before any handler runs (body too large, too slow,
 * wrong origin), in the same shape as the public API's (server/rest/problem.ts): `title` is the
 * status phrase, `detail` says in plain English what went wrong, `code` is the stable key.
 */
import { STATUS_CODES } from "node:http";

export function problemResponse(
  status: number,
  code: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  const body = { type: "about:blank", title: STATUS_CODES[status] ?? "Error", status, detail, code };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}
