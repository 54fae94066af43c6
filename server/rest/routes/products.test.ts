/** The public API's product routes (moved from the old Next routes; same fields), both mounts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { brandWithKey, MOUNTS, restHarness, type Harness } from "../testing";

let t: Database;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t);
});
afterAll(async () => {
  await h.close();
  await t.close();
});

describe.each(MOUNTS)("/api/v1/products through the %s", (mount) => {
  const api = (key: string, method: string, body?: unknown, query = "") => h.call(mount, method, `/api/v1/products${query}`, { key, body });

  it("creates (201), then updates (200) by SKU, and reads back by SKU", async () => {
    const b = await brandWithKey(t);
    const created = await api(b.key, "POST", { sku: "TEA-1", name: "乌龙茶", priceFen: 12990, category: "茶" });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/api/v1/products?sku=TEA-1");
    const body = (await created.json()) as { id: string };
    expect(body).toMatchObject({ sku: "TEA-1", name: "乌龙茶", category: "茶", priceFen: 12990, imageUrl: null, status: "active" });
    const updated = await api(b.key, "POST", { sku: "TEA-1", name: "乌龙茶 礼盒", priceFen: 15990, status: "archived" });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ id: body.id, name: "乌龙茶 礼盒", priceFen: 15990, status: "archived" });
    const got = await api(b.key, "GET", undefined, "?sku=TEA-1");
    expect(await got.json()).toMatchObject({ id: body.id, name: "乌龙茶 礼盒" });
    const list = await api(b.key, "GET", undefined, "?status=all&pageSize=5");
    expect(await list.json()).toMatchObject({ total: 1, page: 1, pageSize: 5, items: [{ id: body.id }] });
    const missing = await api(b.key, "GET", undefined, "?sku=NOPE");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "NOT_FOUND", detail: "No product with SKU NOPE." });
  });

  it("answers invalid input with problem+json naming each field, and writes nothing", async () => {
    const b = await brandWithKey(t);
    const bad = await api(b.key, "POST", { sku: "", name: "x", priceFen: 12.5, colour: "red" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await bad.json()) as { detail: string };
    expect(problem).toMatchObject({
      status: 400,
      code: "BAD_REQUEST",
      errors: { sku: "too_small", priceFen: "invalid_type", colour: "unrecognized_key" },
    });
    expect(problem.detail).toBe(
      "The request is not valid: sku must be at least 1 character; priceFen must be an integer; colour is not a known field.",
    );
    expect((await api(b.key, "GET", undefined, "?pageSize=500")).status).toBe(400);
    expect((await api(b.key, "POST", "{nope")).status).toBe(400);
    expect((await api(b.key, "POST", [1, 2])).status).toBe(400);
    expect(await (await api(b.key, "GET", undefined, "?status=all")).json()).toMatchObject({ total: 0 });
  });

  it("keeps brands apart: the same SKU is two products, and a key sees only its brand's", async () => {
    const a = await brandWithKey(t, "Brand A");
    const b = await brandWithKey(t, "Brand B");
    const inB = (await (await api(b.key, "POST", { sku: "SAME", name: "B's", priceFen: 200 })).json()) as { id: string };
    const inA = await api(a.key, "POST", { sku: "SAME", name: "A's", priceFen: 100 });
    expect(inA.status).toBe(201); // not an update of B's product
    expect(((await inA.json()) as { id: string }).id).not.toBe(inB.id);
    expect(await (await api(b.key, "GET", undefined, "?sku=SAME")).json()).toMatchObject({ id: inB.id, name: "B's", priceFen: 200 });
    const c = await brandWithKey(t, "Brand C");
    expect((await api(c.key, "GET", undefined, "?sku=SAME")).status).toBe(404);
    expect(await (await api(c.key, "GET")).json()).toMatchObject({ total: 0, items: [] });
  });
});
