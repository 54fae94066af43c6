import { describe, expect, it } from "vitest";
import { readCookie } from "@/server/shared/request";
import { deviceCookie, landingRedirectUrl, validDeviceId } from "./landing";

describe("landing redirect URL", () => {
  const base = { brandSlug: "hoobang", distributorCode: "K7M2Q9PX" };
  const verified = (landingUrl: string) => ({
    ...base,
    landingUrl,
    landingVerifiedHost: new URL(landingUrl).hostname,
  });
  const portal = "/d/hoobang/join?ref=K7M2Q9PX";

  it("appends fx_ref (and fx_sku) and keeps the existing query exactly", () => {
    expect(landingRedirectUrl(verified("https://shop.example.com/item?id=1&q=a%20b#top"))).toBe(
      "https://shop.example.com/item?id=1&q=a%20b&fx_ref=K7M2Q9PX#top",
    );
    expect(landingRedirectUrl({ ...verified("https://shop.example.com"), sku: "TEA/250 g" })).toBe(
      "https://shop.example.com/?fx_ref=K7M2Q9PX&fx_sku=TEA%2F250+g",
    );
  });

  it("replaces stale fx_ref / fx_sku instead of duplicating them", () => {
    const url = new URL(landingRedirectUrl(verified("https://s.example.com/?fx_ref=OLD&x=1")));
    expect(url.searchParams.getAll("fx_ref")).toEqual(["K7M2Q9PX"]);
    expect(url.searchParams.get("x")).toBe("1");
  });

  it("goes only to the verified host; anything else lands on the brand's portal page", () => {
    const unverified = { ...base, landingUrl: "https://evil.example.com/", landingVerifiedHost: null };
    expect(landingRedirectUrl(unverified)).toBe(portal);
    // Verified another host, then pointed the landing URL elsewhere.
    expect(landingRedirectUrl({ ...unverified, landingVerifiedHost: "shop.example.com" })).toBe(portal);
    // A look-alike that only starts with the verified host.
    expect(
      landingRedirectUrl({ ...base, landingUrl: "https://shop.example.com.evil.example/", landingVerifiedHost: "shop.example.com" }),
    ).toBe(portal);
  });

  it("a product link without a verified landing shows the product on the portal's buyer page", () => {
    expect(landingRedirectUrl({ ...base, landingUrl: null, landingVerifiedHost: null, sku: "TEA/250 g#1" })).toBe(
      `${portal}&sku=TEA%2F250%20g%231`,
    );
  });

  it("only over https (http only where allowed, i.e. development)", () => {
    const http = verified("http://shop.example.com/");
    expect(landingRedirectUrl(http)).toBe(portal);
    expect(landingRedirectUrl(http, { allowHttp: true })).toBe("http://shop.example.com/?fx_ref=K7M2Q9PX");
  });

  it("never to a script, file or data URL, whatever is stored", () => {
    for (const landingUrl of [
      null,
      "",
      "not a url",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd",
      "ftp://x.example.com",
      "https://user:pw@shop.example.com/",
    ]) {
      expect(landingRedirectUrl({ ...base, landingUrl, landingVerifiedHost: "shop.example.com" }, { allowHttp: true })).toBe(portal);
    }
  });
});

describe("device cookie", () => {
  it("reads one cookie from a Cookie header", () => {
    expect(readCookie("a=1; fx_did=abc; b=2", "fx_did")).toBe("abc");
    expect(readCookie("fx_didx=1", "fx_did")).toBeNull();
    expect(readCookie(null, "fx_did")).toBeNull();
  });

  it("accepts only well-formed device ids", () => {
    expect(validDeviceId("A".repeat(22))).toBe("A".repeat(22));
    for (const bad of [
      null,
      "short",
      "has space in it 12345",
      "x".repeat(65),
      "<script>alert(1)</script>",
    ]) {
      expect(validDeviceId(bad)).toBeNull();
    }
  });

  it("is first-party, HttpOnly, SameSite=Lax, one year", () => {
    expect(deviceCookie("abc", false)).toBe(
      "fx_did=abc; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax",
    );
    expect(deviceCookie("abc", true)).toMatch(/; Secure$/);
  });
});
