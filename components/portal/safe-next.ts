/**
 * Where to go after signing in: only a path inside this brand's portal is accepted, so a
 * crafted `?next=` can never send someone to another site or another brand's portal.
 */
const BASE = "http://portal.invalid";

export function safeNextPath(slug: string, next: string | null | undefined): string | null {
  if (!next || next.length > 512 || !next.startsWith("/") || next.startsWith("//")) return null;
  // Backslashes and control characters are read as slashes or dropped by some browsers.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // The URL parser has already resolved dot segments (also %2e-encoded ones).
  const home = `/d/${slug}`;
  if (url.pathname !== home && !url.pathname.startsWith(`${home}/`)) return null;
  if (url.pathname.startsWith("//") || url.pathname.includes("//")) return null;
  // Back to the sign-in page would only loop.
  if (url.pathname === `${home}/signin`) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page that comes back to `path` afterwards. */
export function signInHref(slug: string, path: string): string {
  return `/d/${slug}/signin?next=${encodeURIComponent(path)}`;
}
