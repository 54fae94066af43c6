/**
 * RFC 9457 problem+json for refusals made before any handler runs (body too large, too slow,
 * wrong origin). The public API has its own in server/rest; this one serves everything else.
 */
export function problemResponse(
  status: number,
  code: string,
  title: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: "about:blank", title, status, code }), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}
