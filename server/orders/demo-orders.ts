/**
 * Demo orders for the demo brand: ~20,000 orders over the last 90 days across channels, with
 * completions, refunds (partial and full, some after settlement), cancellations, settlement and
 * a few distributors in arrears, so every page has real content on the first start.
 *
 * Generated deterministically (seeded) and written through the real services — ingest in batches
 * of 1,000, order events, the settlement sweep — so the ledger is exactly what production would
 * post. Withdrawals too go through the real flow (server/payouts/withdrawals/demo-withdrawals.ts).
 * Idempotent: a brand whose demo orders are done gets none, and one whose seed was stopped halfway
 * (a first start interrupted) has it finished on the next call (demo-progress.ts).
 *
 * Cost on PGlite (2 shared cores, 2026-12-06): 20,000 orders in 51 s, 5,000 in 12 s, ingest
 * and refunds included, so the first start seeds the whole 20,000 (env DEMO_ORDERS, printing
 * its progress). It was 655 s before ingest went set-based, when the default was 5,000.
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { OrderChannel } from "@/db/kinds";
import { rowsOf, withTenant } from "@/db/tenant";
import { createRule } from "@/server/commission/rules";
import type { RuleInput } from "@/server/commission/schemas";
import { DEMO_PRODUCTS } from "@/server/promotion/demo-catalogue";
import { settleTenant } from "@/server/settlement/run";
import { seededRandom } from "@/server/shared/seeded-random";
import { demoWithdrawals, type DemoOutcome } from "@/server/payouts/withdrawals/demo-withdrawals";
import { codesDigest, demoProgress, markDemo } from "./demo-progress";
import { applyOrderEvent } from "./events";
import { ingestOrders } from "./ingest";
import type { OrderEvent, OrderInput } from "./schemas";

const SYSTEM = { type: "system", id: null } as const;
const QUEUE_STATES: DemoOutcome[] = ["paid", "approved", "reviewing", "approved", "rejected", "reviewing"];
const DAY = 86_400_000;
const HOUR = 3_600_000;
export const DEMO_ORDER_COUNT = 20_000;
const BATCH = 1_000;

/** Channel mix of a brand selling on the big marketplaces and its own mini program. */
const CHANNELS: [OrderChannel, number][] = [
  ["tmall", 0.26],
  ["jd", 0.18],
  ["pdd", 0.14],
  ["douyin", 0.18],
  ["wechat_channels", 0.1],
  ["mini_program", 0.14],
];
const PREFIX: Record<string, string> = { tmall: "TM", jd: "JD", pdd: "PDD", douyin: "DY", wechat_channels: "WXC", mini_program: "MP" };

/** The demo's commission rules, made only when the brand has none. */
const DEMO_RULES: RuleInput[] = [
  { name: "全场基础 / Base", priority: 0, stackable: false, match: {}, tiers: [{ tier: 1, rateBp: 1000 }, { tier: 2, rateBp: 500 }, { tier: 3, rateBp: 200 }] },
  { name: "茶叶加码 / Tea", priority: 10, stackable: false, match: { categories: ["茶叶"] }, tiers: [{ tier: 1, rateBp: 1500 }, { tier: 2, rateBp: 600 }, { tier: 3, rateBp: 200 }] },
  { name: "礼盒每件奖励 / Gift box bonus", priority: 0, stackable: true, match: { skus: ["HB-TEA-GIFT"] }, tiers: [{ tier: 1, fixedFen: 1_000 }] },
];

/** What happens to a generated order after it is ingested. */
export type DemoFate =
  | { kind: "none" }
  | { kind: "cancel" }
  /** Refunded while its commission is pending (before the sweep). */
  | { kind: "refund"; at: Date; full: boolean }
  /** Refunded after settlement (after the sweep and the payouts): the clawback. */
  | { kind: "late_refund"; at: Date };

export interface DemoOrder {
  input: OrderInput;
  fate: DemoFate;
  /** Index of the distributor whose code it carries, or null (a repeat buyer without a code). */
  distributor: number | null;
}

/**
 * The orders, oldest first. Distributors are weighted 1/rank (Zipf), so a few top distributors
 * sell most; a third of the buyers come back, half of those without a code (their binding
 * attributes them). Completed ≈ 70%, cancelled ≈ 4.5%, refunded ≈ 5% (a sixth of them after
 * settlement); recent orders are still paid and not yet completed. Refunds are few on purpose:
 * each is its own event (about a dozen statements), the slow part of seeding on PGlite.
 */
export function generateDemoOrders(opts: { count: number; distributorCodes: string[]; now: Date; days?: number; seed?: number }): DemoOrder[] {
  const rand = seededRandom(opts.seed ?? 20261202);
  const now = opts.now.getTime();
  const span = (opts.days ?? 90) * DAY;
  const codes = opts.distributorCodes;
  const weights = codes.map((_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  weights.reduce((s, w, i) => (cumulative[i] = s + w), 0);
  const totalWeight = cumulative.at(-1) ?? 0;
  const pickDistributor = () => {
    const x = rand() * totalWeight;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const pickChannel = () => {
    let x = rand();
    for (const [c, p] of CHANNELS) if ((x -= p) < 0) return c;
    return CHANNELS[0]![0];
  };
  const buyers: string[] = [];
  const newBuyer = () => {
    // 147 numbers: a data-only segment the demo network's distributors do not use.
    const phone = `147${String(10_000_000 + buyers.length * 4_447).slice(-8)}`;
    buyers.push(phone);
    return phone;
  };

  const paidTimes = Array.from({ length: opts.count }, () => now - rand() * span).sort((a, b) => a - b);
  return paidTimes.map((paid, i) => {
    const repeat = buyers.length > 50 && rand() < 0.33;
    const phone = repeat ? buyers[Math.floor(rand() * buyers.length)]! : newBuyer();
    const distributor = codes.length && !(repeat && rand() < 0.5) ? pickDistributor() : null;
    const channel = pickChannel();
    const lineCount = rand() < 0.7 ? 1 : rand() < 0.75 ? 2 : 3;
    const products = [...DEMO_PRODUCTS].sort(() => rand() - 0.5).slice(0, lineCount);
    const items = products.map((p) => {
      const quantity = rand() < 0.75 ? 1 : 2 + Math.floor(rand() * 2);
      // Marketplace coupons: 0–15% off, to the fen.
      const amountFen = Math.round(p.priceFen * quantity * (1 - Math.floor(rand() * 16) / 100));
      return { sku: p.sku, category: p.category, quantity, amountFen };
    });
    const completed = paid + (2 + rand() * 6) * DAY;
    const r = rand();
    let fate: DemoFate = { kind: "none" };
    let status: OrderInput["status"] = "paid";
    if (r < 0.045) {
      // Cancelled in ingest (the order arrives already cancelled): cancelledAt is its batch's time.
      status = "cancelled";
      fate = { kind: "cancel" };
    } else if (completed < now && r < 0.8) {
      status = "completed";
      const settleAfter = completed + 7 * DAY;
      const f = rand();
      if (f < 0.05) {
        const at = Math.min(now, completed + rand() * 6 * DAY);
        fate = { kind: "refund", at: new Date(at), full: rand() < 0.4 };
      } else if (f < 0.062 && settleAfter + DAY < now) {
        fate = { kind: "late_refund", at: new Date(settleAfter + rand() * (now - settleAfter)) };
      }
    }
    const input: OrderInput = {
      channel,
      externalId: `${PREFIX[channel]}${String(26_000_000 + i * 7).padStart(10, "0")}`,
      status,
      buyer: { identities: [{ kind: "phone", value: phone }] },
      referralCode: distributor === null ? null : codes[distributor]!,
      items,
      paidAt: new Date(paid).toISOString(),
      completedAt: status === "completed" ? new Date(completed).toISOString() : null,
    };
    return { input, fate, distributor };
  });
}

/** A partial refund takes back part of one line (a damaged item, a price adjustment). */
function refundEvent(o: DemoOrder, refundId: string, at: Date, full: boolean, rand: () => number): OrderEvent {
  const items = full
    ? o.input.items.map((l) => ({ sku: l.sku, amountFen: l.amountFen, quantity: l.quantity }))
    : [o.input.items[0]!].map((l) => ({ sku: l.sku, amountFen: Math.max(1, Math.floor(l.amountFen * (0.2 + rand() * 0.5))) }));
  return { type: "refund", refundId, items, at: at.toISOString() };
}

export interface DemoOrdersResult {
  orders: number;
  cancelled: number;
  refunds: number;
  lateRefunds: number;
  settledCommissions: number;
  inArrears: number;
  ms: number;
}

async function applyEvents(db: Db, tenantId: string, events: { orderId: string; event: OrderEvent }[]) {
  for (let i = 0; i < events.length; i += 500) {
    await withTenant(db, tenantId, async (tx) => {
      for (const e of events.slice(i, i + 500)) await applyOrderEvent(tx, { tenantId, source: "demo" }, e.orderId, e.event);
    });
  }
}

async function ensureRules(tx: Tx) {
  const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from commission_rules`));
  if (row && Number(row.n) > 0) return;
  for (const r of DEMO_RULES) await createRule(tx, SYSTEM, r);
}

/**
 * Seeds the brand's demo orders; null when it already has some. `log` gets progress lines.
 */
export async function seedDemoOrders(
  db: Db,
  tenantId: string,
  opts: { count?: number; now?: Date; log?: (line: string) => void; batch?: number } = {},
): Promise<DemoOrdersResult | null> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  if ((opts.count ?? DEMO_ORDER_COUNT) <= 0) return null;
  const prep = await withTenant(db, tenantId, async (tx) => {
    const progress = await demoProgress(tx);
    if (progress.finished) return null;
    const [seeded] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from (select 1 from orders where source = 'demo' limit 1) x`));
    // Demo orders with no record of a seed: seeded before the seed kept one, so done.
    if (!progress.started && seeded && Number(seeded.n) > 0) return null;
    await ensureRules(tx);
    const codes = rowsOf<{ code: string }>(await tx.execute(sql`select code from distributors where status = 'active' order by code`)).map((r) => r.code);
    return { progress, codes };
  });
  if (!prep) return null;
  const { progress, codes } = prep;
  const { started } = progress;
  // Another network than the one the stopped seed began with would make other orders.
  if (started && started.codes !== codesDigest(codes)) {
    log("the demo orders were stopped halfway and the network has changed since: not resumed");
    return null;
  }
  // A stopped seed resumes as it began: the same time and count make the same orders.
  const now = started ? new Date(started.now) : (opts.now ?? new Date());
  const count = started ? started.count : (opts.count ?? DEMO_ORDER_COUNT);
  if (started) log(`resuming the demo orders begun at ${started.now}…`);
  const batchSize = opts.batch ?? BATCH;

  const orders = generateDemoOrders({ count, distributorCodes: codes, now });
  const ids: string[] = [];
  const fmt = (n: number) => n.toLocaleString("en-US");
  for (let i = 0; i < orders.length; i += batchSize) {
    const batch = orders.slice(i, i + batchSize).map((o) => o.input);
    // The batch's own time (orders are oldest first): bindings, commissions and cancellations
    // are dated when the orders arrived, not when the demo was seeded.
    const at = new Date(Math.min(now.getTime(), Date.parse(batch.at(-1)!.paidAt) + HOUR));
    const outcomes = await withTenant(db, tenantId, async (tx) => {
      if (i === 0 && !started) await markDemo(tx, "demo.orders_started", { now: now.toISOString(), count, codes: codesDigest(codes) });
      return ingestOrders(tx, { tenantId, actor: SYSTEM, source: "demo", now: at }, batch);
    });
    for (const o of outcomes) ids[i + o.index] = o.orderId;
    log(`orders ${fmt(Math.min(i + batchSize, orders.length))}/${fmt(orders.length)}…`);
  }

  // Refunds inside the after-sales window, then the sweep as of now.
  const rand = seededRandom(7);
  const early: { orderId: string; event: OrderEvent }[] = [];
  const late: { orderId: string; event: OrderEvent; distributor: number | null }[] = [];
  orders.forEach((o, i) => {
    const orderId = ids[i]!;
    if (o.fate.kind === "refund") early.push({ orderId, event: refundEvent(o, `R${i}`, o.fate.at, o.fate.full, rand) });
    if (o.fate.kind === "late_refund") late.push({ orderId, event: refundEvent(o, `R${i}`, o.fate.at, true, rand), distributor: o.distributor });
  });
  await applyEvents(db, tenantId, early);
  log(`refunds ${fmt(early.length)}…`);
  const runs = await settleTenant(db, tenantId, { now });
  const settled = runs.reduce((n, r) => n + r.commissions, 0);
  log(`settled ${fmt(settled)} commissions…`);

  // The earners of those refunds have withdrawn what settled (to the yuan) through the real
  // withdrawal flow; refunds after that leave some of them owing (arrears), which their next
  // settlements pay off first.
  const lateEarners = [...new Set(late.flatMap((l) => (l.distributor === null ? [] : [codes[l.distributor]!])))];
  const paidOut = progress.paidOut
    ? { paid: 0 }
    : await withTenant(db, tenantId, async (tx) => {
        const counts = await demoWithdrawals(tx, tenantId, lateEarners, { share: 1, outcome: () => "paid", now, seq: 0 });
        await markDemo(tx, "demo.orders_paid_out");
        return counts;
      });
  await applyEvents(db, tenantId, late);
  log(`refunds after settlement ${fmt(late.length)}…`);
  // A few other earners' withdrawals in each state of the finance queue.
  const queued = await withTenant(db, tenantId, async (tx) => {
    const top = rowsOf<{ code: string }>(
      await tx.execute(sql`select d.code from ledger_accounts a join distributors d on d.id = a.distributor_id
        where a.type = 'available' and a.balance_fen >= 10000 order by a.balance_fen desc, d.code limit 12`),
    ).map((r) => r.code).filter((c) => !lateEarners.includes(c)).slice(0, 6);
    const counts = await demoWithdrawals(tx, tenantId, top, { share: 0.5, outcome: (i) => QUEUE_STATES[i % QUEUE_STATES.length]!, now, seq: 1000 });
    await markDemo(tx, "demo.orders_finished");
    return counts;
  });
  log(`withdrawals: ${paidOut.paid + queued.paid} paid, ${queued.approved} approved, ${queued.reviewing} in review, ${queued.rejected} rejected…`);
  const [arrears] = await withTenant(db, tenantId, async (tx) =>
    rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ledger_accounts where type = 'arrears' and balance_fen > 0`)),
  );
  const result: DemoOrdersResult = {
    orders: orders.length,
    cancelled: orders.filter((o) => o.fate.kind === "cancel").length,
    refunds: early.length,
    lateRefunds: late.length,
    settledCommissions: settled,
    inArrears: Number(arrears?.n ?? 0),
    ms: Math.round(performance.now() - t0),
  };
  log(`demo orders done in ${(result.ms / 1000).toFixed(1)} s: ${fmt(result.orders)} orders, ${fmt(result.refunds + result.lateRefunds)} refunds, ${fmt(result.cancelled)} cancelled, ${fmt(result.inArrears)} distributor(s) in arrears`);
  return result;
}
