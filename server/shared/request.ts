import { env } from "@/server/env";
import { clientIpFromHeaders, UNKNOWN_CLIENT } from "@/server/http/client-ip";

/** What a handler reads headers through: a Fetch `Headers`, or an adapter over node's request. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Client IP for throttling and click records: the address `npm start`'s front door computed
 * from the socket and TRUSTED_PROXY_HOPS (server/http/client-ip.ts). Never the first
 * X-Forwarded-For hop, which the client writes itself.
 */
export function clientIp(headers: HeaderReader | undefined): string {
  if (!headers) return UNKNOWN_CLIENT;
  return clientIpFromHeaders((name) => headers.get(name), env.TRUSTED_PROXY_HOPS);
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
