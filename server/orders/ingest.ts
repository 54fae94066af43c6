/**
 * Order ingest (DESIGN.md "Public API v1" → Orders, DOMAIN.md §2–§4): the one path by which an
 * order enters — the API's single and batch endpoints, file import, the console and the demo.
 *
 * In the caller's transaction, so commission is posted (pending) before the API answers. Orders
 * are taken in array order; an order already known by (channel, externalId) is "existing" and
 * changes nothing. Work goes in segments: load the state a segment needs (ingest-state.ts), plan
 * it in memory (ingest-plan.ts), write it in bulk (ingest-flush.ts). A segment ends early only
 * at an order whose buyer proves two members are one person: that merge runs through OneID's
 * resolveMember, and the next segment starts at that order.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { jsonParam, postJournals } from "@/server/ledger/post";
import { resolveMember } from "@/server/network/oneid";
import { raiseStoredOrders } from "@/server/risk/raise";
import { orderSignals } from "@/server/risk/signals";
import type { Actor } from "@/server/tenancy/audit";
import { flushCounters, flushPlan } from "./ingest-flush";
import { ingestWebhookEvents } from "./ingest-webhooks";
import { planIngest, type IngestOutcome, type OrderSource, type Plan } from "./ingest-plan";
import { hashIdentities, loadIngestState, type HashedIdentity, type IngestState } from "./ingest-state";
import type { OrderInput } from "./schemas";

export interface IngestContext {
  tenantId: string;
  actor: Actor;
  source: OrderSource;
  importId?: string | null;
  now?: Date;
  /**
   * Reads to run once the rows are written and before the ledger statement (e.g. the order view
   * the API answers with): sent in the same round trip, so after the ledger statement nothing
   * but COMMIT keeps the earners' account rows locked. Called once, with the last segment's
   * outcomes; must send its statements synchronously (call the query builders' `then` at once,
   * as Promise.all does). `last` is that segment's plan (the rows just written) and the state
   * it was planned on.
   */
  readBack?: (tx: Tx, outcomes: IngestOutcome[], last: { plan: Plan; state: IngestState }) => Promise<unknown>;
  /**
   * Run the risk checks (server/risk): on unless false. Off only for the benchmark's baseline;
   * self-purchase by OneID (the program setting) is checked either way.
   */
  risk?: boolean;
  /** Where the time goes (the ingest benchmark): called once per phase per segment. */
  timing?: (phase: IngestPhase, ms: number) => void;
}

/** Calls of at most this many orders use the connection's cached plans (see ingestOrders). */
const CACHED_PLANS_UP_TO = 100;

/**
 * read: the advisory locks and the state (sent together); plan: in memory; write: the rows and
 * the ledger (sent together, one round trip).
 */
export type IngestPhase = "read" | "plan" | "write";

export type { IngestOutcome };

/**
 * Serialises concurrent ingest of the same order or the same buyer: transaction-scoped advisory
 * locks on each (channel, externalId) and each buyer identity, taken in one sorted statement (so
 * two batches can never wait on each other in opposite orders). Fifty identical requests then
 * make one order, and the other 49 find it and answer "existing"; two orders of one new buyer
 * make one member and one binding. Without them the loser of the race would hit a unique index.
 */
function lockOrderKeys(tx: Tx, tenantId: string, orders: OrderInput[], hashed: HashedIdentity[][]): Promise<unknown> {
  const keys = new Set<string>();
  orders.forEach((o, i) => {
    keys.add(`order:${tenantId}:${o.channel}:${o.externalId}`);
    for (const h of hashed[i]!) keys.add(`identity:${tenantId}:${h.kind}:${h.hash}`);
  });
  // Volatile target-list functions run after ORDER BY, so the locks are taken in sorted order.
  // `.then` is called here, synchronously, so the statement is sent before anything the caller
  // sends next (an `await` would send it a microtask later, after the reads).
  return tx
    .execute(
      sql`
    select pg_advisory_xact_lock(h) from (
      select distinct hashtextextended(k, 0) as h from jsonb_array_elements_text(${jsonParam([...keys])}) as k
    ) s order by h`,
    )
    .then(() => undefined);
}

/**
 * Ingests validated orders; one outcome per order, in the same order. The public API requires
 * at least one buyer identity; file import may pass none (many marketplace exports carry no
 * buyer): such an order gets a member of its own and is attributed by its referral code only.
 */
export async function ingestOrders(tx: Tx, ctx: IngestContext, orders: OrderInput[]): Promise<IngestOutcome[]> {
  const now = ctx.now ?? new Date();
  const hashed = orders.map(hashIdentities);
  if (!orders.length) return [];
  // Normalised and hashed once: the order rows store the hashes, the risk checks read by them.
  const signals = orders.map(orderSignals);
  const risk = ctx.risk !== false;
  const time = async <T>(phase: IngestPhase, fn: () => Promise<T> | T): Promise<T> => {
    if (!ctx.timing) return fn();
    const t0 = performance.now();
    const out = await fn();
    ctx.timing(phase, performance.now() - t0);
    return out;
  };
  // A large batch plans each statement for its own rows. A connection's cached generic plans
  // are made for the small shapes the single API sends thousands of (one order, or a group
  // commit's few dozen), from statistics of tables that were much smaller then: after a run of
  // single orders, each 1,000-order batch on that connection got slower than the one before
  // (5 s → 55 s in bench:ingest; flat with custom plans). Planning is a few milliseconds against
  // seconds of work there; for a group of a few dozen orders it was most of the statements'
  // time, so small calls keep the cached plans. Transaction-local.
  //
  // The writes go back to the cached plans: they read their rows from one JSON parameter, so
  // their plans do not depend on how many there are, and every foreign-key check the inserted
  // rows make is a statement of its own that force_custom_plan would plan again each time
  // (about 150,000 plannings a 1,000-order call, 8 µs each).
  const large = orders.length > CACHED_PLANS_UP_TO;
  const planCache = (mode: "force_custom_plan" | "auto") => tx.execute(sql`select set_config('plan_cache_mode', ${mode}, true)`).then(() => undefined);
  const planMode = large ? planCache("force_custom_plan") : null;
  // Sent first, so the reads below run after the locks are held (one connection runs its
  // statements in order); awaited with the first segment's reads rather than on its own.
  let locked: Promise<unknown> | null = Promise.all([planMode, lockOrderKeys(tx, ctx.tenantId, orders, hashed)]);
  const outcomes: IngestOutcome[] = [];
  let start = 0;
  while (start < orders.length) {
    const slice = orders.slice(start);
    const sliceHashed = hashed.slice(start);
    const sliceSignals = signals.slice(start);
    const pending = locked;
    locked = null;
    const state = await time("read", async () => {
      const [, s] = await Promise.all([pending, loadIngestState(tx, ctx.tenantId, slice, sliceHashed, risk ? { signals: sliceSignals, now } : null)]);
      return s;
    });
    const plan = await time("plan", () => planIngest(state, slice, sliceHashed, { now, source: ctx.source, importId: ctx.importId }, sliceSignals));
    // Stored orders a pattern reaches back to (rare): raised in one statement before the write,
    // which posts their hold journals with the accruals and opens their cases with the rows.
    if (plan.riskRaises.length) {
      const raised = await time("read", () => raiseStoredOrders(tx, plan.riskRaises, now));
      plan.journals.push(...raised.journals);
      plan.riskCases.push(...raised.cases);
    }
    // The rows first, then the shared counters and the ledger last: the referrers' distributor
    // rows and the earners' account rows are locked only from those statements to COMMIT.
    outcomes.push(...plan.outcomes.map((o) => ({ ...o, index: o.index + start })));
    const last = plan.stoppedAt === null;
    await time("write", () => {
      const webhookEvents = ingestWebhookEvents(state, plan);
      const cached = large ? planCache("auto") : null;
      const rows = flushPlan(tx, ctx.tenantId, plan, { now, source: ctx.source, importId: ctx.importId, actor: ctx.actor, webhookEvents });
      const read = last && ctx.readBack ? ctx.readBack(tx, outcomes, { plan, state }) : null;
      return Promise.all([cached, rows, read, flushCounters(tx, plan), postJournals(tx, ctx.tenantId, plan.journals)]);
    });
    if (last) break;
    start += plan.stoppedAt!;
    // The merge this order proves; after it the order's identities lead to one member.
    const stopped = orders[start]!;
    await resolveMember(tx, stopped.buyer.identities, { now, actor: ctx.actor });
    if (large) locked = planCache("force_custom_plan");
  }
  return outcomes;
}

export async function ingestOrder(tx: Tx, ctx: IngestContext, order: OrderInput): Promise<IngestOutcome> {
  const [outcome] = await ingestOrders(tx, ctx, [order]);
  return outcome!;
}
