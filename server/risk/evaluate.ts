/**
 * The risk verdicts of an ingest segment, in memory (DOMAIN.md §7, issue 10 items 1–2): which
 * rules fire on each new order, with masked evidence, and which orders already stored are raised
 * to review because a pattern they belong to is complete only now (retroactive).
 *
 * Pure: works on the segment's planned orders and the RiskState read for them
 * (ingest-reads.ts). Counting rules look for a dense window — W minutes of paid time holding at
 * least N orders or N distinct new buyers with the same device / IP / address / receiver phone,
 * or through one distributor — over the stored orders and the segment's together, sorted by
 * paid time, so the order of arrival does not matter (a brand may import last month in any
 * order): every order in such a window is flagged, the new ones here and the stored ones by a
 * raise.
 */
import type { RiskRuleHit } from "@/db/schema/orders";
import type { RiskRuleCode } from "@/db/risk-kinds";
import { CLUSTER_RULE, type KnownOrder, type RiskState } from "./ingest-reads";
import type { RuleSetting } from "./rules";
import type { OrderSignals, Signal, SignalColumn } from "./signals";

export interface PlannedOrder {
  id: string;
  channel: string;
  externalId: string;
  buyerMemberId: string;
  /** The buyer's member was created by this segment. */
  buyerCreated: boolean;
  /** Tier-1 distributor the order is attributed to. */
  distributorId: string | null;
  /** The distributor the buyer is (buying as a customer), if any. */
  buyerDistributorId: string | null;
  paidAt: Date;
  amountFen: number;
  signals: OrderSignals;
  /** No earlier paid order at the brand (newBuyerFlags). */
  isNew: boolean;
}

export interface Evaluation {
  /** Per planned order (same index): the rules that fired. */
  hits: RiskRuleHit[][];
  /** Stored orders to raise to review, with the hits to add (each rule once per order). */
  raises: Map<string, RiskRuleHit[]>;
}

const MINUTE = 60_000;
const RELATED = 5;

interface Event {
  /** Index into the planned orders, or -1 for a stored order. */
  index: number;
  known: KnownOrder | null;
  id: string;
  ref: string;
  buyer: string;
  paidAt: number;
  isNew: boolean;
}

const refOf = (o: { channel: string; externalId: string }) => `${o.channel}:${o.externalId}`;

/**
 * The events covered by a window of `windowMs` that passes `fires`, and the largest such
 * window's stats. Two pointers over the events sorted by time; coverage by a difference array.
 */
function denseWindows(events: Event[], windowMs: number, fires: (orders: number, newBuyers: number) => boolean) {
  events.sort((a, b) => a.paidAt - b.paidAt || (a.id < b.id ? -1 : 1));
  const n = events.length;
  const cover = new Int32Array(n + 1);
  const newCount = new Map<string, number>();
  let best: { from: number; to: number; orders: number; newBuyers: number } | null = null;
  let k = -1;
  for (let j = 0; j < n; j++) {
    while (k + 1 < n && events[k + 1]!.paidAt - events[j]!.paidAt <= windowMs) {
      k++;
      const e = events[k]!;
      if (e.isNew) newCount.set(e.buyer, (newCount.get(e.buyer) ?? 0) + 1);
    }
    const orders = k - j + 1;
    const newBuyers = newCount.size;
    if (fires(orders, newBuyers)) {
      cover[j]! += 1;
      cover[k + 1]! -= 1;
      if (!best || orders > best.orders) best = { from: j, to: k, orders, newBuyers };
    }
    const out = events[j]!;
    if (out.isNew) {
      const c = newCount.get(out.buyer)! - 1;
      if (c) newCount.set(out.buyer, c);
      else newCount.delete(out.buyer);
    }
  }
  const covered: Event[] = [];
  let run = 0;
  for (let i = 0; i < n; i++) {
    run += cover[i]!;
    if (run > 0) covered.push(events[i]!);
  }
  return { covered, best };
}

export function evaluateRisk(
  state: RiskState,
  orders: PlannedOrder[],
  codeOf: (distributorId: string) => string | null,
): Evaluation {
  const rules = state.rules;
  const hits: RiskRuleHit[][] = orders.map(() => []);
  const raises = new Map<string, RiskRuleHit[]>();
  const on = (code: RiskRuleCode): RuleSetting | null => (rules[code].enabled ? rules[code] : null);

  const flag = (code: RiskRuleCode, setting: RuleSetting, e: Event, evidence: Record<string, unknown>) => {
    const hit: RiskRuleHit = { code, action: setting.action, evidence };
    if (e.index >= 0) {
      if (!hits[e.index]!.some((h) => h.code === code)) hits[e.index]!.push(hit);
      return;
    }
    const k = e.known!;
    // A stored order is raised once per rule, and never out of block.
    if (k.verdict === "block" || k.codes.includes(code)) return;
    const list = raises.get(k.id) ?? [];
    if (!list.some((h) => h.code === code)) list.push({ ...hit, action: "review" });
    raises.set(k.id, list);
  };

  const isNew = orders.map((o) => o.isNew);
  const planned = (o: PlannedOrder, i: number): Event => ({
    index: i,
    known: null,
    id: o.id,
    ref: refOf(o),
    buyer: o.buyerMemberId,
    paidAt: o.paidAt.getTime(),
    isNew: isNew[i]!,
  });
  const stored = (k: KnownOrder): Event => ({ index: -1, known: k, id: k.id, ref: refOf(k), buyer: k.buyerMemberId, paidAt: k.paidAt.getTime(), isNew: k.isNew });

  /** Runs one counting rule over groups of events; flags every order in a dense window. */
  const countRule = (
    code: RiskRuleCode,
    groups: Map<string, { events: Event[]; describe: Record<string, unknown> }>,
    fires: (s: RuleSetting, orders: number, newBuyers: number) => boolean,
  ) => {
    const s = on(code);
    if (!s) return;
    for (const { events, describe } of groups.values()) {
      if (!events.some((e) => e.index >= 0)) continue;
      const { covered, best } = denseWindows(events, s.windowMinutes * MINUTE, (n, nb) => fires(s, n, nb));
      if (!best || !covered.some((e) => e.index >= 0)) continue;
      const window = events.slice(best.from, best.to + 1);
      const evidence = {
        ...describe,
        windowMinutes: s.windowMinutes,
        orders: best.orders,
        newBuyers: best.newBuyers,
        thresholds: s.thresholds,
        from: new Date(window[0]!.paidAt).toISOString(),
        to: new Date(window[window.length - 1]!.paidAt).toISOString(),
      };
      for (const e of covered) {
        flag(code, s, e, { ...evidence, relatedOrders: window.filter((w) => w.id !== e.id).slice(0, RELATED).map((w) => w.ref) });
      }
    }
  };

  // ── same device / IP / address / receiver phone across many orders or many new buyers ──
  for (const column of ["device", "ip", "address", "phone"] as const satisfies readonly SignalColumn[]) {
    const groups = new Map<string, { events: Event[]; describe: Record<string, unknown> }>();
    orders.forEach((o, i) => {
      const sig = column === "phone" ? o.signals.receiverPhone : o.signals[column];
      if (!sig) return;
      const key = `${column}:${sig.hash}`;
      let g = groups.get(key);
      if (!g) {
        g = { events: (state.signalOrders.get(key) ?? []).map(stored), describe: { signal: column, value: sig.masked } };
        groups.set(key, g);
      }
      g.events.push(planned(o, i));
    });
    countRule(CLUSTER_RULE[column], groups, (s, n, nb) => n >= s.thresholds.orders! || nb >= s.thresholds.newBuyers!);
  }

  // ── bulk brushing: many new buyers through one distributor in a short window ──
  const byDistributor = (source: Map<string, KnownOrder[]>, include: (o: PlannedOrder, i: number) => boolean) => {
    const groups = new Map<string, { events: Event[]; describe: Record<string, unknown> }>();
    orders.forEach((o, i) => {
      if (!o.distributorId || !include(o, i)) return;
      let g = groups.get(o.distributorId);
      if (!g) {
        g = { events: (source.get(o.distributorId) ?? []).map(stored), describe: { distributorCode: codeOf(o.distributorId) } };
        groups.set(o.distributorId, g);
      }
      g.events.push(planned(o, i));
    });
    return groups;
  };
  countRule("brushing_burst", byDistributor(state.burstOrders, (_o, i) => isNew[i]!), (s, _n, nb) => nb >= s.thresholds.newBuyers!);

  // ── many orders through one distributor just under a threshold amount ──
  const near = on("near_threshold");
  if (near) {
    const t = near.thresholds.thresholdFen!;
    const lo = t - Math.floor((t * near.thresholds.bandBp!) / 10_000);
    countRule(
      "near_threshold",
      byDistributor(state.nearOrders, (o) => o.amountFen >= lo && o.amountFen < t),
      (s, n) => n >= s.thresholds.orders!,
    );
  }

  // ── self-purchase through a shared device, receiver phone or address ──
  const link = on("self_purchase_link");
  if (link) {
    const linked = new Map<string, Set<string>>();
    for (const [k, v] of state.linked) linked.set(k, new Set(v));
    // A distributor's own orders in this segment link their signals to it too.
    for (const o of orders) {
      if (!o.buyerDistributorId) continue;
      for (const sig of ownSignals(o.signals)) {
        const key = `${sig.column}:${sig.hash}`;
        linked.set(key, (linked.get(key) ?? new Set()).add(o.buyerDistributorId));
      }
    }
    orders.forEach((o, i) => {
      const d = o.distributorId;
      if (!d || o.buyerDistributorId === d) return; // one person by OneID: self_purchase's case
      const matched = ownSignals(o.signals).filter((sig) => linked.get(`${sig.column}:${sig.hash}`)?.has(d));
      if (!matched.length) return;
      flag("self_purchase_link", link, planned(o, i), {
        distributorCode: codeOf(d),
        matchedBy: [...new Set(matched.map((m) => (m.column === "phone" ? "phone" : m.column)))],
        values: matched.map((m) => ({ signal: m.column, value: m.masked })),
      });
    });
  }

  // ── rings: distributors buying through each other, directly or in a short cycle ──
  const ring = on("ring");
  if (ring) {
    const maxLength = ring.thresholds.maxLength ?? 3;
    type Edge = { orderIds: string[]; planned: number[] };
    const edges = new Map<string, Map<string, Edge>>();
    const edge = (from: string, to: string) => {
      const out = edges.get(from) ?? new Map<string, Edge>();
      edges.set(from, out);
      const e = out.get(to) ?? { orderIds: [], planned: [] };
      out.set(to, e);
      return e;
    };
    const codes = new Map<string, string>();
    for (const e of state.ringEdges) {
      edge(e.from, e.to).orderIds.push(...e.orderIds);
      codes.set(e.from, e.fromCode);
      codes.set(e.to, e.toCode);
    }
    orders.forEach((o, i) => {
      if (o.buyerDistributorId && o.distributorId && o.buyerDistributorId !== o.distributorId) edge(o.buyerDistributorId, o.distributorId).planned.push(i);
    });
    const code = (id: string) => codes.get(id) ?? codeOf(id) ?? id;
    orders.forEach((o, i) => {
      const b = o.buyerDistributorId;
      const a = o.distributorId;
      if (!b || !a || a === b) return;
      // B buys through A; a path A → … → B closes the cycle.
      const cycles: string[][] = [];
      const direct = edges.get(a)?.get(b);
      if (direct) cycles.push([b, a, b]);
      if (maxLength >= 3) {
        for (const [x, e1] of edges.get(a) ?? []) {
          if (x === b || x === a) continue;
          const e2 = edges.get(x)?.get(b);
          if (e1 && e2) cycles.push([b, a, x, b]);
        }
      }
      if (!cycles.length) return;
      const cycle = cycles[0]!;
      const onCycle: Edge[] = [];
      for (let s = 1; s < cycle.length - 1; s++) onCycle.push(edges.get(cycle[s]!)!.get(cycle[s + 1]!)!);
      const evidence = {
        cycle: cycle.map(code),
        length: cycle.length - 1,
        relatedOrders: onCycle.flatMap((e) => e.planned.map((p) => refOf(orders[p]!))).slice(0, RELATED),
      };
      flag("ring", ring, planned(o, i), evidence);
      // The rest of the ring is raised with it: the stored orders on its edges, and this
      // segment's.
      for (const e of onCycle) {
        for (const p of e.planned) flag("ring", ring, planned(orders[p]!, p), evidence);
        for (const id of e.orderIds) {
          flag("ring", ring, { index: -1, known: ringKnown(id), id, ref: id, buyer: "", paidAt: 0, isNew: false }, evidence);
        }
      }
    });
  }

  // ── blacklists: the brand's own, and the shared cross-brand list ──
  const black = on("blacklist");
  const shared = on("shared_blacklist");
  orders.forEach((o, i) => {
    const sigs = [...o.signals.buyerPhones, o.signals.receiverPhone, o.signals.device, o.signals.address].filter((s): s is Signal => !!s);
    if (black) {
      const matches: Record<string, unknown>[] = [];
      for (const sig of sigs) {
        const h = state.brandList.get(`${sig.column}:${sig.hash}`);
        if (h) matches.push({ subject: "buyer", kind: h.kind, value: sig.masked, reason: h.reason, reasonCategory: h.reasonCategory, entryId: h.entryId });
      }
      const range = o.signals.ipText ? state.ipRanges.get(o.signals.ipText) : undefined;
      if (range) matches.push({ subject: "buyer", kind: "ip_range", value: range.masked, reason: range.reason, reasonCategory: range.reasonCategory, entryId: range.entryId });
      for (const h of o.distributorId ? (state.listedDistributors.get(o.distributorId) ?? []) : []) {
        matches.push({ subject: "distributor", distributorCode: codeOf(o.distributorId!), kind: h.kind, value: h.masked, reason: h.reason, reasonCategory: h.reasonCategory, entryId: h.entryId });
      }
      const unique = [...new Map(matches.map((m) => [`${String(m.subject)}:${String(m.entryId)}`, m])).values()];
      if (unique.length) flag("blacklist", black, planned(o, i), { list: "brand", matches: unique });
    }
    if (shared) {
      const matches: Record<string, unknown>[] = [];
      const seen = new Set<string>();
      for (const sig of sigs) {
        const key = `${sig.column}:${sig.shared}`;
        const h = sig.shared ? state.sharedList.get(key) : undefined;
        if (!h || seen.has(key)) continue;
        seen.add(key);
        matches.push({ kind: h.kind, value: sig.masked, listedBy: "another_brand", listedOn: h.listedAt.toISOString().slice(0, 10), reasonCategory: h.reasonCategory });
      }
      if (matches.length) flag("shared_blacklist", shared, planned(o, i), { list: "shared", matches });
    }
  });

  return { hits, raises };
}

/** The signals that can tie a buyer to a distributor (IPs cannot: one NAT serves many). */
function ownSignals(s: OrderSignals): Signal[] {
  return [s.device, s.address, s.receiverPhone, ...s.buyerPhones].filter((x): x is Signal => !!x);
}

/** A stored ring order known only by id: the raise itself skips it if it already has the rule. */
function ringKnown(id: string): KnownOrder {
  return { id, channel: "", externalId: "", buyerMemberId: "", distributorId: null, paidAt: new Date(0), amountFen: 0, verdict: "allow", codes: [], isNew: false };
}

/**
 * New buyer: no earlier paid order at the brand — stored (its first paid time) or in this
 * segment. Without the stored first paid times (risk off) only a member this segment created
 * counts as new.
 */
export function newBuyerFlags(
  orders: Pick<PlannedOrder, "buyerMemberId" | "buyerCreated" | "paidAt">[],
  firstPaid: Map<string, Date> | null,
): boolean[] {
  const firstInSegment = new Map<string, number>();
  for (const o of orders) {
    const t = o.paidAt.getTime();
    const cur = firstInSegment.get(o.buyerMemberId);
    if (cur === undefined || t < cur) firstInSegment.set(o.buyerMemberId, t);
  }
  return orders.map((o) => {
    const t = o.paidAt.getTime();
    if (!o.buyerCreated && !firstPaid) return false;
    const stored = o.buyerCreated ? undefined : firstPaid!.get(o.buyerMemberId)?.getTime();
    return (stored === undefined || stored >= t) && firstInSegment.get(o.buyerMemberId)! >= t;
  });
}

/** allow / review / block from the rules that fired: the strongest action wins. */
export function verdictOf(rules: RiskRuleHit[]): "allow" | "review" | "block" {
  if (rules.some((r) => r.action === "block")) return "block";
  if (rules.some((r) => r.action === "review")) return "review";
  return "allow";
}
