import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { createBrandFixture } from "@/server/testing/fixtures";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
const actor = { type: "staff" as const, id: "00000000-0000-7000-8000-000000000002" };

describe("API keys", () => {
  it("are stored hashed: the raw key is nowhere in the database", async () => {
    const b = await createBrandFixture(t);
    const key = await withTenant(t.db, b.tenantId, (tx) => createApiKey(tx, actor, { name: "ERP" }));
    expect(key.key).toMatch(/^fx_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const dump = rowsOf<{ t: string }>(
      await t.db.execute(sql`select row_to_json(k)::text as t from api_keys k`),
    ).map((r) => r.t).join("\n");
    const secret = key.key.split("_").slice(2).join("_");
    expect(dump).not.toContain(secret);
    expect(dump).toContain(key.prefix);
    const audit = rowsOf<{ t: string }>(await t.db.execute(sql`select data::text as t from audit_logs`));
    expect(audit.map((a) => a.t).join()).not.toContain(secret);
  });

  it("authenticate the brand that owns them and record last use", async () => {
    const b = await createBrandFixture(t);
    const key = await withTenant(t.db, b.tenantId, (tx) => createApiKey(tx, actor, { name: "OMS" }));
    const who = await authenticateApiKey(t.db, key.key);
    expect(who).toEqual({ tenantId: b.tenantId, apiKeyId: key.id });
    const [listed] = await withTenant(t.db, b.tenantId, listApiKeys);
    expect(listed!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("refuse revoked, tampered and malformed keys", async () => {
    const b = await createBrandFixture(t);
    const key = await withTenant(t.db, b.tenantId, (tx) => createApiKey(tx, actor, { name: "Old" }));
    const tampered = key.key.slice(0, -1) + (key.key.endsWith("A") ? "B" : "A");
    for (const bad of [tampered, "fx_nope", "", null]) {
      const e = await authenticateApiKey(t.db, bad).catch((x: unknown) => x);
      expect((e as AppError).code).toBe("UNAUTHORIZED");
    }
    await withTenant(t.db, b.tenantId, (tx) => revokeApiKey(tx, actor, key.id));
    const e = await authenticateApiKey(t.db, key.key).catch((x: unknown) => x);
    expect((e as AppError).code).toBe("UNAUTHORIZED");
    const again = await withTenant(t.db, b.tenantId, (tx) => revokeApiKey(tx, actor, key.id)).catch((x: unknown) => x);
    expect((again as AppError).code).toBe("NOT_FOUND");
  });
});
