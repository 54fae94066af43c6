import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./ip-policy";

describe("isPublicAddress", () => {
  it("refuses loopback, private, link-local, CGNAT, multicast, unspecified and reserved IPv4", () => {
    for (const ip of [
      "127.0.0.1",
      "127.255.255.254",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "100.127.255.255",
      "0.0.0.0",
      "224.0.0.1",
      "239.255.255.250",
      "240.0.0.1",
      "255.255.255.255",
      "198.18.0.1",
      "192.0.2.1",
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });

  it("refuses IPv6 loopback, local, multicast and every form that embeds an IPv4 address", () => {
    for (const ip of [
      "::",
      "::1",
      "[::1]",
      "fd00::1",
      "fc00::1",
      "fe80::1",
      "fec0::1",
      "ff02::1",
      // The review's bypass: [::ffff:127.0.0.1] is parsed by URL to ::ffff:7f00:1.
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:8.8.8.8", // mapped, even to a public address: connect to the IPv4 form instead
      "::127.0.0.1", // IPv4-compatible
      "64:ff9b::7f00:1", // NAT64 of 127.0.0.1
      "64:ff9b:1::a00:1",
      "2002:7f00:1::1", // 6to4 of 127.0.0.1
      "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
      "2001:db8::1",
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });

  it("accepts globally reachable addresses and nothing that is not an address", () => {
    for (const ip of ["1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2400:3200::1"]) {
      expect(isPublicAddress(ip), ip).toBe(true);
    }
    for (const junk of ["", "localhost", "example.com", "1.2.3", "::g"]) expect(isPublicAddress(junk), junk).toBe(false);
  });

  it("agrees with the URL parser on the hostnames it produces", () => {
    for (const url of ["http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f.1/", "http://[0:0:0:0:0:ffff:a00:1]/"]) {
      expect(isPublicAddress(new URL(url).hostname), url).toBe(false);
    }
  });
});
