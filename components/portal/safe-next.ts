/**
 * Where to go after signing in: only a path on this site is accepted (in the portal, only one
 * inside this brand's portal), so a crafted `?next=` can never send someone to another site or
 * another brand's portal.
 */
const BASE = "http://portal.invalid";

/** `next` as a browser would resolve it, when that can only be a path on this site. */
function sitePathUrl(next: string | null | undefined): URL | null {
  if (!next || next.length > 512 || !next.startsWith("/") || next.startsWith("//")) return null;
  // Backslashes and control characters are read as slashes or dropped by some browsers.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return null;
  }
  // The URL parser has already resolved dot segments (also %2e-encoded ones).
  if (url.origin !== BASE || url.pathname.includes("//")) return null;
  return url;
}

const pathOf = (url: URL) => `${url.pathname}${url.search}${url.hash}`;

/** A path on this site, with query and hash, or null (the console's sign-in `?next=`). */
export function safeSitePath(next: string | null | undefined): string | null {
  const url = sitePathUrl(next);
  return url && pathOf(url);
}

export function safeNextPath(slug: string, next: string | null | undefined): string | null {
  const url = sitePathUrl(next);
  if (!url) return null;
  const home = `/d/${slug}`;
  if (url.pathname !== home && !url.pathname.startsWith(`${home}/`)) return null;
  // Back to the sign-in page would only loop.
  if (url.pathname === `${home}/signin`) return null;
  return pathOf(url);
}

/** The sign-in page that comes back to `path` afterwards. */
export function signInHref(slug: string, path: string): string {
  return `/d/${slug}/signin?next=${encodeURIComponent(path)}`;
}
