/**
 * Group commit for single orders (POST /api/v1/orders without an Idempotency-Key).
 *
 * A single order is a handful of statements and one COMMIT; the batch path carries a thousand
 * orders in the same statements. Under load most of a single order's cost is per statement and
 * per transaction (round trips, planning, query building, the commit's WAL flush), so orders of
 * one brand and one API key that arrive while that lane's transactions are busy wait for the
 * next one and are ingested together, as a batch is (ingest.ts: array order, the same locks,
 * "existing" for a (channel, externalId) seen earlier in the group). An order that arrives when
 * the lane is idle starts at once: nothing waits for a timer, so a quiet brand sees no added
 * latency.
 *
 * Each caller still gets its own answer: its outcome and its order as read back in the same
 * transaction. A group that fails is run again order by order, each in its own transaction, so
 * one order's refusal or a deadlock in the group is that order's answer only and never another's.
 * Nothing is acknowledged before its group commits.
 */
import type { Tx } from "@/db/client";
import type { Actor } from "@/server/tenancy/audit";
import { ingestOrders, type IngestOutcome } from "./ingest";
import type { OrderInput } from "./schemas";
import { orderViews, plannedViews, type OrderView } from "./views";

export interface GroupedOrderResult {
  outcome: IngestOutcome;
  view: OrderView;
}

/** Opens the brand's transaction (withTenant), retrying transient failures. */
export type TenantRunner = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => Promise<T>;

export interface OrderGroupOptions {
  run: TenantRunner;
  /** Most orders in one transaction. */
  maxGroup?: number;
  /** Transactions one lane (brand and API key) may have open at once. */
  lanes?: number;
}

interface Waiting {
  input: OrderInput;
  resolve: (r: GroupedOrderResult) => void;
  reject: (e: unknown) => void;
}

interface Lane {
  tenantId: string;
  actor: Actor;
  queue: Waiting[];
  running: number;
}

export interface OrderGroups {
  submit(tenantId: string, actor: Actor, input: OrderInput): Promise<GroupedOrderResult>;
}

/** Ingests `inputs` in the caller's transaction and reads each order back for its answer. */
export async function ingestAndView(tx: Tx, tenantId: string, actor: Actor, inputs: OrderInput[]): Promise<GroupedOrderResult[]> {
  let viewed: Promise<OrderView[]> | undefined;
  const outcomes = await ingestOrders(
    tx,
    {
      tenantId,
      actor,
      source: "api",
      // New orders of the last segment are viewed from the rows just written; the rest (orders
      // that existed, or an earlier segment made) are read with the writes, so the ledger
      // statement is the last before COMMIT.
      readBack: (rtx, all, { plan, state }) => {
        const planned = plannedViews(plan, (id) => state.distributorsById.get(id)?.code);
        const unread = all.filter((o) => !planned.has(o.orderId)).map((o) => o.orderId);
        const read = unread.length ? orderViews(rtx, unread) : Promise.resolve([]);
        viewed = read.then((views) => {
          const byId = new Map(unread.map((id, i) => [id, views[i]!]));
          return all.map((o) => planned.get(o.orderId) ?? byId.get(o.orderId)!);
        });
        return viewed;
      },
    },
    inputs,
  );
  const views = await viewed!;
  return outcomes.map((outcome, i) => ({ outcome, view: views[i]! }));
}

export function createOrderGroups(options: OrderGroupOptions): OrderGroups {
  const maxGroup = options.maxGroup ?? 100;
  const parallel = options.lanes ?? 2;
  const lanes = new Map<string, Lane>();

  async function runGroup(lane: Lane, group: Waiting[]) {
    const inputs = group.map((w) => w.input);
    try {
      const results = await options.run(lane.tenantId, (tx) => ingestAndView(tx, lane.tenantId, lane.actor, inputs));
      group.forEach((w, i) => w.resolve(results[i]!));
    } catch (e) {
      if (group.length === 1) return group[0]!.reject(e);
      // Each order alone, as if it had not been grouped. The group's transaction rolled back; had
      // the error come after its COMMIT, each order is found by its (channel, externalId) and
      // answered "existing", so nothing is ever written twice.
      await Promise.all(
        group.map((w) =>
          options.run(lane.tenantId, (tx) => ingestAndView(tx, lane.tenantId, lane.actor, [w.input])).then(([r]) => w.resolve(r!), w.reject),
        ),
      );
    }
  }

  async function drain(key: string, lane: Lane) {
    lane.running++;
    try {
      while (lane.queue.length) await runGroup(lane, lane.queue.splice(0, maxGroup));
    } finally {
      lane.running--;
      if (!lane.running && !lane.queue.length) lanes.delete(key);
    }
  }

  return {
    submit(tenantId, actor, input) {
      const key = `${tenantId}\u0000${actor.type}\u0000${actor.id ?? ""}`;
      let lane = lanes.get(key);
      if (!lane) lanes.set(key, (lane = { tenantId, actor, queue: [], running: 0 }));
      const done = new Promise<GroupedOrderResult>((resolve, reject) => lane.queue.push({ input, resolve, reject }));
      if (lane.running < parallel) void drain(key, lane);
      return done;
    },
  };
}
