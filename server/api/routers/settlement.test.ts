/**
 * The settlement panel through tRPC: counts and sums per status, what is due, the trial balance,
 * and "run settlement now" — the sweeper's service for the active brand, refused without
 * settlement.manage, audited, harmless to repeat.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, orderInput, sendEvent } from "@/server/orders/testing";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { staffInRole } from "@/server/testing/staff-roles";
import { updateProgramSettings } from "@/server/tenancy/settings";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function brandWithOrder() {
  const brand = await createBrandFixture(t, "Settle Brand");
  await withTenant(t.db, brand.tenantId, (tx) =>
    updateProgramSettings(tx, ADMIN, { commissionLevels: 2, afterSalesDays: 0, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" }),
  );
  await addRule(t, brand.tenantId, FLAT_RULE);
  const [, D] = await chain(t.db, brand.tenantId, ["Up", "D"]);
  const o = orderInput({ paidAt: new Date(Date.now() - 3_600_000).toISOString(), referralCode: D!.code, items: [{ sku: "X", quantity: 1, amountFen: 20_000 }] });
  await ingest(t, brand.tenantId, [o]);
  const owner = (await staffCaller(t, brand.ownerUserId, brand.tenantId)).caller;
  return { brand, o, owner };
}

describe("settlement panel", () => {
  it("counts commissions per status and shows the trial balance", async () => {
    const { owner } = await brandWithOrder();
    const s = await owner.settlement.status();
    expect(s.commissions).toEqual({
      pending: { count: 2, amountFen: 2_000 + 1_000 },
      held: { count: 0, amountFen: 0 },
      settled: { count: 0, amountFen: 0 },
      cancelled: { count: 0, amountFen: 0 },
    });
    // Not completed yet: nothing is due.
    expect(s.due).toEqual({ count: 0, amountFen: 0 });
    expect(s.ledger.accounts).toMatchObject({ pending: 3_000, available: 0, commission_expense: 3_000, arrears: 0 });
    expect(s.ledger.imbalanceFen).toBe(0);
  });

  it("runs the due settlement for the brand: refused without settlement.manage, audited, harmless twice", async () => {
    const { brand, o, owner } = await brandWithOrder();
    const other = await brandWithOrder();
    for (const b of [{ brand, o }, other]) {
      await sendEvent(t, b.brand.tenantId, b.o, { type: "completed", at: new Date(Date.now() - 60_000).toISOString() });
    }
    expect((await owner.settlement.status()).due).toEqual({ count: 2, amountFen: 3_000 });

    const risk = await staffInRole(t, brand, "risk");
    expect(await outcomeOf(risk.caller.settlement.run())).toBe("FORBIDDEN");
    // The risk reviewer reads the panel (orders.read) but cannot run it.
    expect((await risk.caller.settlement.status()).commissions.pending.count).toBe(2);

    const finance = await staffInRole(t, brand, "finance");
    expect(await finance.caller.settlement.run()).toEqual({ commissions: 2, journals: 2, settledFen: 3_000, offsetFen: 0 });
    const after = await owner.settlement.status();
    expect(after.commissions.settled).toEqual({ count: 2, amountFen: 3_000 });
    expect(after.commissions.pending).toEqual({ count: 0, amountFen: 0 });
    expect(after.due.count).toBe(0);
    expect(after.ledger.accounts).toMatchObject({ pending: 0, available: 3_000, commission_expense: 3_000 });
    expect(after.ledger.imbalanceFen).toBe(0);

    const audit = rowsOf<{ action: string; actor_id: string; data: { commissions: number } }>(
      await withTenant(t.db, brand.tenantId, (tx) => tx.execute(sql`select action, actor_id, data from audit_logs where action = 'settlement.run'`)),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "settlement.run", actor_id: finance.userId, data: { commissions: 2, settledFen: 3_000 } });

    expect((await owner.settlement.run()).commissions).toBe(0);
    // The other brand's due commissions were not touched.
    const otherOwner = other.owner;
    expect((await otherOwner.settlement.status()).due.count).toBe(2);
  });
});
