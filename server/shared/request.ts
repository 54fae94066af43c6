/**
 * Client IP for throttling and click records. Behind a proxy the first X-Forwarded-For hop is
 * the client; deployments must let only their own proxy set it.
 */
/** What a handler reads headers through: a Fetch `Headers`, or an adapter over node's request. */
export interface HeaderReader {
  get(name: string): string | null;
}

export function clientIp(headers: HeaderReader | undefined): string {
  const xff = headers?.get("x-forwarded-for")?.split(",")[0]?.trim();
  return xff || headers?.get("x-real-ip") || "unknown";
}

/** First-party device cookie set by the short-link redirect; ties a later sign-in to a click. */
export const DEVICE_COOKIE = "fx_did";
