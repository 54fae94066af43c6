/**
 * Every absolute link to this deployment (short links, QR codes, posters, invitations, "open
 * portal", start banners) is built here, so they all name the same host.
 *
 * - APP_URL set: it is the origin, always (production requires it: server/env.ts). A request
 *   arriving on another host is logged once per host, because every link it gets would point
 *   elsewhere (warnOnForeignHost, called by the node:http front and by proxy.ts).
 * - APP_URL unset (development, test deployments): the origin the request came in on, so
 *   `next dev -p 3950` or `npm start -- -p 3950` links to :3950 with no configuration; without
 *   a request (start banner, jobs), http://localhost:$PORT.
 */
import { env } from "@/server/env";

/** Anything with `get(name)`: a Fetch Headers, Next's headers(), a small adapter over node's. */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

export interface OriginInputs {
  /** APP_URL, if configured. */
  appUrl?: string;
  headers?: HeaderSource | null;
  /** The port the server listens on (PORT); 3000 when unknown. */
  port?: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");
// host, host:port, [v6]:port — nothing a crafted Host header could use to inject a path.
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const firstValue = (value: string | null | undefined) => value?.split(",")[0]?.trim().toLowerCase() || undefined;

/** The origin links are built on; pure, so the rules above are tested without a process. */
export function resolveOrigin({ appUrl, headers, port }: OriginInputs): string {
  if (appUrl) return trimSlash(appUrl);
  // Only reached without APP_URL, i.e. never in production: a dev tunnel's forwarded host is
  // what the browser sees, so it wins over the socket's Host.
  const host = firstValue(headers?.get("x-forwarded-host")) ?? firstValue(headers?.get("host"));
  if (host && HOST.test(host)) {
    const proto = firstValue(headers?.get("x-forwarded-proto")) === "https" ? "https" : "http";
    return `${proto}://${host}`;
  }
  const p = port && /^\d{1,5}$/.test(port) ? port : "3000";
  return `http://localhost:${p}`;
}

/** The origin for this process and, when there is one, this request. */
export function appOrigin(headers?: HeaderSource | null): string {
  return resolveOrigin({ appUrl: env.APP_URL, headers, port: process.env.PORT });
}

/** An absolute link to `path` on this deployment. */
export function appUrl(path: `/${string}`, headers?: HeaderSource | null): string {
  return `${appOrigin(headers)}${path}`;
}

/** In a server component or server action: the origin as seen by the current request. */
export async function requestAppOrigin(): Promise<string> {
  const { headers } = await import("next/headers");
  return appOrigin(await headers());
}

/** In a server component or server action: the link as seen by the current request. */
export async function requestAppUrl(path: `/${string}`): Promise<string> {
  return `${await requestAppOrigin()}${path}`;
}

/** Node's IncomingMessage headers as a HeaderSource. */
export function nodeHeaders(h: Record<string, string | string[] | undefined>): HeaderSource {
  return { get: (name) => [h[name.toLowerCase()]].flat()[0] ?? null };
}

/**
 * The Host a request arrived on, when APP_URL names another one (null: fine or nothing to
 * compare). Ports count: http://shop.example and :8080 are different links.
 */
export function foreignHost(appUrl: string | undefined, hostHeader: string | null | undefined): string | null {
  if (!appUrl || !hostHeader) return null;
  let expected: URL;
  try {
    expected = new URL(appUrl);
  } catch {
    return null;
  }
  const host = hostHeader.trim().toLowerCase();
  const defaultPort = expected.protocol === "https:" ? "443" : "80";
  const normalise = (h: string) => (h.endsWith(`:${defaultPort}`) ? h.slice(0, -defaultPort.length - 1) : h);
  return normalise(host) === normalise(expected.host.toLowerCase()) ? null : host;
}

const warned = new Set<string>();
const MAX_WARNED = 20;

/** Logs (once per host, a few hosts at most) a request whose links would point elsewhere. */
export function warnOnForeignHost(hostHeader: string | null | undefined, log: (msg: string) => void = console.warn): void {
  const host = foreignHost(env.APP_URL, hostHeader);
  if (!host || warned.has(host) || warned.size >= MAX_WARNED) return;
  warned.add(host);
  log(
    `fenxiao: a request arrived on ${host}, but APP_URL is ${env.APP_URL}: every link, QR code and poster ` +
      "names APP_URL. Set APP_URL to the address users open, or open the app there.",
  );
}
