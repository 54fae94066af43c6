import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { listLevels } from "@/server/network/levels";
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

describe.each(MOUNTS)("/api/v1/levels through the %s", (mount) => {
  it("creates, lists by rank and replaces levels named by name, audited as the API key", async () => {
    const b = await brandWithKey(t);
    const gold = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { name: "金牌", rank: 2, minGmvFen: 100_000, minDirectCustomers: 5 } });
    expect(gold.status).toBe(201);
    expect(gold.headers.get("location")).toBe(`/api/v1/levels/${encodeURIComponent("金牌")}`);
    expect(await gold.json()).toEqual({ name: "金牌", rank: 2, minGmvFen: 100_000, minOrders: null, minDirectCustomers: 5 });
    await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { name: "银牌", rank: 1 } });
    const list = await h.call(mount, "GET", "/api/v1/levels", { key: b.key });
    expect(((await list.json()) as { items: { name: string }[] }).items.map((l) => l.name)).toEqual(["银牌", "金牌"]);

    const put = await h.call(mount, "PUT", `/api/v1/levels/${encodeURIComponent("金牌")}`, { key: b.key, body: { rank: 3, minOrders: 10 } });
    expect(put.status).toBe(200);
    // A PUT is the whole level: thresholds it leaves out are cleared; the name stays.
    expect(await put.json()).toEqual({ name: "金牌", rank: 3, minGmvFen: null, minOrders: 10, minDirectCustomers: null });
    const renamed = await h.call(mount, "PUT", `/api/v1/levels/${encodeURIComponent("银牌")}`, { key: b.key, body: { name: "白银", rank: 1 } });
    expect(await renamed.json()).toMatchObject({ name: "白银", rank: 1 });
    const actions = rowsOf<{ action: string; actor_type: string; actor_id: string }>(
      await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select action, actor_type, actor_id from audit_logs where target_type = 'level' order by id`)),
    );
    expect(actions).toEqual(["level.created", "level.created", "level.updated", "level.updated"].map((action) => ({ action, actor_type: "api", actor_id: b.apiKeyId })));
  });

  it("refuses a duplicate name or rank (409), an unknown level (404) and bad fields (400)", async () => {
    const b = await brandWithKey(t);
    await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { name: "金牌", rank: 2 } });
    const sameName = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { name: "金牌", rank: 5 } });
    expect(sameName.status).toBe(409);
    expect(await sameName.json()).toMatchObject({ code: "CONFLICT", errors: { name: "taken" } });
    const sameRank = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { name: "钻石", rank: 2 } });
    expect(await sameRank.json()).toMatchObject({ status: 409, errors: { rank: "taken" } });
    expect((await h.call(mount, "PUT", "/api/v1/levels/nope", { key: b.key, body: { rank: 9 } })).status).toBe(404);
    const bad = await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { rank: 100, minOrders: -1 } });
    expect(await bad.json()).toMatchObject({ status: 400, errors: { name: "required", rank: "too_big", minOrders: "too_small" } });
    expect((await withTenant(t.db, b.tenantId, listLevels)).map((l) => l.name)).toEqual(["金牌"]);
  });

  it("never reads or changes another brand's levels", async () => {
    const a = await brandWithKey(t, "Brand A");
    const b = await brandWithKey(t, "Brand B");
    await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { name: "B-only", rank: 1 } });
    expect(await (await h.call(mount, "GET", "/api/v1/levels", { key: a.key })).json()).toEqual({ items: [] });
    const put = await h.call(mount, "PUT", "/api/v1/levels/B-only", { key: a.key, body: { rank: 7 } });
    expect(put.status).toBe(404);
    // The same name is free in brand A: names are unique per brand.
    expect((await h.call(mount, "POST", "/api/v1/levels", { key: a.key, body: { name: "B-only", rank: 1 } })).status).toBe(201);
    expect((await withTenant(t.db, b.tenantId, listLevels)).map((l) => l.rank)).toEqual([1]);
  });
});
