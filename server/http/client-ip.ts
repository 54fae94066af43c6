/**
 * The client's IP address, decided once per request where the socket is still visible.
 *
 * App Router handlers never see the socket, and X-Forwarded-For is written by whoever sends
 * the request, so trusting its first hop let anyone reset the per-IP limits by rotating it.
 * `npm start` (server/http/main.ts) therefore computes the address here from the socket's peer
 * and TRUSTED_PROXY_HOPS, and hands it to Next in CLIENT_IP_HEADER after deleting any copy
 * the client sent. `clientIp()` (server/shared/request.ts) reads only that header, and only
 * when this front door is running in the process; without it (`next dev`, `next start`) the
 * header could be forged, so it is ignored there.
 */
import type { IncomingMessage, Server } from "node:http";
import { isIP } from "node:net";
import { env } from "@/server/env";

/** Internal request header carrying the address the front door computed. */
export const CLIENT_IP_HEADER = "x-fenxiao-client-ip";

/** Every request whose address cannot be known shares this one bucket (so limits still bite). */
export const UNKNOWN_CLIENT = "unknown";

// A process-wide marker rather than a module variable: Next bundles its own copy of the module
// that reads it, but both run in this one process.
const FRONT_DOOR = Symbol.for("fenxiao.front-door");
type Marked = { [FRONT_DOOR]?: { hops: number } };

/** True when this process serves requests through installFrontDoor (so the header is ours). */
export function frontDoorActive(): boolean {
  return !!(globalThis as Marked)[FRONT_DOOR];
}

/** "::ffff:203.0.113.9" → "203.0.113.9"; anything that is not an address → null. */
export function normaliseAddress(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let a = raw.trim();
  if (a.startsWith("[") && a.includes("]")) a = a.slice(1, a.indexOf("]"));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  return isIP(a) ? a.toLowerCase() : null;
}

/**
 * The client address given the socket's peer and the X-Forwarded-For chain. Each trusted proxy
 * appends the address it received the request from, so with `hops` proxies in front the client
 * is the `hops`-th entry from the right of [...forwardedFor, socket]; entries left of it were
 * written by the client and are worthless. With fewer entries than hops, the leftmost is the
 * best available.
 */
export function clientIpFrom(
  socketAddress: string | undefined | null,
  forwardedFor: string | string[] | undefined | null,
  hops: number,
): string {
  const socket = normaliseAddress(socketAddress);
  if (hops <= 0) return socket ?? UNKNOWN_CLIENT;
  const listed = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...listed, socketAddress ?? ""];
  const pick = chain[Math.max(0, chain.length - 1 - hops)];
  return normaliseAddress(pick) ?? UNKNOWN_CLIENT;
}

/**
 * Replaces any client-sent copy of the internal header with the address computed here, in both
 * views of the headers: Next reads `headers`, Hono's node adapter reads `rawHeaders`.
 */
export function stampClientIp(req: IncomingMessage, hops: number) {
  const ip = clientIpFrom(req.socket.remoteAddress, req.headers["x-forwarded-for"], hops);
  delete req.headers[CLIENT_IP_HEADER];
  req.headers[CLIENT_IP_HEADER] = ip;
  const raw: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() !== CLIENT_IP_HEADER) {
      raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    }
  }
  raw.push(CLIENT_IP_HEADER, ip);
  req.rawHeaders = raw;
}

/**
 * Makes `server` stamp every request before any other listener (Next, short links, the REST
 * API) sees it, and marks the process so clientIp() trusts the header.
 */
export function installFrontDoor(server: Server, hops: number = env.TRUSTED_PROXY_HOPS) {
  (globalThis as Marked)[FRONT_DOOR] = { hops };
  server.prependListener("request", (req: IncomingMessage) => stampClientIp(req, hops));
}

/**
 * The client address from request headers. With the front door: its header. Without it, only
 * X-Forwarded-For behind configured proxies (the socket is unknown, so the `hops`-th entry from
 * the right); otherwise everyone shares the "unknown" bucket rather than trusting a header.
 */
export function clientIpFromHeaders(
  get: (name: string) => string | null | undefined,
  hops: number,
  behindFrontDoor: boolean = frontDoorActive(),
): string {
  if (behindFrontDoor) return normaliseAddress(get(CLIENT_IP_HEADER)) ?? UNKNOWN_CLIENT;
  if (hops <= 0) return UNKNOWN_CLIENT;
  const listed = (get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return normaliseAddress(listed[Math.max(0, listed.length - hops)]) ?? UNKNOWN_CLIENT;
}
