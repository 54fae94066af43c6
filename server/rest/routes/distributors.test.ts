import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors, distributorStatusHistory } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { applyAsDistributor } from "@/server/network/distributors";
import { buyer } from "@/server/network/test-helpers";
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

let phoneSeq = 0;
const phone = () => `139${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;

describe.each(MOUNTS)("/api/v1/distributors through the %s", (mount) => {
  const post = (key: string, body: unknown, headers?: Record<string, string>) => h.call(mount, "POST", "/api/v1/distributors", { key, body, headers });

  it("creates an active distributor under an upline, with its level, and reads it back by code", async () => {
    const b = await brandWithKey(t);
    await h.call(mount, "POST", "/api/v1/levels", { key: b.key, body: { name: "金牌", rank: 1 } });
    const top = (await (await post(b.key, { name: "顶级", phone: phone() })).json()) as { code: string };
    const mid = (await (await post(b.key, { name: "中级", phone: phone(), uplineCode: top.code })).json()) as { code: string };
    const res = await post(b.key, { name: "王小明", phone: phone(), uplineCode: mid.code.toLowerCase(), level: "金牌", role: "city_partner", region: "杭州" });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { code: string; createdAt: string };
    expect(res.headers.get("location")).toBe(`/api/v1/distributors/${created.code}`);
    expect(created).toEqual({
      code: expect.stringMatching(/^[2-9A-Z]{6}$/) as unknown,
      name: "王小明",
      status: "active",
      level: "金牌",
      role: "city_partner",
      region: "杭州",
      uplineCodes: [mid.code, top.code],
      balances: { pendingFen: 0, heldFen: 0, availableFen: 0, withdrawingFen: 0, arrearsFen: 0 },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    const got = await h.call(mount, "GET", `/api/v1/distributors/${created.code}`, { key: b.key });
    expect(await got.json()).toEqual(created);
    expect(await (await h.call(mount, "GET", `/api/v1/distributors/${top.code}`, { key: b.key })).json()).toMatchObject({ uplineCodes: [], level: null, role: "distributor", region: null });
    const [log] = rowsOf<{ actor_type: string; actor_id: string }>(
      await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select actor_type, actor_id from audit_logs where action = 'distributor.created' order by id desc limit 1`)),
    );
    expect(log).toEqual({ actor_type: "api", actor_id: b.apiKeyId });
  });

  it("refuses unknown names (422), a phone that is already a distributor (409) and bad fields (400), creating nothing", async () => {
    const b = await brandWithKey(t);
    const p = phone();
    expect((await post(b.key, { name: "甲", phone: p })).status).toBe(201);
    const again = await post(b.key, { name: "乙", phone: p });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "CONFLICT", errors: { phone: "taken" } });
    const upline = await post(b.key, { name: "乙", phone: phone(), uplineCode: "NOSUCH" });
    expect(upline.status).toBe(422);
    expect(await upline.json()).toMatchObject({ code: "UNPROCESSABLE", errors: { uplineCode: "not_found" } });
    const level = await post(b.key, { name: "乙", phone: phone(), level: "钻石" });
    expect(await level.json()).toMatchObject({ status: 422, errors: { level: "not_found" } });
    const bad = await post(b.key, { phone: "12345", boss: true });
    expect(await bad.json()).toMatchObject({ status: 400, errors: { name: "required", boss: "unrecognized_key" } });
    // Rules across fields are checked once every field is well-formed.
    const partner = await post(b.key, { name: "乙", phone: phone(), role: "city_partner" });
    expect(await partner.json()).toMatchObject({ status: 400, errors: { region: "required" }, detail: "The request is not valid: region is required for a city_partner." });
    const badPhone = await post(b.key, { name: "乙", phone: "12345" });
    expect(await badPhone.json()).toMatchObject({ status: 400, errors: { phone: "invalid_format" } });
    const rows = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(distributors));
    expect(rows).toHaveLength(1);
  });

  it("freezes, reactivates and disables with history; a forbidden move is 422", async () => {
    const b = await brandWithKey(t);
    const d = (await (await post(b.key, { name: "甲", phone: phone() })).json()) as { code: string };
    const patch = (body: unknown) => h.call(mount, "PATCH", `/api/v1/distributors/${d.code}`, { key: b.key, body });
    const frozen = await patch({ status: "frozen", reason: "Refund abuse under review" });
    expect(frozen.status).toBe(200);
    expect(await frozen.json()).toMatchObject({ code: d.code, status: "frozen" });
    expect(await (await patch({ status: "frozen", reason: "again" })).json()).toMatchObject({ status: "frozen" });
    await patch({ status: "active", reason: "Cleared" });
    expect((await patch({ status: "disabled" })).status).toBe(400);
    const history = await withTenant(t.db, b.tenantId, async (tx) => {
      const [row] = await tx.select({ id: distributors.id }).from(distributors).where(eq(distributors.code, d.code));
      return tx.select().from(distributorStatusHistory).where(eq(distributorStatusHistory.distributorId, row!.id)).orderBy(distributorStatusHistory.createdAt, distributorStatusHistory.id);
    });
    expect(history.map((r) => [r.fromStatus, r.toStatus, r.reason, r.actorType])).toEqual([
      [null, "active", null, "api"],
      ["active", "frozen", "Refund abuse under review", "api"],
      ["frozen", "active", "Cleared", "api"],
    ]);
    const applicant = await withTenant(t.db, b.tenantId, async (tx) => applyAsDistributor(tx, await buyer(tx), { name: "申请人", region: "R" }));
    const refused = await h.call(mount, "PATCH", `/api/v1/distributors/${applicant.code}`, { key: b.key, body: { status: "active", reason: "skip review" } });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: "UNPROCESSABLE", errors: { status: "invalid_transition" } });
  });

  it("never reads or changes another brand's distributors: 404, not 403", async () => {
    const a = await brandWithKey(t, "Brand A");
    const b = await brandWithKey(t, "Brand B");
    const inB = (await (await post(b.key, { name: "B 的", phone: phone() })).json()) as { code: string };
    const read = await h.call(mount, "GET", `/api/v1/distributors/${inB.code}`, { key: a.key });
    expect(read.status).toBe(404);
    const change = await h.call(mount, "PATCH", `/api/v1/distributors/${inB.code}`, { key: a.key, body: { status: "frozen", reason: "not yours" } });
    expect(change.status).toBe(404);
    // B's code is no upline in brand A.
    const under = await post(a.key, { name: "A 的", phone: phone(), uplineCode: inB.code });
    expect(await under.json()).toMatchObject({ status: 422, errors: { uplineCode: "not_found" } });
    expect(await (await h.call(mount, "GET", `/api/v1/distributors/${inB.code}`, { key: b.key })).json()).toMatchObject({ status: "active" });
  });
});
