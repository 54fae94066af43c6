/**
 * The request pipeline ahead of the handler: body cap and deadline, key authentication and its
 * cache, rate and in-flight limits, JSON parsing. Runs through both mounts.
 */
import { eq, sql } from "drizzle-orm";
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "@hono/zod-openapi";
import type { Database } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { listLevels } from "@/server/network/levels";
import { restRoute } from "../route";
import { jsonContent } from "../schemas";
import { brandWithKey, MOUNTS, restHarness, type Harness, type Mount } from "../testing";

let t: Database;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t, { bodyTimeoutMs: 400 });
});
afterAll(async () => {
  await h.close();
  await t.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Sends the head of a request and `sent` of its body over a raw socket, then stalls. */
function stalledNodeRequest(origin: string, path: string, key: string, declared: number, sent: string) {
  const { port } = new URL(origin);
  const socket = connect(Number(port), "127.0.0.1");
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n${sent}`,
  );
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    let data = "";
    socket.on("data", (d) => {
      data += d.toString();
      if (data.includes("\r\n\r\n")) resolve({ status: Number(data.split(" ")[1]), text: data });
    });
    socket.on("error", reject);
  }).finally(() => socket.destroy());
}

/** The same through the Next route: a body stream that yields `sent` and then nothing. */
function stalledNextRequest(path: string, key: string, sent: string) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(sent));
    },
  });
  const req = new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
  return Promise.resolve(h.app.fetch(req)).then(async (res) => ({ status: res.status, text: await res.text() }));
}

describe.each(MOUNTS)("the pipeline through the %s", (mount: Mount) => {
  it("answers a stalled body with 408 without ever opening a transaction, serving other brands meanwhile", async () => {
    const a = await brandWithKey(t, "Brand A");
    const b = await brandWithKey(t, "Brand B");
    await h.call(mount, "GET", "/api/v1/me", { key: b.key }); // B's key is looked up and cached
    const transaction = vi.spyOn(t.db, "transaction");
    const started = Date.now();
    const stalled =
      mount === "node:http"
        ? stalledNodeRequest(h.origin, "/api/v1/levels", a.key, 200, '{"name":"Go')
        : stalledNextRequest("/api/v1/levels", a.key, '{"name":"Go');
    await new Promise((r) => setTimeout(r, 100));
    expect(transaction).not.toHaveBeenCalled();
    // Meanwhile brand B is served: A holds no connection (PGlite has only one).
    const other = await h.call(mount, "GET", "/api/v1/me", { key: b.key });
    expect(other.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(400);
    expect(transaction).toHaveBeenCalledTimes(1); // B's withTenant, nothing for A
    const res = await stalled;
    expect(res.status).toBe(408);
    expect(res.text).toContain('"code":"REQUEST_TIMEOUT"');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(transaction).toHaveBeenCalledTimes(1);
    // A's key was never even looked up: the body comes first.
    const [key] = await withTenant(t.db, a.tenantId, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, a.apiKeyId)));
    expect(key!.lastUsedAt).toBeNull();
    expect(await withTenant(t.db, a.tenantId, listLevels)).toEqual([]);
  });

  it("refuses a 2 MB body to a single-object route with 413 and writes nothing", async () => {
    const b = await brandWithKey(t);
    const transaction = vi.spyOn(t.db, "transaction");
    const res = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { name: "Big", rank: 1, pad: "x".repeat(2_000_000) } });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE", title: "Payload Too Large" });
    expect(transaction).not.toHaveBeenCalled();
    expect(await withTenant(t.db, b.tenantId, listLevels)).toEqual([]);
  });

  it("answers a body that is not UTF-8 with 400 invalid_encoding and writes nothing", async () => {
    const b = await brandWithKey(t);
    // {"name":"<0xff 0xfe>","rank":1}
    const bytes = Uint8Array.from([...Buffer.from('{"name":"'), 0xff, 0xfe, ...Buffer.from('","rank":1}')]);
    const res = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: bytes });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, errors: { body: "invalid_encoding" } });
    expect(await withTenant(t.db, b.tenantId, listLevels)).toEqual([]);
  });

  it("answers malformed JSON, a non-JSON body and an empty JSON body with clear problems", async () => {
    const b = await brandWithKey(t);
    const bad = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: '{"name": "x",' });
    expect(await bad.json()).toMatchObject({ status: 400, errors: { body: "invalid_json" }, detail: "The request body is not valid JSON." });
    const form = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(await form.json()).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    const empty = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, headers: { "content-type": "application/json" } });
    expect(await empty.json()).toMatchObject({ status: 400, errors: { body: "required" } });
    const notObject = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: [1] });
    expect(await notObject.json()).toMatchObject({ status: 400, errors: { body: "invalid_type" } });
  });

  it("refuses a commission rule with a field it does not know, on the rule or a tier, naming it, and writes nothing", async () => {
    const b = await brandWithKey(t);
    const rule = { name: "base", tiers: [{ tier: 1, rateBp: 1000 }] };
    const extra = await h.call(mount, "POST", "/api/v1/commission-rules", { key: b.key, body: { ...rule, bogus: 1 } });
    expect(await extra.json()).toMatchObject({ status: 400, errors: { bogus: "unrecognized_key" } });
    const inTier = await h.call(mount, "POST", "/api/v1/commission-rules", { key: b.key, body: { ...rule, tiers: [{ tier: 1, rateBp: 1000, extra: 1 }] } });
    expect(await inTier.json()).toMatchObject({ status: 400, errors: { "tiers.0.extra": "unrecognized_key" } });
    const list = await h.call(mount, "GET", "/api/v1/commission-rules", { key: b.key });
    expect(await list.json()).toMatchObject({ total: 0 });
  });

  it("takes an empty body with Content-Type: application/json on routes that declare no body", async () => {
    const b = await brandWithKey(t);
    const json = { "content-type": "application/json" };
    const read = await h.call(mount, "GET", "/api/v1/levels", { key: b.key, headers: json });
    expect(read.status).toBe(200);
    const summary = await h.call(mount, "GET", "/api/v1/ledger/summary", { key: b.key, headers: json });
    expect(summary.status).toBe(200);
    // DELETE of a rule that does not exist: the route's own answer, not a body problem.
    const gone = await h.call(mount, "DELETE", "/api/v1/commission-rules/00000000-0000-7000-8000-000000000000", { key: b.key, headers: json });
    expect(await gone.json()).toMatchObject({ status: 404 });
  });

  it("checks the key after the body and before parsing it: a bad key with bad JSON is 401", async () => {
    const res = await h.call(mount, "POST", "/api/v1/levels", { key: "fx_nope", body: "{oops" });
    expect(res.status).toBe(401);
  });

  it("answers an unknown endpoint with a 404 problem", async () => {
    const b = await brandWithKey(t);
    const res = await h.call(mount, "GET", "/api/v1/nothing-here", { key: b.key });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("trusts a key lookup for the cache time and writes last_used_at at most once a minute", async () => {
    const b = await brandWithKey(t);
    const first = await h.call(mount, "GET", "/api/v1/me", { key: b.key });
    expect(first.status).toBe(200);
    const lastUsed = async () =>
      (await withTenant(t.db, b.tenantId, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, b.apiKeyId))))[0]!.lastUsedAt;
    expect(await lastUsed()).not.toBeNull();
    await withTenant(t.db, b.tenantId, (tx) => tx.update(apiKeys).set({ lastUsedAt: sql`now() - interval '1 hour'` }).where(eq(apiKeys.id, b.apiKeyId)));
    const before = await lastUsed();
    const transaction = vi.spyOn(t.db, "transaction");
    for (let i = 0; i < 5; i++) expect((await h.call(mount, "GET", "/api/v1/me", { key: b.key })).status).toBe(200);
    // One transaction per request (the handler's): no key lookup, no last-use write.
    expect(transaction).toHaveBeenCalledTimes(5);
    expect(await lastUsed()).toEqual(before);
    // A revoked key keeps working only until its cache entry expires (≤ 30 s in production).
    await b.caller.apiKeys.revoke({ id: b.apiKeyId });
    expect((await h.call(mount, "GET", "/api/v1/me", { key: b.key })).status).toBe(200);
  });
});

describe("limits", () => {
  it("without a cache, a revoked key is refused at once", async () => {
    const fresh = await restHarness(t, { keyCacheSeconds: 0 });
    try {
      const b = await brandWithKey(t);
      expect((await fresh.call("node:http", "GET", "/api/v1/me", { key: b.key })).status).toBe(200);
      await b.caller.apiKeys.revoke({ id: b.apiKeyId });
      expect((await fresh.call("node:http", "GET", "/api/v1/me", { key: b.key })).status).toBe(401);
    } finally {
      await fresh.close();
    }
  });

  it("rate-limits each key with a token bucket: 429 with Retry-After, other keys unaffected", async () => {
    const limited = await restHarness(t, { rateLimitPerSecond: 0.5, rateLimitBurst: 2 });
    try {
      const a = await brandWithKey(t);
      const b = await brandWithKey(t);
      for (const mount of MOUNTS) expect((await limited.call(mount, "GET", "/api/v1/me", { key: a.key })).status).toBe(200);
      const refused = await limited.call("node:http", "GET", "/api/v1/me", { key: a.key });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("2");
      expect(await refused.json()).toMatchObject({ code: "TOO_MANY_REQUESTS" });
      expect((await limited.call("next route", "GET", "/api/v1/me", { key: a.key })).status).toBe(429);
      expect((await limited.call("node:http", "GET", "/api/v1/me", { key: b.key })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("limits requests in flight per key: the one over the limit gets 429 at once", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = restRoute({
      method: "get",
      path: "/api/v1/test-slow",
      responses: { 200: { description: "ok", content: jsonContent(z.object({ ok: z.boolean() })) } },
    });
    const limited = await restHarness(t, { maxInFlightPerKey: 2 }, (app) =>
      app.openapi(slow, async (c) => {
        await gate;
        return c.json({ ok: true }, 200);
      }),
    );
    try {
      const a = await brandWithKey(t);
      const b = await brandWithKey(t);
      const held = [limited.call("node:http", "GET", "/api/v1/test-slow", { key: a.key }), limited.call("next route", "GET", "/api/v1/test-slow", { key: a.key })];
      await new Promise((r) => setTimeout(r, 100));
      const over = await limited.call("node:http", "GET", "/api/v1/me", { key: a.key });
      expect(over.status).toBe(429);
      expect(over.headers.get("retry-after")).toBe("1");
      expect((await limited.call("next route", "GET", "/api/v1/me", { key: b.key })).status).toBe(200);
      release();
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
      expect((await limited.call("node:http", "GET", "/api/v1/me", { key: a.key })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("refuses a chunked body as soon as it passes the cap (no Content-Length to go by)", async () => {
    const b = await brandWithKey(t);
    const { port } = new URL(h.origin);
    const socket = connect(Number(port), "127.0.0.1");
    const status = new Promise<number>((resolve, reject) => {
      socket.on("data", (d) => resolve(Number(d.toString().split(" ")[1])));
      socket.on("error", reject);
    });
    socket.write(`POST /api/v1/levels HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${b.key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = "x".repeat(64 * 1024);
    // 5 × 64 KiB > 256 KiB, and the stream stays open: only the cap can answer.
    for (let i = 0; i < 5; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    expect(await status).toBe(413);
    socket.destroy();
    expect(await withTenant(t.db, b.tenantId, listLevels)).toEqual([]);
  });
});
