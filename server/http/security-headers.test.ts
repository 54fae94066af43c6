import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { contentSecurityPolicy, newNonce, STATIC_SECURITY_HEADERS } from "./security-headers";

describe("content security policy", () => {
  it("allows scripts only by nonce, forbids framing, plugins and foreign forms", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", dev: false, https: true });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "upgrade-insecure-requests"]) {
      expect(csp).toContain(d);
    }
    expect(contentSecurityPolicy({ nonce: "abc", dev: true, https: false })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "abc", dev: false, https: false })).not.toContain("upgrade-insecure-requests");
  });

  it("gets a fresh, unguessable nonce each time", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });

  it("is set by the proxy on the page response and handed to Next with the same nonce", () => {
    const first = proxy(new NextRequest("http://localhost:3000/console"));
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    // Next reads the nonce for its own scripts from the (overridden) request header.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    const second = proxy(new NextRequest("http://localhost:3000/console"));
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
  });

  it("static headers: no sniffing, no framing, a strict referrer", () => {
    expect(STATIC_SECURITY_HEADERS).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
    });
  });
});
