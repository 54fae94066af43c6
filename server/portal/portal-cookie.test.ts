import { describe, expect, it } from "vitest";
import { clearPortalCookie, isHttpsUrl, portalSessionCookie } from "./portal-cookie";

describe("portal session cookie", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  const expires = new Date(now.getTime() + 30 * 86400_000);

  it("is HttpOnly, Lax, site-wide and expires with the session", () => {
    const c = portalSessionCookie("t.abc", expires, { secure: false }, now);
    expect(c).toBe("fx_portal=t.abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000");
  });

  it("is Secure when the app is served over https", () => {
    expect(portalSessionCookie("t.abc", expires, { secure: true }, now)).toMatch(/; Secure$/);
    expect(isHttpsUrl("https://fenxiao.example")).toBe(true);
    expect(isHttpsUrl("http://localhost:3000")).toBe(false);
  });

  it("clears with an empty value and Max-Age=0", () => {
    expect(clearPortalCookie({ secure: false })).toBe(
      "fx_portal=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
    );
  });
});
