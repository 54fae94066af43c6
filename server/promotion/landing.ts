/** Where a short link sends the visitor, and the first-party device cookie. Pure. */
import { DEVICE_COOKIE } from "@/server/shared/request";
import { appendParams } from "./buy-links";

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
 * open redirect to wherever a brand's settings point. Else the portal's buyer page for the brand
 * (with `sku` for a product link, so it shows the product).
 */
export function landingRedirectUrl(target: LandingTarget, opts: { allowHttp?: boolean } = {}): string {
  const url = parseWebUrl(target.landingUrl, opts.allowHttp ?? false);
  const verified = !!url && !!target.landingVerifiedHost && url.hostname.toLowerCase() === target.landingVerifiedHost;
  if (!url || !verified) {
    // The portal's buyer page: the product (for a product link) and where to buy it.
    const sku = target.sku ? `&sku=${encodeURIComponent(target.sku)}` : "";
    return `/d/${encodeURIComponent(target.brandSlug)}/join?ref=${encodeURIComponent(target.distributorCode)}${sku}`;
  }
  // An fx_sku already in the stored URL goes even when this link has none.
  return appendParams(
    url,
    { fx_ref: target.distributorCode, ...(target.sku ? { fx_sku: target.sku } : {}) },
    ["fx_sku"],
  ).toString();
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
