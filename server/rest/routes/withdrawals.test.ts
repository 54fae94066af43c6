import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { requestWithdrawal } from "@/server/payouts/withdrawals/request";
import { rejectWithdrawal } from "@/server/payouts/withdrawals/review";
import { fundedDistributor } from "@/server/payouts/withdrawals/testing";
import { brandWithKey, MOUNTS, restHarness, type Harness } from "../testing";

let t: Database;
let h: Harness;
let A: Awaited<ReturnType<typeof brandWithKey>>;
let B: Awaited<ReturnType<typeof brandWithKey>>;
let d1: { id: string; code: string };
let d2: { id: string; code: string };
const ids = { first: "", second: "", other: "", b: "" };

beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t);
  A = await brandWithKey(t, "RA");
  B = await brandWithKey(t, "RB");
  d1 = await fundedDistributor(t.db, A.tenantId, 100_000);
  d2 = await fundedDistributor(t.db, A.tenantId, 100_000);
  const bD = await fundedDistributor(t.db, B.tenantId, 100_000);
  const req = (tenantId: string, d: string, amountFen: number) => withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, d, { channel: "bank", amountFen }));
  ids.first = (await req(A.tenantId, d1.id, 10_000)).id;
  ids.second = (await req(A.tenantId, d1.id, 20_000)).id;
  ids.other = (await req(A.tenantId, d2.id, 30_000)).id;
  ids.b = (await req(B.tenantId, bD.id, 5_000)).id;
  await withTenant(t.db, A.tenantId, (tx) => rejectWithdrawal(tx, A.tenantId, ids.first, "账户不符", { type: "staff", id: A.ownerUserId }));
});
afterAll(async () => {
  await h.close();
  await t.close();
});

describe.each(MOUNTS)("/api/v1/withdrawals through the %s", (mount) => {
  const get = (key: string, path: string) => h.call(mount, "GET", path, { key });

  it("lists the brand's withdrawals, filtered by distributor code and status", async () => {
    const all = (await (await get(A.key, "/api/v1/withdrawals")).json()) as { items: { id: string }[] };
    expect(all.items.map((i) => i.id).sort()).toEqual([ids.first, ids.second, ids.other].sort());
    const mine = (await (await get(A.key, `/api/v1/withdrawals?distributorCode=${d1.code}`)).json()) as { items: { id: string; distributorCode: string }[] };
    expect(mine.items.map((i) => i.id)).toEqual([ids.second, ids.first]);
    const rejected = (await (await get(A.key, `/api/v1/withdrawals?distributorCode=${d1.code}&status=rejected`)).json()) as { items: unknown[] };
    expect(rejected.items).toEqual([
      expect.objectContaining({ id: ids.first, status: "rejected", reason: "账户不符", amountFen: 10_000, distributorCode: d1.code, payeeAccountMasked: "**** 1111" }),
    ]);
    expect(JSON.stringify(all)).not.toContain("payeeAccountEnc");
  });

  it("reads one withdrawal with its timeline", async () => {
    const res = await get(A.key, `/api/v1/withdrawals/${ids.first}`);
    expect(res.status).toBe(200);
    const w = (await res.json()) as { timeline: unknown[]; requestedAt: string };
    expect(w.timeline).toEqual([
      { fromStatus: null, toStatus: "reviewing", actorType: "distributor", reason: null, at: expect.any(String) as unknown },
      { fromStatus: "reviewing", toStatus: "rejected", actorType: "staff", reason: "账户不符", at: expect.any(String) as unknown },
    ]);
    expect(w.requestedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("404s another brand's withdrawal, an unknown id or code; 400s a bad status", async () => {
    for (const path of [`/api/v1/withdrawals/${ids.b}`, "/api/v1/withdrawals/not-a-uuid", "/api/v1/withdrawals?distributorCode=NOSUCH"]) {
      const res = await get(A.key, path);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const b = (await (await get(B.key, "/api/v1/withdrawals")).json()) as { items: { id: string }[] };
    expect(b.items.map((i) => i.id)).toEqual([ids.b]);
    const bad = await get(A.key, "/api/v1/withdrawals?status=lost");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { status: "invalid_value" } });
  });
});
