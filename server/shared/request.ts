/** What a handler reads headers through: a Fetch `Headers`, or an adapter over node's request. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Client IP for throttling and click records. Behind a proxy the first X-Forwarded-For hop is
 * the client; deployments must let only their own proxy set it.
 */
export function clientIp(headers: HeaderReader | undefined): string {
  const xff = headers?.get("x-forwarded-for")?.split(",")[0]?.trim();
  return xff || headers?.get("x-real-ip") || "unknown";
}

/** First-party device cookie set by the short-link redirect; ties a later sign-in to a click. */
export const DEVICE_COOKIE = "fx_did";

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
