/** The Set-Cookie header values for the portal session cookie (HttpOnly, never read by JS). */
import { PORTAL_COOKIE } from "./portal-session";

export interface PortalCookieOptions {
  /** Only over HTTPS: true when the app's public URL is https. */
  secure: boolean;
}

function attributes(maxAgeSeconds: number, { secure }: PortalCookieOptions) {
  return [
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.max(0, Math.round(maxAgeSeconds))}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function portalSessionCookie(
  value: string,
  expiresAt: Date,
  opts: PortalCookieOptions,
  now: Date = new Date(),
): string {
  const maxAge = (expiresAt.getTime() - now.getTime()) / 1000;
  return `${PORTAL_COOKIE}=${encodeURIComponent(value)}; ${attributes(maxAge, opts)}`;
}

export function clearPortalCookie(opts: PortalCookieOptions): string {
  return `${PORTAL_COOKIE}=; ${attributes(0, opts)}`;
}

export const isHttpsUrl = (url: string | undefined) => !!url && url.toLowerCase().startsWith("https://");
