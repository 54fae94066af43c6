/**
 * A bank batch moves thousands of withdrawals to paying in a few statements (markPayingMany).
 * Each payout's tax depends on the payouts fixed before it in the month (labour) or the year
 * (cumulative), so the batch must fix exactly what one markPaying after another would: same tax,
 * net amount, month, method and computation shown to the distributor.
 */
import fc from "fast-check";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Tx } from "@/db/client";
import { withdrawals } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { approvedWithdrawal, payee, payoutBrand, STAFF } from "@/server/payouts/providers/testing";
import { markPaying, markPayingMany, type WithdrawalRow } from "./transitions";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

class Rollback extends Error {
  constructor(readonly rows: WithdrawalRow[]) {
    super("rollback");
  }
}

/** Runs `fix` on the brand's approved bank withdrawals and rolls it back, returning what it fixed. */
async function tryFix(tenantId: string, fix: (tx: Tx, rows: WithdrawalRow[]) => Promise<WithdrawalRow[]>) {
  try {
    await withTenant(t.db, tenantId, async (tx) => {
      const rows = await tx.select().from(withdrawals).where(and(eq(withdrawals.status, "approved"), eq(withdrawals.channel, "bank"))).orderBy(asc(withdrawals.approvedAt), asc(withdrawals.id)).for("update");
      throw new Rollback(await fix(tx, rows));
    });
  } catch (e) {
    if (e instanceof Rollback) return e.rows.map((w) => ({ id: w.id, status: w.status, taxFen: w.taxFen, netFen: w.netFen, taxMonth: w.taxMonth, taxMethod: w.taxMethod, taxNote: w.taxNote, taxDetail: w.taxDetail }));
    throw e;
  }
  throw new Error("unreachable");
}

describe("markPayingMany", () => {
  it("fixes the same taxes as one markPaying after another (labour and cumulative, earlier payouts in the month)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("labour", "cumulative"),
        // [distributor index, amount in fen] under the two-approver threshold; the first one is paid
        // out before the batch, so the month has an earlier payout.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 10_000, max: 999_999 })), { minLength: 2, maxLength: 5 }),
        async (method, requests) => {
          const tenantId = await payoutBrand(t);
          await withTenant(t.db, tenantId, (tx) => tx.execute(sql`update payout_settings set tax_method = ${method}::tax_method`));
          const ds = [await payee(t, tenantId, 20_000_000), await payee(t, tenantId, 20_000_000)];
          const made: { id: string }[] = [];
          for (const [d, amount] of requests) made.push(await approvedWithdrawal(t, tenantId, ds[d]!.id, "bank", amount));
          await withTenant(t.db, tenantId, (tx) => markPaying(tx, tenantId, made[0]!.id, STAFF));

          const many = await tryFix(tenantId, (tx, rows) => markPayingMany(tx, tenantId, rows, STAFF));
          const oneByOne = await tryFix(tenantId, async (tx, rows) => {
            const out = [];
            for (const r of rows) out.push((await markPaying(tx, tenantId, r.id, STAFF)).withdrawal);
            return out;
          });
          expect(many).toHaveLength(requests.length - 1);
          expect(many).toEqual(oneByOne);
          expect(many.every((w) => w.status === "paying" && w.taxMethod === method)).toBe(true);
        },
      ),
      { numRuns: 6 },
    );
  });

  it("refuses a withdrawal that is not approved, changing nothing", async () => {
    const tenantId = await payoutBrand(t);
    const d = await payee(t, tenantId, 1_000_000);
    const w = await approvedWithdrawal(t, tenantId, d.id, "bank", 10_000);
    await withTenant(t.db, tenantId, (tx) => markPaying(tx, tenantId, w.id, STAFF));
    const row = await withTenant(t.db, tenantId, async (tx) => (await tx.select().from(withdrawals).where(eq(withdrawals.id, w.id)))[0]!);
    await expect(withTenant(t.db, tenantId, (tx) => markPayingMany(tx, tenantId, [row], STAFF))).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
