import { describe, expect, it } from "vitest";
import { readCookie } from "@/server/shared/request";
import { deviceCookie, landingRedirectUrl, validDeviceId } from "./landing";

describe("landing redirect URL", () => {
  const base = { brandSlug: "hoobang", distributorCode: "K7M2Q9PX" };

  it("appends fx_ref (and fx_sku) and keeps the existing query exactly", () => {
    expect(
      landingRedirectUrl({ ...base, landingUrl: "https://shop.example.com/item?id=1&q=a%20b#top" }),
    ).toBe("https://shop.example.com/item?id=1&q=a%20b&fx_ref=K7M2Q9PX#top");
    expect(
      landingRedirectUrl({ ...base, landingUrl: "https://shop.example.com", sku: "TEA/250 g" }),
    ).toBe("https://shop.example.com/?fx_ref=K7M2Q9PX&fx_sku=TEA%2F250+g");
  });

  it("replaces stale fx_ref / fx_sku instead of duplicating them", () => {
    const url = new URL(
      landingRedirectUrl({ ...base, landingUrl: "https://s.example.com/?fx_ref=OLD&x=1" }),
    );
    expect(url.searchParams.getAll("fx_ref")).toEqual(["K7M2Q9PX"]);
    expect(url.searchParams.get("x")).toBe("1");
  });

  it("falls back to the portal's buyer page without a usable landing URL", () => {
    for (const landingUrl of [
      null,
      "",
      "not a url",
      "javascript:alert(1)",
      "ftp://x.example.com",
    ]) {
      expect(landingRedirectUrl({ ...base, landingUrl })).toBe("/d/hoobang/join?ref=K7M2Q9PX");
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
