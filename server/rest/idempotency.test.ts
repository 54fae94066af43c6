/** Idempotency-Key on POST / PUT / PATCH, on PGlite and (TEST_DATABASE_URL) real Postgres. */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "@hono/zod-openapi";
import type { Database } from "@/db/client";
import { distributors, idempotencyKeys } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createLevel, listLevels } from "@/server/network/levels";
import { canonicalJson, purgeExpiredIdempotencyKeys } from "./idempotency";
import { restRoute } from "./route";
import { jsonBody, jsonContent } from "./schemas";
import { mutate } from "./tenant";
import { brandWithKey, MOUNTS, restHarness, type Harness } from "./testing";

let t: Database;
let h: Harness;
let release!: () => void;
let gate: Promise<void>;

beforeAll(async () => {
  t = await createTestDatabase();
  // A write that waits inside its transaction until the test lets it go.
  const slow = restRoute({
    method: "post",
    path: "/api/v1/test-slow-level",
    request: { body: jsonBody(z.object({ name: z.string() })) },
    responses: { 201: { description: "created", content: jsonContent(z.object({ name: z.string() })) } },
  });
  h = await restHarness(t, {}, (app) =>
    app.openapi(slow, (c) =>
      mutate(c, async (tx, actor) => {
        const level = await createLevel(tx, actor, { name: c.req.valid("json").name, rank: 50, minGmvFen: null, minOrders: null, minDirectCustomers: null });
        await gate;
        return c.json({ name: level.name }, 201);
      }),
    ),
  );
});
afterAll(async () => {
  await h.close();
  await t.close();
});

const levelNames = async (tenantId: string) => (await withTenant(t.db, tenantId, listLevels)).map((l) => l.name);

describe("canonicalJson", () => {
  it("is the same for the same value however its keys are ordered, and differs otherwise", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: "1" }));
    expect(canonicalJson(undefined)).toBe("null");
  });
});

describe.each(MOUNTS)("Idempotency-Key through the %s", (mount) => {
  const post = (key: string, path: string, body: unknown, idem?: string) =>
    h.call(mount, "POST", path, { key, body, headers: idem ? { "idempotency-key": idem } : {} });

  it("replays the first response exactly for the same key and body, with one effect", async () => {
    const b = await brandWithKey(t);
    const first = await post(b.key, "/api/v1/levels", { name: "金牌", rank: 1, minOrders: 3 }, "k-1");
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstText = await first.text();
    // The same body with its keys in another order is the same request.
    const again = await post(b.key, "/api/v1/levels", { minOrders: 3, rank: 1, name: "金牌" }, "k-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(await again.text()).toBe(firstText);
    expect(await levelNames(b.tenantId)).toEqual(["金牌"]);
  });

  it("refuses the key with another body or on another endpoint (409), changing nothing", async () => {
    const b = await brandWithKey(t);
    await post(b.key, "/api/v1/levels", { name: "金牌", rank: 1 }, "k-2");
    const other = await post(b.key, "/api/v1/levels", { name: "银牌", rank: 2 }, "k-2");
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: "CONFLICT", errors: { "Idempotency-Key": "reused" } });
    const elsewhere = await h.call(mount, "PATCH", "/api/v1/program", { key: b.key, body: { name: "金牌", rank: 1 }, headers: { "idempotency-key": "k-2" } });
    expect(elsewhere.status).toBe(400); // validation first: the body is not a program patch
    const program = await h.call(mount, "PATCH", "/api/v1/program", { key: b.key, body: { afterSalesDays: 9 }, headers: { "idempotency-key": "k-2" } });
    expect(program.status).toBe(409);
    expect(await levelNames(b.tenantId)).toEqual(["金牌"]);
    expect(await (await h.call(mount, "GET", "/api/v1/program", { key: b.key })).json()).toMatchObject({ afterSalesDays: 7 });
  });

  it("stores a business refusal (422) and replays it even once the request would succeed", async () => {
    const b = await brandWithKey(t);
    const body = { name: "王小明", phone: "13912345678", level: "金牌" };
    const refused = await post(b.key, "/api/v1/distributors", body, "k-3");
    expect(refused.status).toBe(422);
    const refusedText = await refused.text();
    await post(b.key, "/api/v1/levels", { name: "金牌", rank: 1 });
    const replayed = await post(b.key, "/api/v1/distributors", body, "k-3");
    expect(replayed.status).toBe(422);
    expect(replayed.headers.get("content-type")).toBe("application/problem+json");
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(await replayed.text()).toBe(refusedText);
    expect(await withTenant(t.db, b.tenantId, (tx) => tx.select().from(distributors))).toEqual([]);
    // A new key runs it.
    expect((await post(b.key, "/api/v1/distributors", body, "k-3b")).status).toBe(201);
  });

  it("does not store a validation 400, a 401 or a 404: the key stays free", async () => {
    const b = await brandWithKey(t);
    expect((await post(b.key, "/api/v1/levels", { name: "", rank: 1 }, "k-4")).status).toBe(400);
    expect((await post("fx_wrong", "/api/v1/levels", { name: "x", rank: 1 }, "k-4")).status).toBe(401);
    const missing = await h.call(mount, "PUT", "/api/v1/levels/nope", { key: b.key, body: { rank: 3 }, headers: { "idempotency-key": "k-4" } });
    expect(missing.status).toBe(404);
    const ok = await post(b.key, "/api/v1/levels", { name: "金牌", rank: 1 }, "k-4");
    expect(ok.status).toBe(201);
    expect(ok.headers.get("idempotent-replayed")).toBeNull();
  });

  it("validates the header: at most 255 visible characters", async () => {
    const b = await brandWithKey(t);
    const long = await post(b.key, "/api/v1/levels", { name: "x", rank: 1 }, "k".repeat(256));
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ errors: { "idempotency-key": "too_big" } });
    expect(await levelNames(b.tenantId)).toEqual([]);
  });

  it("keeps keys per brand: brand A's key never replays brand B's answer", async () => {
    const a = await brandWithKey(t, "Brand A");
    const b = await brandWithKey(t, "Brand B");
    const inB = await post(b.key, "/api/v1/levels", { name: "金牌", rank: 1 }, "shared");
    const inA = await post(a.key, "/api/v1/levels", { name: "金牌", rank: 1 }, "shared");
    expect([inB.status, inA.status]).toEqual([201, 201]);
    expect(inA.headers.get("idempotent-replayed")).toBeNull();
    expect(await levelNames(a.tenantId)).toEqual(["金牌"]);
  });

  it("50 concurrent identical POSTs have exactly one effect", async () => {
    const b = await brandWithKey(t);
    const results = await Promise.all(Array.from({ length: 50 }, () => post(b.key, "/api/v1/levels", { name: "并发", rank: 7 }, "k-concurrent")));
    const outcomes = results.map((r) => `${r.status}${r.headers.get("idempotent-replayed") ? " replayed" : ""}`);
    expect(outcomes.filter((o) => o === "201")).toHaveLength(1);
    // The rest replayed the answer, or were told the first was still running.
    expect(outcomes.every((o) => o === "201" || o === "201 replayed" || o === "409")).toBe(true);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(await r.json()).toMatchObject({ errors: { "Idempotency-Key": "in_progress" } });
      expect(r.headers.get("retry-after")).toBe("1");
    }
    expect(await levelNames(b.tenantId)).toEqual(["并发"]);
    const stored = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "k-concurrent")));
    expect(stored).toHaveLength(1);
  });
});

describe("a key reused while its first request runs", () => {
  it("is refused (409) on Postgres; PGlite runs one transaction at a time, so it waits and replays", async () => {
    const b = await brandWithKey(t);
    gate = new Promise((r) => (release = r));
    const send = () => h.call("node:http", "POST", "/api/v1/test-slow-level", { key: b.key, body: { name: "慢" }, headers: { "idempotency-key": "k-slow" } });
    const first = send();
    await new Promise((r) => setTimeout(r, 150));
    const second = send();
    if (t.kind === "postgres") {
      const res = await second;
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ errors: { "Idempotency-Key": "in_progress" } });
      release();
    } else {
      await new Promise((r) => setTimeout(r, 150));
      release();
      const res = await second;
      expect([res.status, res.headers.get("idempotent-replayed")]).toEqual([201, "true"]);
    }
    expect((await first).status).toBe(201);
    expect(await levelNames(b.tenantId)).toEqual(["慢"]);
  });
});

describe("expiry", () => {
  it("purges results older than 24 hours, after which the key runs anew", async () => {
    const b = await brandWithKey(t);
    await h.call("node:http", "POST", "/api/v1/levels", { key: b.key, body: { name: "旧", rank: 1 }, headers: { "idempotency-key": "k-old" } });
    await h.call("node:http", "POST", "/api/v1/levels", { key: b.key, body: { name: "新", rank: 2 }, headers: { "idempotency-key": "k-new" } });
    await withTenant(t.db, b.tenantId, (tx) =>
      tx.update(idempotencyKeys).set({ createdAt: sql`now() - interval '25 hours'` }).where(eq(idempotencyKeys.key, "k-old")),
    );
    // An expired result is not replayed: the request runs (and here meets the existing name).
    const rerun = await h.call("node:http", "POST", "/api/v1/levels", { key: b.key, body: { name: "旧", rank: 1 }, headers: { "idempotency-key": "k-old" } });
    expect(rerun.status).toBe(409);
    expect(rerun.headers.get("idempotent-replayed")).toBeNull();
    await withTenant(t.db, b.tenantId, (tx) => tx.update(idempotencyKeys).set({ createdAt: sql`now() - interval '25 hours'` }).where(eq(idempotencyKeys.key, "k-old")));
    expect(await withTenant(t.db, b.tenantId, (tx) => purgeExpiredIdempotencyKeys(tx))).toBe(1);
    const left = await withTenant(t.db, b.tenantId, (tx) => tx.select({ key: idempotencyKeys.key }).from(idempotencyKeys));
    expect(left).toEqual([{ key: "k-new" }]);
  });
});
