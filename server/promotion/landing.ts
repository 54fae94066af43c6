/** Where a short link sends the visitor, and the first-party device cookie. Pure. */
import { DEVICE_COOKIE } from "@/server/shared/request";

const DEVICE_COOKIE_MAX_AGE = 365 * 86400;
const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface LandingTarget {
  landingUrl: string | null;
  /** The host the brand proved it controls (server/tenancy/landing-domain.ts), if any. */
  landingVerifiedHost: string | null;
  brandSlug: string;
  distributorCode: string;
  sku?: string | null;
}

/**
 * The brand's landing URL with `fx_ref` (and `fx_sku` for a product link) appended; the
 * existing query is kept byte for byte (shop URLs can be picky). Only to a verified host, over
 * https (http only when `allowHttp`, i.e. development): otherwise the short link would be an
 * open redirect to wherever a brand's settings point. Else the portal's buyer page for the brand.
 */
export function landingRedirectUrl(target: LandingTarget, opts: { allowHttp?: boolean } = {}): string {
  const extra = new URLSearchParams({ fx_ref: target.distributorCode });
  if (target.sku) extra.set("fx_sku", target.sku);
  const url = parseWebUrl(target.landingUrl, opts.allowHttp ?? false);
  const verified = !!url && !!target.landingVerifiedHost && url.hostname.toLowerCase() === target.landingVerifiedHost;
  if (!url || !verified)
    return `/d/${encodeURIComponent(target.brandSlug)}/join?ref=${encodeURIComponent(target.distributorCode)}`;
  if (url.searchParams.has("fx_ref") || url.searchParams.has("fx_sku")) {
    url.searchParams.delete("fx_ref");
    url.searchParams.delete("fx_sku");
  }
  const query = url.search.replace(/^\?/, "");
  url.search = query ? `${query}&${extra.toString()}` : extra.toString();
  return url.toString();
}

function parseWebUrl(value: string | null, allowHttp: boolean): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.username || url.password) return null;
    return url.protocol === "https:" || (allowHttp && url.protocol === "http:") ? url : null;
  } catch {
    return null;
  }
}

export function validDeviceId(value: string | null): string | null {
  return value && DEVICE_ID.test(value) ? value : null;
}

export function deviceCookie(deviceId: string, secure: boolean): string {
  return [
    `${DEVICE_COOKIE}=${deviceId}`,
    "Path=/",
    `Max-Age=${DEVICE_COOKIE_MAX_AGE}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
