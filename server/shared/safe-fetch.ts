/**
 * GET a URL that someone else supplied (a product image set through the API, a poster
 * background) without letting it reach our own network:
 * - every address a hostname resolves to must be public (server/shared/ip-policy.ts), and the
 *   connection goes to the address that was checked: the resolver answer is handed to the
 *   socket through a custom `lookup`, so a second DNS answer (rebinding) is never asked for;
 * - redirects are followed by hand, at most `maxRedirects`, each hop checked like the first;
 * - only http(s) on the allowed ports, no credentials in the URL;
 * - the whole exchange has one deadline, and the body is cut off at `maxBytes`.
 * Every refusal is a result, not an exception: callers fall back (a poster without the image).
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPublicAddress } from "./ip-policy";

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface SafeFetchOptions {
  maxBytes: number;
  /** One deadline for every hop and the body. */
  timeoutMs: number;
  maxRedirects: number;
  /** Which Content-Type values are wanted (e.g. images only). */
  acceptContentType?: (contentType: string) => boolean;
  /** Ports a URL may name; "any" only for tests against local servers. */
  ports?: readonly number[] | "any";
  /** DNS resolution (tests replace it). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Which addresses may be connected to (tests widen it to reach a local server). */
  isAllowedAddress?: (address: string) => boolean;
}

export type SafeFetchResult =
  | { ok: true; bytes: Buffer; contentType: string; url: string }
  | { ok: false; reason: string };

const DEFAULT_PORTS = [80, 443] as const;

const systemResolve = async (hostname: string): Promise<ResolvedAddress[]> =>
  dnsLookup(hostname, { all: true, verbatim: true });

export class Refused extends Error {}

/** The one address to connect to for `url`, after checking every address it resolves to. */
export async function checkedAddress(url: URL, opts: Pick<SafeFetchOptions, "resolve" | "isAllowedAddress">): Promise<ResolvedAddress> {
  const allowed = opts.isAllowedAddress ?? isPublicAddress;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  const answers = literal
    ? [{ address: host, family: literal }]
    : await (opts.resolve ?? systemResolve)(host).catch(() => []);
  if (!answers.length) throw new Refused(`cannot resolve ${host}`);
  // One private answer among public ones is how rebinding and split-horizon tricks look.
  const bad = answers.find((a) => !allowed(a.address));
  if (bad) throw new Refused(`${host} resolves to a non-public address`);
  return answers[0]!;
}

function checkUrl(url: URL, opts: SafeFetchOptions) {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Refused("not http(s)");
  if (url.username || url.password) throw new Refused("credentials in URL");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const ports = opts.ports ?? DEFAULT_PORTS;
  if (ports !== "any" && !ports.includes(port)) throw new Refused(`port ${port} not allowed`);
}

/** A socket lookup that answers `target` whatever the hostname would resolve to now. */
export function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_host, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as (e: null, a: ResolvedAddress[]) => void)(null, [target]);
    } else {
      callback(null, target.address, target.family);
    }
  };
}

function get(url: URL, target: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  // The socket connects to `target`, whatever the hostname would resolve to now.
  const pinned = pinnedLookup(target);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: "GET",
      lookup: pinned,
      agent: false, // no pooled socket that was connected for some other answer
      signal,
      headers: { accept: "image/*", "user-agent": "FenxiaoFetcher/1" },
    });
    req.once("response", resolve);
    req.once("error", reject);
    req.end();
  });
}

async function readCapped(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers["content-length"] ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw new Refused("body too large");
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      res.destroy();
      throw new Refused("body too large");
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function safeFetch(rawUrl: string, opts: SafeFetchOptions): Promise<SafeFetchResult> {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: "invalid URL" };
  }
  try {
    for (let hop = 0; ; hop++) {
      checkUrl(url, opts);
      const res = await get(url, await checkedAddress(url, opts), deadline);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hop >= opts.maxRedirects) throw new Refused("too many redirects");
        url = new URL(res.headers.location, url);
        continue;
      }
      if (status !== 200) {
        res.resume();
        throw new Refused(`status ${status}`);
      }
      const contentType = String(res.headers["content-type"] ?? "");
      if (opts.acceptContentType && !opts.acceptContentType(contentType)) {
        res.destroy();
        throw new Refused(`content type ${contentType || "(none)"}`);
      }
      return { ok: true, bytes: await readCapped(res, opts.maxBytes), contentType, url: url.toString() };
    }
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.message };
    if (deadline.aborted) return { ok: false, reason: "timed out" };
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
