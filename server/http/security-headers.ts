/**
 * Security headers for the console and portal pages (set by proxy.ts per request, because the
 * script nonce must be fresh each time) and the static ones for every response (next.config).
 *
 * Next's hydration needs inline scripts, so scripts are allowed by nonce ('strict-dynamic'
 * lets the nonced bootstrap load the rest); styles allow 'unsafe-inline' because React and
 * Radix set style attributes, which nonces cannot cover. Images may come from any https host
 * (product pictures, logos) and data: URLs (uploads). Nothing may frame a page.
 */

export interface CspOptions {
  nonce: string;
  /** `next dev`: React needs eval for its debugging aids, HMR a websocket. */
  dev: boolean;
  /** Served over https: ask browsers to upgrade any http subresource. */
  https: boolean;
}

export function contentSecurityPolicy({ nonce, dev, https }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: https:${dev ? " http:" : ""}`,
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Headers every response gets, whatever serves it (next.config.ts `headers()`). */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/** Two years, subdomains included: only for a production deployment served over https. */
export const HSTS = "max-age=63072000; includeSubDomains";

/** A fresh nonce: 128 random bits, base64 (the CSP nonce-source syntax). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
