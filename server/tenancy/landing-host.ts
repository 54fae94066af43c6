/** The host a landing URL points at, lower case; null when there is no usable web URL. Pure. */
export function landingHost(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return (u.protocol === "https:" || u.protocol === "http:") && u.hostname ? u.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}
