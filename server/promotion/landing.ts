/** Where a short link sends the visitor, and the first-party device cookie. Pure. */
import { DEVICE_COOKIE } from "@/server/shared/request";

const DEVICE_COOKIE_MAX_AGE = 365 * 86400;
const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The brand's landing URL with `fx_ref` (and `fx_sku` for a product link) appended; the
 * existing query is kept byte for byte (shop URLs can be picky). Without a usable landing URL,
 * the portal's buyer page for the brand.
 */
export function landingRedirectUrl(target: {
  landingUrl: string | null;
  brandSlug: string;
  distributorCode: string;
  sku?: string | null;
}): string {
  const extra = new URLSearchParams({ fx_ref: target.distributorCode });
  if (target.sku) extra.set("fx_sku", target.sku);
  const url = parseHttpUrl(target.landingUrl);
  if (!url)
    return `/d/${encodeURIComponent(target.brandSlug)}/join?ref=${encodeURIComponent(target.distributorCode)}`;
  if (url.searchParams.has("fx_ref") || url.searchParams.has("fx_sku")) {
    url.searchParams.delete("fx_ref");
    url.searchParams.delete("fx_sku");
  }
  const query = url.search.replace(/^\?/, "");
  url.search = query ? `${query}&${extra.toString()}` : extra.toString();
  return url.toString();
}

function parseHttpUrl(value: string | null): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
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
