/**
 * Property tests over random lives of orders (fast-check): random orders, then random
 * completions, refunds (partial, by amount or units, too large), cancellations and settlement
 * runs, checked against an independent model written from DOMAIN.md §3–§4 — not from the code.
 *
 * After every life: each distributor's balances equal the model's to the fen; every journal
 * sums to zero; cached balances equal the sum of their postings; nothing is negative; no
 * commission exceeds what its line's final base earns; and replaying every event three times
 * in shuffled order changes nothing.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ledgerSummary, type Balances } from "@/server/ledger/balances";
import { chain } from "@/server/network/test-helpers";
import { settleAll } from "@/server/settlement/run";
import { outcomeOf } from "@/server/testing/outcomes";
import type { OrderEvent, OrderInput } from "./schemas";
import { addRule, balances, ingest, moneyBrand, orderInput, sendEvent, view } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const DAY = 86_400_000;
const PAID = Date.now() - 60 * DAY;

// The brand's terms, restated here for the model: tier 1 10% + a stackable 1%, tier 2 5%,
// tier 3 ¥0.30 a unit.
const floorBp = (base: number, bp: number) => Math.floor((base * bp) / 10_000);
function modelEarns(tier: 1 | 2 | 3, base: number, units: number): number[] {
  if (tier === 1) return [floorBp(base, 1000), floorBp(base, 100)];
  if (tier === 2) return [floorBp(base, 500)];
  return [30 * units];
}

type LineGen = { amount: number; qty: number };
const lifeArb = fc.record({
  orders: fc.array(fc.array(fc.record({ amount: fc.integer({ min: 1, max: 50_000 }), qty: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 4,
  }),
  actions: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant("complete" as const), order: fc.nat(3) }),
      fc.record({ kind: fc.constant("cancel" as const), order: fc.nat(3) }),
      fc.record({
        kind: fc.constant("refund" as const),
        order: fc.nat(3),
        line: fc.nat(2),
        amount: fc.integer({ min: 0, max: 60_000 }),
        qty: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      }),
      fc.record({ kind: fc.constant("settle" as const) }),
    ),
    { maxLength: 14 },
  ),
});

interface ModelLine {
  sku: string;
  amount: number;
  qty: number;
  refunded: number;
  refundedQty: number;
}
interface ModelOrder {
  input: OrderInput;
  status: "paid" | "completed" | "cancelled";
  lines: ModelLine[];
  /** Per line, per tier: [commission amounts now], and whether settled / cancelled. */
  commissions: { line: number; tier: 1 | 2 | 3; slot: number; amount: number; status: "pending" | "settled" | "cancelled"; settledAt: number }[];
}

describe("money properties", () => {
  it("balances follow an independent model through any life of orders, and replays change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(lifeArb, async ({ orders: orderGens, actions }) => {
        const tenantId = await moneyBrand(t, { commissionLevels: 3, afterSalesDays: 7 });
        await addRule(t, tenantId, { name: "base", priority: 0, stackable: false, match: {}, tiers: [{ tier: 1, rateBp: 1000 }, { tier: 2, rateBp: 500 }, { tier: 3, fixedFen: 30 }] });
        await addRule(t, tenantId, { name: "bonus", priority: 0, stackable: true, match: {}, tiers: [{ tier: 1, rateBp: 100 }] });
        const [A, B, C] = await chain(t.db, tenantId, ["A", "B", "C"]);
        const tierOf = { 1: C!.id, 2: B!.id, 3: A!.id } as const;

        const model: ModelOrder[] = orderGens.map((lines: LineGen[], i) => ({
          input: orderInput({
            referralCode: C!.code,
            paidAt: new Date(PAID + i * 1000).toISOString(),
            items: lines.map((l, j) => ({ sku: `S${j}`, quantity: l.qty, amountFen: l.amount })),
          }),
          status: "paid",
          lines: lines.map((l, j) => ({ sku: `S${j}`, amount: l.amount, qty: l.qty, refunded: 0, refundedQty: 0 })),
          commissions: [],
        }));
        for (const o of model) {
          o.lines.forEach((l, line) => {
            for (const tier of [1, 2, 3] as const) {
              modelEarns(tier, l.amount, l.qty).forEach((amount, slot) => {
                if (amount > 0) o.commissions.push({ line, tier, slot, amount, status: "pending", settledAt: 0 });
              });
            }
          });
        }
        await ingest(t, tenantId, model.map((o) => o.input));

        const bal = new Map<string, Balances>([A!.id, B!.id, C!.id].map((id) => [id, { pendingFen: 0, heldFen: 0, availableFen: 0, withdrawingFen: 0, arrearsFen: 0 }]));
        for (const o of model) for (const c of o.commissions) bal.get(tierOf[c.tier])!.pendingFen += c.amount;

        const sent: { order: ModelOrder; event: OrderEvent }[] = [];
        let refundSeq = 0;
        for (const a of actions) {
          if (a.kind === "settle") {
            await settleAll(t.db, { tenantId, now: new Date(Date.now() + 365 * DAY) });
            const due = new Map<string, number>();
            for (const o of model) {
              if (o.status !== "completed") continue;
              for (const c of o.commissions.filter((c) => c.status === "pending")) {
                c.status = "settled";
                due.set(tierOf[c.tier], (due.get(tierOf[c.tier]) ?? 0) + c.amount);
              }
            }
            for (const [id, total] of due) {
              const b = bal.get(id)!;
              const offset = Math.min(total, b.arrearsFen);
              b.pendingFen -= total;
              b.arrearsFen -= offset;
              b.availableFen += total - offset;
            }
            continue;
          }
          const o = model[a.order % model.length]!;
          const at = new Date(PAID + DAY).toISOString();
          if (a.kind === "complete") {
            const event: OrderEvent = { type: "completed", at };
            const expected = o.status === "cancelled" ? "UNPROCESSABLE" : "ok";
            expect(await outcomeOf(sendEvent(t, tenantId, o.input, event))).toBe(expected);
            if (o.status === "paid") o.status = "completed";
            sent.push({ order: o, event });
          } else if (a.kind === "cancel") {
            const event: OrderEvent = { type: "cancelled", at };
            const expected = o.status === "completed" ? "UNPROCESSABLE" : "ok";
            expect(await outcomeOf(sendEvent(t, tenantId, o.input, event))).toBe(expected);
            if (o.status === "paid") {
              o.status = "cancelled";
              for (const c of o.commissions.filter((c) => c.status === "pending")) {
                bal.get(tierOf[c.tier])!.pendingFen -= c.amount;
                c.amount = 0;
                c.status = "cancelled";
              }
            }
            sent.push({ order: o, event });
          } else {
            const line = o.lines[a.line % o.lines.length]!;
            const lineNo = o.lines.indexOf(line);
            const leftFen = line.amount - line.refunded;
            const leftQty = line.qty - line.refundedQty;
            const event: OrderEvent = { type: "refund", refundId: `R${++refundSeq}`, items: [{ sku: line.sku, amountFen: a.amount, ...(a.qty ? { quantity: a.qty } : {}) }], at };
            const fits = o.status !== "cancelled" && a.amount <= leftFen && (a.qty === null || a.qty <= leftQty);
            expect(await outcomeOf(sendEvent(t, tenantId, o.input, event))).toBe(fits ? "ok" : "UNPROCESSABLE");
            if (!fits) continue;
            line.refunded += a.amount;
            line.refundedQty += a.qty ?? (a.amount === leftFen ? leftQty : 0);
            for (const c of o.commissions.filter((c) => c.line === lineNo && c.status !== "cancelled")) {
              const now = modelEarns(c.tier, line.amount - line.refunded, line.qty - line.refundedQty)[c.slot]!;
              const cut = c.amount - now;
              c.amount = now;
              const b = bal.get(tierOf[c.tier])!;
              if (c.status === "pending") {
                b.pendingFen -= cut;
                if (now === 0) c.status = "cancelled";
              } else {
                const fromAvailable = Math.min(cut, b.availableFen);
                b.availableFen -= fromAvailable;
                b.arrearsFen += cut - fromAvailable;
              }
            }
            sent.push({ order: o, event });
          }
        }

        const check = async () => {
          for (const [id, expected] of bal) expect(await balances(t, tenantId, id)).toEqual(expected);
          await withTenant(t.db, tenantId, async (tx) => {
            const summary = await ledgerSummary(tx);
            expect(summary.imbalanceFen).toBe(0);
            for (const v of Object.values(summary.accounts)) expect(v).toBeGreaterThanOrEqual(0);
            const unbalanced = rowsOf(await tx.execute(sql`select journal_id from ledger_postings group by journal_id having sum(amount_fen) <> 0`));
            expect(unbalanced).toEqual([]);
            const drift = rowsOf(
              await tx.execute(sql`
                select a.id from ledger_accounts a
                left join ledger_postings p on p.account_id = a.id
                where a.distributor_id is not null
                group by a.id, a.type, a.balance_fen
                having a.balance_fen <> coalesce(sum(case when a.type = 'arrears' then p.amount_fen else -p.amount_fen end), 0)`),
            );
            expect(drift).toEqual([]);
            // The order's own refund total (what the month close and the dashboard read) follows its lines.
            const refunded = rowsOf<{ external_id: string; refunded_fen: string | number }>(await tx.execute(sql`select external_id, refunded_fen from orders`));
            const byId = new Map(refunded.map((r) => [r.external_id, Number(r.refunded_fen)]));
            for (const o of model) expect(byId.get(o.input.externalId)).toBe(o.lines.reduce((s, l) => s + l.refunded, 0));
          });
          for (const o of model) {
            const v = await view(t, tenantId, o.input);
            for (const c of v.commissions) {
              const line = o.lines.find((l) => l.sku === c.sku)!;
              const cap = Math.max(...modelEarns(c.tier as 1 | 2 | 3, line.amount - line.refunded, line.qty - line.refundedQty));
              expect(c.amountFen).toBeLessThanOrEqual(cap);
            }
            expect(v.commissions.map((c) => c.amountFen).sort((x, y) => x - y)).toEqual(o.commissions.map((c) => c.amount).sort((x, y) => x - y));
          }
        };
        await check();

        // Every event again, three times, in shuffled order: all replays, nothing moves.
        const replays = [...sent, ...sent, ...sent].sort(() => Math.random() - 0.5);
        for (const { order, event } of replays) await outcomeOf(sendEvent(t, tenantId, order.input, event));
        await ingest(t, tenantId, model.map((o) => o.input));
        await check();
      }),
      { numRuns: 20 },
    );
    // Twenty whole lives of orders against a database: minutes, not the default 30 s, on a busy machine.
  }, 300_000);
});
