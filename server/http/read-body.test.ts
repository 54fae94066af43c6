import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { cappedBodyRoute } from "./capped-route";
import { readBodyCapped } from "./read-body";

const LIMITS = { maxBytes: 10, deadlineMs: 200 };
const enc = new TextEncoder();

function streamOf(parts: string[], end = true) {
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      if (end) c.close();
    },
  });
}

const req = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readBodyCapped", () => {
  it("returns the whole body when it fits", async () => {
    const r = await readBodyCapped(req(streamOf(["ab", "cd"])), LIMITS);
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe("abcd");
  });

  it("refuses a declared or streamed body over the cap", async () => {
    expect(await readBodyCapped(req("x", { "content-length": "11" }), LIMITS)).toEqual({ ok: false, reason: "too_large" });
    expect(await readBodyCapped(req(streamOf(["12345", "67890", "1"])), LIMITS)).toEqual({ ok: false, reason: "too_large" });
  });

  it("gives up on a body that stops arriving", async () => {
    const started = Date.now();
    expect(await readBodyCapped(req(streamOf(["12"], false)), LIMITS)).toEqual({ ok: false, reason: "too_slow" });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("cappedBodyRoute", () => {
  it("hands the handler the body it read, and refuses before the handler otherwise", async () => {
    const handler = vi.fn(async (r: NextRequest) => new Response(await r.text()));
    const route = cappedBodyRoute(handler, LIMITS);
    const ok = await route(new NextRequest("http://localhost/api/auth/x", { method: "POST", body: "a=1" }), {});
    expect(await ok.text()).toBe("a=1");
    const stalled = new NextRequest("http://localhost/api/auth/x", {
      method: "POST",
      body: streamOf(["a="], false),
      duplex: "half",
    });
    expect((await route(stalled, {})).status).toBe(408);
    const big = new NextRequest("http://localhost/api/auth/x", { method: "POST", body: "a=".padEnd(50, "x") });
    const refused = await route(big, {});
    expect(refused.status).toBe(413);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(handler).toHaveBeenCalledOnce();
  });
});
