/**
 * Outside payouts racing each other (meaningful on real Postgres: TEST_DATABASE_URL; on PGlite
 * the transactions simply run one after another). Many payouts for one distributor at once
 * never overdraw `available`, and the month's tax over all of them equals the tax on their sum
 * (each one saw the others through the distributor lock); the same reference sent at once
 * records one payout.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant } from "@/db/testing/test-db";
import { balancesOfOne, ledgerSummary } from "@/server/ledger/balances";
import { chain } from "@/server/network/test-helpers";
import { outcomeOf } from "@/server/testing/outcomes";
import { labourTax } from "../tax/labour";
import { recordExternalPayout } from "./record";
import { fundAvailable } from "./testing";

let t: Database;
const STAFF = { type: "api" as const, id: null };
const paidAt = new Date("2026-11-20T02:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("concurrent outside payouts", () => {
  it("20 × ¥100 at once on ¥1,000: exactly 10 recorded, never negative, the month's tax is the tax on ¥1,000", async () => {
    const tenantId = (await createTestTenant(t.db)).id;
    const [d] = await chain(t.db, tenantId, ["Racer"]);
    await fundAvailable(t.db, tenantId, d!.id, 100_000);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        outcomeOf(
          withTenant(t.db, tenantId, (tx) =>
            recordExternalPayout(tx, STAFF, { distributorId: d!.id }, { amountFen: 10_000, reference: `RACE-${i}`, paidAt, taxWithheld: "by_brand" }),
          ),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
    expect(outcomes.filter((o) => o !== "ok").every((o) => o === "UNPROCESSABLE")).toBe(true);
    const state = await withTenant(t.db, tenantId, async (tx) => ({
      balances: await balancesOfOne(tx, d!.id),
      ledger: await ledgerSummary(tx),
      tax: rowsOf<{ tax: number; n: number }>(await tx.execute(sql`select sum(tax_fen)::int as tax, count(*)::int as n from tax_withholdings`))[0],
    }));
    expect(state.balances.availableFen).toBe(0);
    expect(state.ledger.imbalanceFen).toBe(0);
    // ¥1,000 in the month: (1,000 − 800) × 20% = ¥40, however the ten payouts interleaved.
    expect(state.tax).toEqual({ tax: labourTax(100_000).taxFen, n: 10 });
    expect(state.ledger.accounts.tax_payable).toBe(4_000);
  });

  it("the same reference sent 5 times at once records one payout; every answer is that payout", async () => {
    const tenantId = (await createTestTenant(t.db)).id;
    const [d] = await chain(t.db, tenantId, ["Twice"]);
    await fundAvailable(t.db, tenantId, d!.id, 1_000_000);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        withTenant(t.db, tenantId, (tx) =>
          recordExternalPayout(tx, STAFF, { distributorId: d!.id }, { amountFen: 300_000, reference: "SAME", paidAt, taxWithheld: "by_brand" }),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.payout.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const b = await withTenant(t.db, tenantId, (tx) => balancesOfOne(tx, d!.id));
    expect(b.availableFen).toBe(700_000);
  });
});
