/**
 * POST /api/v1/distributors/{code}/payouts through both mounts: recorded (201), idempotent on
 * reference (same body → the first response; other body → 409), 422 above available, 404 for
 * another brand's code, 400 naming bad fields, tax by_brand vs by_platform.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain } from "@/server/network/test-helpers";
import { fundAvailable } from "@/server/payouts/external/testing";
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

async function setup(availableFen = 1_000_000) {
  const b = await brandWithKey(t);
  const [d] = await chain(t.db, b.tenantId, ["外部发放"]);
  await fundAvailable(t.db, b.tenantId, d!.id, availableFen);
  return { ...b, code: d!.code, distributorId: d!.id };
}

const body = (over: Record<string, unknown> = {}) => ({ amountFen: 300_000, reference: "PAYROLL-1", paidAt: "2026-11-30T23:30:00+08:00", taxWithheld: "by_brand", ...over });

describe.each(MOUNTS)("POST /api/v1/distributors/{code}/payouts through the %s", (mount) => {
  const post = (key: string, code: string, b: unknown, headers?: Record<string, string>) =>
    h.call(mount, "POST", `/api/v1/distributors/${code}/payouts`, { key, body: b, headers });

  it("records a payout with the brand's tax, and the same reference and body answer the first response", async () => {
    const b = await setup();
    const res = await post(b.key, b.code, body());
    expect(res.status).toBe(201);
    const first = (await res.json()) as Record<string, unknown>;
    expect(first).toMatchObject({
      distributorCode: b.code,
      amountFen: 300_000,
      taxFen: 44_000,
      netFen: 256_000,
      taxMethod: "labour",
      taxMonth: "2026-11",
      taxNote: null,
      taxWithheld: "by_brand",
      reference: "PAYROLL-1",
      paidAt: "2026-11-30T15:30:00.000Z",
    });
    expect(res.headers.get("location")).toBe(`/api/v1/withdrawals/${first.id as string}`);
    const again = await post(b.key, b.code, body({ paidAt: "2026-11-30T15:30:00Z" }));
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(first);
    const conflict = await post(b.key, b.code, body({ amountFen: 300_001 }));
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("content-type")).toContain("application/problem+json");
    expect(await conflict.json()).toMatchObject({ code: "CONFLICT", errors: { reference: "reused" } });
    const n = rowsOf<{ n: number }>(await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select count(*)::int as n from withdrawals`)));
    expect(n).toEqual([{ n: 1 }]);
    const bal = (await (await h.call(mount, "GET", `/api/v1/distributors/${b.code}`, { key: b.key })).json()) as { balances: { availableFen: number } };
    expect(bal.balances.availableFen).toBe(700_000);
  });

  it("by_platform is not withheld by the brand", async () => {
    const b = await setup();
    const res = await post(b.key, b.code, body({ taxWithheld: "by_platform" }));
    expect(await res.json()).toMatchObject({ taxFen: 0, netFen: 300_000, taxMethod: "not_withheld", taxNote: "withheld_by_platform" });
  });

  it("422 above available, 404 for another brand's code, 400 naming each bad field — and nothing written", async () => {
    const b = await setup(100_000);
    const over = await post(b.key, b.code, body({ amountFen: 100_001 }));
    expect(over.status).toBe(422);
    expect(await over.json()).toMatchObject({ code: "UNPROCESSABLE", errors: { amountFen: "exceeds_available" } });
    const other = await setup();
    const foreign = await post(b.key, other.code, body({ reference: "X-1" }));
    expect(foreign.status).toBe(404);
    const bad = await post(b.key, b.code, { amountFen: -1, reference: "", paidAt: "yesterday", taxWithheld: "nobody", extra: 1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      errors: { amountFen: "too_small", reference: "too_small", paidAt: "invalid_format", taxWithheld: "invalid_value", extra: "unrecognized_key" },
    });
    const future = await post(b.key, b.code, body({ paidAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(await future.json()).toMatchObject({ status: 400, errors: { paidAt: "in_future" } });
    for (const brand of [b, other]) {
      const rows = rowsOf(await withTenant(t.db, brand.tenantId, (tx) => tx.execute(sql`select 1 from withdrawals`)));
      expect(rows).toEqual([]);
    }
  });
});
