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

describe.each(MOUNTS)("GET /api/v1/me through the %s", (mount) => {
  it("names the key's brand, key and program", async () => {
    const a = await brandWithKey(t, "Brand A");
    const res = await h.call(mount, "GET", "/api/v1/me", { key: a.key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      brand: { id: a.tenantId, name: "Brand A" },
      apiKeyId: a.apiKeyId,
      program: { commissionLevels: 2, afterSalesDays: 7 },
    });
  });

  it("answers a missing or wrong key with 401 problem+json and WWW-Authenticate", async () => {
    for (const key of [undefined, "fx_wrong"]) {
      const res = await h.call(mount, "GET", "/api/v1/me", { key });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="fenxiao"');
      expect(await res.json()).toMatchObject({ type: "about:blank", title: "Unauthorized", status: 401, code: "UNAUTHORIZED" });
    }
  });
});
