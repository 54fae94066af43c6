/**
 * Where a webhook may be sent (SSRF): only to globally reachable addresses
 * (server/shared/ip-policy.ts), checked when the endpoint is saved and again on every delivery,
 * connecting to the address that was checked (a DNS answer that changes in between, rebinding,
 * is never asked for). Development and tests may allow loopback and private addresses with
 * WEBHOOK_ALLOW_PRIVATE_TARGETS=1, so a receiver on this machine works; link-local (cloud
 * metadata), multicast and the other special ranges stay refused even then, and production
 * ignores the setting.
 */
import { BlockList, isIP } from "node:net";
import { env } from "@/server/env";
import { isPublicAddress } from "@/server/shared/ip-policy";
import { checkedAddress, Refused, type ResolvedAddress } from "@/server/shared/safe-fetch";

const local = new BlockList();
local.addSubnet("127.0.0.0", 8, "ipv4");
local.addSubnet("10.0.0.0", 8, "ipv4");
local.addSubnet("172.16.0.0", 12, "ipv4");
local.addSubnet("192.168.0.0", 16, "ipv4");
const local6 = new BlockList();
local6.addAddress("::1", "ipv6");
local6.addSubnet("fc00::", 7, "ipv6");

function isLoopbackOrPrivate(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "");
  const v = isIP(ip);
  return v === 4 ? local.check(ip, "ipv4") : v === 6 ? local6.check(ip, "ipv6") : false;
}

/** The deployment's setting: private targets only outside production, and only when asked for. */
export function privateTargetsAllowed(): boolean {
  return env.WEBHOOK_ALLOW_PRIVATE_TARGETS === "1" && env.FENXIAO_ENV !== "production";
}

export interface TargetOptions {
  allowPrivate?: boolean;
  /** DNS resolution (tests replace it). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export type TargetCheck = { ok: true; url: URL; address: ResolvedAddress } | { ok: false; reason: string };

/** Parses and checks `raw`; resolves the host and checks every address it has. */
export async function checkTarget(raw: string, opts: TargetOptions = {}): Promise<TargetCheck> {
  const allowPrivate = opts.allowPrivate ?? privateTargetsAllowed();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "invalid URL" };
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) return { ok: false, reason: "https required" };
  if (url.username || url.password) return { ok: false, reason: "credentials in URL" };
  try {
    const address = await checkedAddress(url, {
      resolve: opts.resolve,
      isAllowedAddress: (a) => isPublicAddress(a) || (allowPrivate && isLoopbackOrPrivate(a)),
    });
    return { ok: true, url, address };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.message };
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
