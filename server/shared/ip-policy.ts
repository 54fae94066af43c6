/**
 * Which addresses the server may connect to on a user's behalf (remote images, and anything
 * else fetched from a URL a brand or API client supplied). Only globally reachable unicast:
 * the IANA special-purpose ranges below are refused, with IPv6 forms that embed an IPv4
 * address (mapped, NAT64, 6to4, Teredo, compatible) refused outright, because each of them can
 * smuggle a private IPv4 address past a check that only reads the IPv6 prefix.
 *
 * Two lists, not one: net.BlockList treats an IPv4 address and its IPv4-mapped IPv6 form as
 * the same, so a ::ffff:0:0/96 rule in a shared list would also match every IPv4 address.
 */
import { BlockList, isIP } from "node:net";

const V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata lives here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
];

const V6: [string, number][] = [
  ["::", 96], // unspecified, loopback (::1) and IPv4-compatible (deprecated)
  ["::ffff:0:0", 96], // IPv4-mapped
  ["64:ff9b::", 96], // NAT64
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001::", 32], // Teredo
  ["2001:2::", 48], // benchmarking
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];

const v4 = new BlockList();
for (const [net, prefix] of V4) v4.addSubnet(net, prefix, "ipv4");
const v6 = new BlockList();
for (const [net, prefix] of V6) v6.addSubnet(net, prefix, "ipv6");

/** True only for a syntactically valid, globally reachable unicast address. */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "");
  switch (isIP(ip)) {
    case 4:
      return !v4.check(ip, "ipv4");
    case 6:
      return !v6.check(ip, "ipv6");
    default:
      return false;
  }
}
