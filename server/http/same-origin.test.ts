import { beforeEach, describe, expect, it, vi } from "vitest";
import { isSameOriginRequest } from "./same-origin";

const h = (o: Record<string, string>) => new Headers(o);
const APP = "https://app.fenxiao.test";

describe("isSameOriginRequest", () => {
  it("accepts the app's origin and the origin of the host the request was sent to", () => {
    expect(isSameOriginRequest(h({ origin: APP }), APP)).toBe(true);
    expect(isSameOriginRequest(h({ origin: "http://localhost:3100", host: "localhost:3100" }), APP)).toBe(true);
  });

  it("refuses other sites, opaque and missing origins, and non-web schemes", () => {
    expect(isSameOriginRequest(h({ origin: "https://evil.example", host: "app.fenxiao.test" }), APP)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "https://app.fenxiao.test.evil.example" }), APP)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "null", host: "app.fenxiao.test" }), APP)).toBe(false);
    expect(isSameOriginRequest(h({ host: "app.fenxiao.test" }), APP)).toBe(false);
    expect(isSameOriginRequest(h({ origin: "file://app.fenxiao.test" }), APP)).toBe(false);
  });
});

const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(requestHeaders.current),
  cookies: () => Promise.resolve({ set: vi.fn(), get: () => undefined }),
}));
const signIn = vi.hoisted(() => vi.fn());
vi.mock("@/server/auth/next-auth", () => ({ signIn, signOut: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {} }));
vi.mock("next/navigation", () => ({ redirect: vi.fn() }));

describe("server actions", () => {
  beforeEach(() => signIn.mockReset());

  it("refuse a cross-site or origin-less call before doing anything", async () => {
    const { signInWithPassword, signOutAction } = await import("@/app/signin/actions");
    const { setLocale } = await import("@/components/i18n/set-locale");
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example", host: "localhost:3000" },
      { host: "localhost:3000" },
    ];
    for (const headers of attempts) {
      requestHeaders.current = new Headers(headers);
      await expect(signInWithPassword({ email: "a@b.test", password: "pw" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(signOutAction()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(setLocale("en")).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(signIn).not.toHaveBeenCalled();
  });

  it("run for the app's own pages", async () => {
    const { signInWithPassword } = await import("@/app/signin/actions");
    requestHeaders.current = new Headers({ origin: "http://localhost:3000", host: "localhost:3000" });
    signIn.mockResolvedValue(undefined);
    expect(await signInWithPassword({ email: "a@b.test", password: "pw" })).toEqual({ ok: true });
    expect(signIn).toHaveBeenCalledOnce();
  });
});
