import { afterEach, describe, expect, it, vi } from "vitest";
import { foreignHost, resolveOrigin } from "./app-url";

const headers = (h: Record<string, string>) => new Headers(h);

describe("resolveOrigin", () => {
  it("uses APP_URL whenever it is set, whatever host the request came in on", () => {
    expect(resolveOrigin({ appUrl: "https://fx.example.com/", headers: headers({ host: "localhost:3950" }), port: "3950" })).toBe(
      "https://fx.example.com",
    );
  });

  it("without APP_URL, follows the request's host (a dev server on another port, a tunnel)", () => {
    expect(resolveOrigin({ headers: headers({ host: "localhost:3950" }), port: "3950" })).toBe("http://localhost:3950");
    expect(resolveOrigin({ headers: headers({ host: "192.168.1.20:4000" }) })).toBe("http://192.168.1.20:4000");
    expect(
      resolveOrigin({ headers: headers({ host: "localhost:3950", "x-forwarded-host": "abc.tunnel.example", "x-forwarded-proto": "https" }) }),
    ).toBe("https://abc.tunnel.example");
  });

  it("without a request (start banner, jobs), uses PORT, else 3000", () => {
    expect(resolveOrigin({ port: "3950" })).toBe("http://localhost:3950");
    expect(resolveOrigin({})).toBe("http://localhost:3000");
    expect(resolveOrigin({ port: "not-a-port" })).toBe("http://localhost:3000");
  });

  it("never builds a link from a Host header that is not a plain host[:port]", () => {
    for (const host of ["evil.example/phish", "a b", "x@evil.example", ""]) {
      expect(resolveOrigin({ headers: headers({ host }), port: "3950" })).toBe("http://localhost:3950");
    }
  });
});

describe("foreignHost", () => {
  it("names a request host that APP_URL does not, ports included", () => {
    expect(foreignHost("http://localhost:3000", "localhost:3950")).toBe("localhost:3950");
    expect(foreignHost("https://fx.example.com", "other.example.com")).toBe("other.example.com");
  });

  it("is quiet for APP_URL's own host (default ports either way), or with nothing to compare", () => {
    expect(foreignHost("https://fx.example.com", "FX.example.com")).toBeNull();
    expect(foreignHost("https://fx.example.com", "fx.example.com:443")).toBeNull();
    expect(foreignHost("http://localhost:3950/", "localhost:3950")).toBeNull();
    expect(foreignHost(undefined, "localhost:3950")).toBeNull();
    expect(foreignHost("https://fx.example.com", undefined)).toBeNull();
  });
});

describe("warnOnForeignHost", () => {
  afterEach(() => {
    vi.doUnmock("@/server/env");
    vi.resetModules();
  });

  it("warns once per foreign host when APP_URL is set, never for APP_URL's host", async () => {
    vi.resetModules();
    vi.doMock("@/server/env", () => ({ env: { APP_URL: "https://fx.example.com" } }));
    const { warnOnForeignHost } = await import("./app-url");
    const log = vi.fn();
    warnOnForeignHost("fx.example.com", log);
    warnOnForeignHost("localhost:3950", log);
    warnOnForeignHost("localhost:3950", log);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/localhost:3950.*APP_URL is https:\/\/fx\.example\.com/);
  });

  it("is silent without APP_URL (links follow the request then)", async () => {
    vi.resetModules();
    vi.doMock("@/server/env", () => ({ env: { APP_URL: undefined } }));
    const { warnOnForeignHost, appUrl } = await import("./app-url");
    const log = vi.fn();
    warnOnForeignHost("localhost:3950", log);
    expect(log).not.toHaveBeenCalled();
    expect(appUrl("/d/hoobang", headers({ host: "localhost:3950" }))).toBe("http://localhost:3950/d/hoobang");
  });
});
