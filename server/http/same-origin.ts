/**
 * Cross-site request forgery guard for state-changing requests (tRPC mutations, server
 * actions). A browser always sends `Origin` on a POST; a form or fetch from another site
 * carries that site's origin. Accepted: the app's public origin (APP_URL) or the origin of the
 * host the request was sent to. A POST without `Origin` is refused: no browser we serve sends
 * one, so it is either not a browser (and has no business here) or a forgery.
 */
export interface OriginHeaders {
  get(name: string): string | null;
}

function hostOf(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === "http:" || u.protocol === "https:" ? u.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

export function isSameOriginRequest(headers: OriginHeaders, appUrl: string | undefined): boolean {
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  const from = hostOf(origin);
  if (!from) return false;
  const appHost = appUrl ? hostOf(appUrl) : null;
  const host = headers.get("host")?.toLowerCase() ?? null;
  return from === appHost || from === host;
}
