/**
 * Property: a month's team bonus equals an independent recomputation from the settled sales —
 * the team worked out from the generated tree (self and descendants within the commission
 * levels), each order's net after refunds, the ladder applied by hand.
 */
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors, teamBonusStatements } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { adminCreateDistributor } from "@/server/network/distributors";
import { ADMIN, nextPhone } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput, sendEvent } from "@/server/orders/testing";
import { DEFAULT_INCENTIVE_SETTINGS, updateIncentiveSettings } from "../levels/settings";
import { closeMonth } from "../month-close";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const MONTHS = ["2026-09", "2026-10", "2026-11"] as const;

const scenario = fc.record({
  levels: fc.integer({ min: 1, max: 3 }),
  /** parents[i] = index of node i+1's upline among 0..i (node 0 is the team lead). */
  parents: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  orders: fc.array(
    fc.record({
      seller: fc.nat(),
      amountFen: fc.integer({ min: 1, max: 25_000_000 }),
      month: fc.constantFrom(...MONTHS),
      refundFen: fc.nat(),
      refund: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});

const byHand = (gmv: number) => Math.floor((gmv * (gmv >= 30_000_000 ? 200 : gmv >= 10_000_000 ? 100 : 0)) / 10_000);

describe("team bonus property", () => {
  it("equals a recomputation from settled sales", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ levels, parents, orders }) => {
        const tenantId = await moneyBrand(t, { commissionLevels: levels, afterSalesDays: 0 });
        await addRule(t, tenantId, FLAT_RULE);
        const nodes: { id: string; code: string; depth: number }[] = [];
        await withTenant(t.db, tenantId, async (tx) => {
          await updateIncentiveSettings(tx, ADMIN, {
            ...DEFAULT_INCENTIVE_SETTINGS,
            teamLeadLadder: [
              { minFen: 10_000_000, rateBp: 100 },
              { minFen: 30_000_000, rateBp: 200 },
            ],
          });
          const lead = await adminCreateDistributor(tx, ADMIN, { name: "Lead", phone: nextPhone(), role: "team_lead" });
          nodes.push({ id: lead.id, code: lead.code, depth: 0 });
          for (const p of parents) {
            const up = nodes[p % nodes.length]!;
            const d = await adminCreateDistributor(tx, ADMIN, { name: `N${nodes.length}`, phone: nextPhone(), uplineCode: up.code });
            nodes.push({ id: d.id, code: d.code, depth: up.depth + 1 });
          }
        });
        let expectedGmv = 0;
        for (const o of orders) {
          const seller = nodes[o.seller % nodes.length]!;
          const input = orderInput({
            referralCode: seller.code,
            items: [{ sku: "SKU-1", quantity: 1, amountFen: o.amountFen }],
            status: "completed",
            paidAt: `${o.month}-05T04:00:00.000Z`,
            completedAt: `${o.month}-12T04:00:00.000Z`,
          });
          await ingest(t, tenantId, [input]);
          const refund = o.refund ? Math.min(o.amountFen, o.refundFen % (o.amountFen + 1)) : 0;
          if (refund > 0) {
            await sendEvent(t, tenantId, input, { type: "refund", refundId: "r", items: [{ sku: "SKU-1", amountFen: refund }], at: new Date().toISOString() });
          }
          // The lead sits in tiers 1..levels of its own and its descendants' first `levels - 1` levels.
          if (o.month === "2026-10" && seller.depth < levels) expectedGmv += o.amountFen - refund;
        }
        await withTenant(t.db, tenantId, (tx) => closeMonth(tx, tenantId, "2026-10", { now: new Date() }));
        const rows = await withTenant(t.db, tenantId, (tx) =>
          tx.select().from(teamBonusStatements).where(eq(teamBonusStatements.distributorId, nodes[0]!.id)),
        );
        const got = rows[0] ?? { gmvFen: 0, bonusFen: 0 };
        expect(got.gmvFen).toBe(expectedGmv);
        expect(got.bonusFen).toBe(byHand(expectedGmv));
        // Nobody else is a team lead: one statement at most.
        const all = await withTenant(t.db, tenantId, (tx) => tx.select({ d: teamBonusStatements.distributorId }).from(teamBonusStatements));
        expect(all.every((r) => r.d === nodes[0]!.id)).toBe(true);
        const lead = await withTenant(t.db, tenantId, (tx) => tx.select({ role: distributors.role }).from(distributors).where(eq(distributors.id, nodes[0]!.id)));
        expect(lead[0]!.role).toBe("team_lead");
      }),
      { numRuns: 8 },
    );
  }, 240_000);
});
