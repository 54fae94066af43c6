/**
 * What the risk checks need to know about an ingest segment, read set-based for the whole
 * segment in the same pipelined rounds as the rest of ingest's state (server/orders/
 * ingest-state.ts), so risk adds statements, not round trips:
 *
 * round 1 (needs only the input): the brand's rule settings; blacklist and shared-list hits of
 *   the orders' signals; existing orders sharing a device / IP / address / receiver phone within
 *   the longest window around the segment's paid times; distributors those signals (or a phone
 *   identity) belong to; and, for distributors named by referral code, their recent new-buyer
 *   and near-threshold orders and whether they are themselves listed.
 * round 2 (needs the buyers' members): each known buyer's first paid order; the same
 *   distributor facts for the distributors the buyers are bound to; and the "bought through"
 *   edges around them that could close a ring.
 *
 * Windows and thresholds are the brand's (risk_rule_settings) or the defaults, resolved inside
 * the SQL, since the settings arrive in the same round. Every probe is an index range:
 * orders (tenant, signal, paid_at) partial indexes, (tenant, distributor, paid_at) (new buyers: its
 * partial twin on buyer_new), (tenant, buyer, paid_at); each lateral probe is capped, so a farm of thousands of orders
 * costs a bounded read (a capped count is still over any threshold).
 */
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { RiskListKind, RiskReasonCategory, RiskRuleCode } from "@/db/risk-kinds";
import { rowsOf } from "@/db/tenant";
import { jsonParam } from "@/server/ledger/post";
import { COUNT_CAP, DEFAULT_RULES, mergeRuleSettings, type RuleSettings, type StoredRuleSetting } from "./rules";
import { clusterSignals, type OrderSignals, type SignalColumn } from "./signals";

/**
 * Most rows one probe returns, the latest first: the neighbourhood of the segment's paid times,
 * enough to reach any threshold a brand may set (rules.ts caps them at this), and bounded
 * however hot a device or distributor is (the orders of a pattern beyond it were flagged when
 * they arrived).
 */
const PROBE_CAP = COUNT_CAP;

const COLUMN: Record<SignalColumn, string> = {
  device: "device_hash",
  ip: "ip_hash",
  address: "shipping_hash",
  phone: "receiver_phone_hash",
};
export const CLUSTER_RULE = {
  device: "device_cluster",
  ip: "ip_cluster",
  address: "address_cluster",
  phone: "phone_cluster",
} as const satisfies Record<SignalColumn, RiskRuleCode>;

export interface KnownOrder {
  id: string;
  channel: string;
  externalId: string;
  buyerMemberId: string;
  distributorId: string | null;
  paidAt: Date;
  amountFen: number;
  verdict: "allow" | "review" | "block";
  /** Codes of the rules already on the order (a raise adds only what is not there). */
  codes: string[];
  /** The buyer had no earlier paid order at the brand when this one was paid. */
  isNew: boolean;
}

export interface BrandListHit {
  entryId: string;
  kind: RiskListKind;
  masked: string;
  reason: string;
  reasonCategory: RiskReasonCategory;
}

export interface SharedListHit {
  kind: RiskListKind;
  listedAt: Date;
  reasonCategory: RiskReasonCategory;
}

export interface RingEdge {
  /** The distributor who bought … */
  from: string;
  fromCode: string;
  /** … through this distributor. */
  to: string;
  toCode: string;
  /** The latest orders on the edge (for evidence and the retroactive raise). */
  orderIds: string[];
}

export interface RiskState {
  rules: RuleSettings;
  /** `${column}:${hash}` → existing orders with that signal near the segment's paid times. */
  signalOrders: Map<string, KnownOrder[]>;
  /** `${column}:${hash}` → distributors whose own orders (or phone identity) carry the signal. */
  linked: Map<string, Set<string>>;
  /** `${kind}:${hash}` → the brand's live entry. */
  brandList: Map<string, BrandListHit>;
  /** Canonical IP → the brand's range containing it. */
  ipRanges: Map<string, BrandListHit>;
  /** `${kind}:${sharedHash}` → another brand's listing. */
  sharedList: Map<string, SharedListHit>;
  /** Distributor → its new-buyer orders in the burst window. */
  burstOrders: Map<string, KnownOrder[]>;
  /** Distributor → its orders just under the threshold in the near-threshold window. */
  nearOrders: Map<string, KnownOrder[]>;
  /** Distributor → entries that list it (its phone, ID or bank card). */
  listedDistributors: Map<string, BrandListHit[]>;
  /** Known member → first paid time at the brand. */
  firstPaid: Map<string, Date>;
  ringEdges: RingEdge[];
}

export function emptyRiskState(rules: RuleSettings = mergeRuleSettings([])): RiskState {
  return {
    rules,
    signalOrders: new Map(),
    linked: new Map(),
    brandList: new Map(),
    ipRanges: new Map(),
    sharedList: new Map(),
    burstOrders: new Map(),
    nearOrders: new Map(),
    listedDistributors: new Map(),
    firstPaid: new Map(),
    ringEdges: [],
  };
}

const WINDOWED = [
  "device_cluster",
  "ip_cluster",
  "address_cluster",
  "phone_cluster",
  "self_purchase_link",
  "brushing_burst",
  "near_threshold",
  "ring",
] as const satisfies readonly RiskRuleCode[];
const THRESHOLDS = [
  ["near_threshold", "thresholdFen"],
  ["near_threshold", "bandBp"],
] as const satisfies readonly (readonly [RiskRuleCode, string])[];
type Threshold = (typeof THRESHOLDS)[number];

/**
 * The brand's windows and thresholds the reads below use, or the defaults, as one row `rs`
 * that each statement computes once (`withSettings`) and refers to. A scalar subquery on
 * risk_rule_settings at every use was one sub-plan each (about thirty a call, each with the
 * table's row-level security condition) for Postgres to set up on every execution, which cost
 * more than the reads themselves.
 */
// Constants only (rule codes and defaults): spelled out once as text, not rebuilt per statement.
const SETTINGS_CTE = sql.raw(
  `rs as materialized (select ${[
    ...WINDOWED.map((rule) => `coalesce(max(s.window_minutes) filter (where s.rule = '${rule}'), ${DEFAULT_RULES[rule].windowMinutes}) * interval '1 minute' as w_${rule}`),
    ...THRESHOLDS.map(
      ([rule, key]) => `coalesce(max((s.thresholds->>'${key}')::bigint) filter (where s.rule = '${rule}'), ${DEFAULT_RULES[rule].thresholds[key] ?? 0}) as t_${rule}_${key}`,
    ),
  ].join(", ")} from risk_rule_settings s)`,
);
const withSettings = (statement: SQL) => sql`with ${SETTINGS_CTE} ${statement}`;

/** The brand's window for a rule (an interval), in a statement under `withSettings`. */
const windowOf = (rule: (typeof WINDOWED)[number]) => sql`(select ${sql.raw(`rs.w_${rule}`)} from rs)`;
/** The brand's threshold for a rule, in a statement under `withSettings`. */
const thresholdOf = (rule: Threshold[0], key: Threshold[1]) => sql`(select ${sql.raw(`rs.t_${rule}_${key}`)} from rs)`;

const LIVE = (now: Date) => sql`e.removed_at is null and (e.expires_at is null or e.expires_at > ${now.toISOString()}::timestamptz)`;

/** Columns of a known order `o`, with the rules already on it and whether its buyer was new. */
const KNOWN_COLUMNS = sql`o.id, o.channel, o.external_id, o.buyer_member_id, o.distributor_id, o.paid_at, o.amount_fen, o.risk_verdict,
  array(select r->>'code' from jsonb_array_elements(o.risk_rules) r) as codes, o.buyer_new as is_new`;

type KnownRow = {
  id: string;
  channel: string;
  external_id: string;
  buyer_member_id: string;
  distributor_id: string | null;
  paid_at: string | Date;
  amount_fen: string | number;
  risk_verdict: KnownOrder["verdict"];
  codes: string[] | string;
  is_new: boolean;
};

function known(r: KnownRow): KnownOrder {
  return {
    id: r.id,
    channel: r.channel,
    externalId: r.external_id,
    buyerMemberId: r.buyer_member_id,
    distributorId: r.distributor_id,
    paidAt: new Date(r.paid_at),
    amountFen: Number(r.amount_fen),
    verdict: r.risk_verdict,
    codes: parseTextArray(r.codes),
    isNew: r.is_new,
  };
}

/** text[] arrives as an array from postgres-js and PGlite; as "{a,b}" if a driver does not parse it. */
function parseTextArray(v: string[] | string | null): string[] {
  if (Array.isArray(v)) return v;
  if (!v || v === "{}") return [];
  return v.slice(1, -1).split(",").map((s) => s.replace(/^"|"$/g, ""));
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

interface SegmentInput {
  signals: OrderSignals[];
  paidAt: Date[];
  codes: string[];
  now: Date;
}

export interface RiskRound1 {
  rules: RuleSettings;
  signalOrders: RiskState["signalOrders"];
  linked: RiskState["linked"];
  brandList: RiskState["brandList"];
  ipRanges: RiskState["ipRanges"];
  sharedList: RiskState["sharedList"];
  burstOrders: RiskState["burstOrders"];
  nearOrders: RiskState["nearOrders"];
  listedDistributors: RiskState["listedDistributors"];
}

/**
 * Round 1: sends its statements at once (each `.then` is called synchronously, so they go out
 * with the rest of ingest's first round) and resolves when all have answered.
 */
export function loadRiskRound1(tx: Tx, input: SegmentInput): Promise<RiskRound1> {
  const { signals, paidAt, codes, now } = input;
  // Per signal: the segment's earliest and latest paid time carrying it.
  const groups = new Map<string, { column: SignalColumn; hash: string; lo: Date; hi: Date }>();
  signals.forEach((s, i) => {
    for (const sig of clusterSignals(s)) {
      const key = `${sig.column}:${sig.hash}`;
      const g = groups.get(key);
      const t = paidAt[i]!;
      if (!g) groups.set(key, { column: sig.column, hash: sig.hash, lo: t, hi: t });
      else {
        if (t < g.lo) g.lo = t;
        if (t > g.hi) g.hi = t;
      }
    }
  });
  const byColumn = (column: SignalColumn) => [...groups.values()].filter((g) => g.column === column);

  const rulesP = tx
    .execute(sql`select rule, enabled, action, thresholds, window_minutes from risk_rule_settings`)
    .then((r) =>
      rowsOf<{ rule: string; enabled: boolean; action: "review" | "block"; thresholds: Record<string, number>; window_minutes: number | null }>(r).map(
        (s): StoredRuleSetting => ({ rule: s.rule, enabled: s.enabled, action: s.action, thresholds: s.thresholds, windowMinutes: s.window_minutes }),
      ),
    );

  // Existing orders sharing a signal, within the rule's window of the segment's paid times.
  const signalBranches: SQL[] = (["device", "ip", "address", "phone"] as const)
    .filter((c) => byColumn(c).length)
    .map((c) => {
      const w = windowOf(CLUSTER_RULE[c]);
      const rows = byColumn(c).map((g) => ({ h: g.hash, lo: g.lo.toISOString(), hi: g.hi.toISOString() }));
      return sql`
        select ${c}::text as c, x.h, ${KNOWN_COLUMNS}
        from jsonb_to_recordset(${jsonParam(rows)}) as x(h text, lo timestamptz, hi timestamptz)
        cross join lateral (
          select * from orders o
          where o.${sql.raw(COLUMN[c])} = x.h and o.paid_at between x.lo - ${w} and x.hi + ${w}
          order by o.paid_at desc limit ${PROBE_CAP}
        ) o`;
    });
  const signalP = signalBranches.length
    ? tx.execute(withSettings(sql.join(signalBranches, sql` union all `))).then((r) => rowsOf<KnownRow & { c: SignalColumn; h: string }>(r))
    : Promise.resolve([]);

  // Distributors a signal belongs to: their own orders carry it (self-purchase through a shared
  // device, address or receiver phone), or it is their phone. IPs are left out: one NAT.
  const linkW = windowOf("self_purchase_link");
  const minPaid = paidAt.reduce((a, b) => (a < b ? a : b), paidAt[0] ?? now);
  const linkBranches: SQL[] = (["device", "address", "phone"] as const)
    .filter((c) => byColumn(c).length)
    .map(
      (c) => sql`
        select ${c}::text as c, x.h, d.id as distributor_id
        from jsonb_to_recordset(${jsonParam(byColumn(c).map((g) => ({ h: g.hash })))}) as x(h text)
        cross join lateral (
          select o.buyer_member_id from orders o
          where o.${sql.raw(COLUMN[c])} = x.h and o.paid_at >= ${minPaid.toISOString()}::timestamptz - ${linkW}
          order by o.paid_at desc limit ${PROBE_CAP}
        ) o
        join distributors d on d.member_id = o.buyer_member_id`,
    );
  const phones = [...new Set(signals.flatMap((s) => [...s.buyerPhones, ...(s.receiverPhone ? [s.receiverPhone] : [])]).map((p) => p.hash))];
  if (phones.length) {
    // A keyed probe per phone (LATERAL ... LIMIT 1, as ingest-state's lookups): as an IN list
    // the planner hashed the brand's whole identities table while it was small.
    linkBranches.push(sql`
      select 'phone'::text as c, i.value_hash as h, d.id as distributor_id
      from jsonb_array_elements_text(${jsonParam(phones)}) as x(h)
      cross join lateral (select i.value_hash, i.member_id from member_identities i where i.value_hash = x.h and i.kind = 'phone' limit 1) i
      join distributors d on d.member_id = i.member_id`);
  }
  const linkP = linkBranches.length
    ? tx.execute(withSettings(sql`select distinct * from (${sql.join(linkBranches, sql` union all `)}) l`)).then((r) => rowsOf<{ c: SignalColumn; h: string; distributor_id: string }>(r))
    : Promise.resolve([]);

  // The brand's own list: exact values by hash, IPs by range.
  const listed = new Map<string, { k: RiskListKind; h: string }>();
  const ips = new Set<string>();
  for (const s of signals) {
    for (const p of [...s.buyerPhones, ...(s.receiverPhone ? [s.receiverPhone] : [])]) listed.set(`phone:${p.hash}`, { k: "phone", h: p.hash });
    if (s.device) listed.set(`device:${s.device.hash}`, { k: "device", h: s.device.hash });
    if (s.address) listed.set(`address:${s.address.hash}`, { k: "address", h: s.address.hash });
    if (s.ipText) ips.add(s.ipText);
  }
  const listBranches: SQL[] = [];
  if (listed.size) {
    listBranches.push(sql`
      select e.id, e.kind, e.value_hash, e.masked, e.reason, e.reason_category, null::text as ip
      from jsonb_to_recordset(${jsonParam([...listed.values()])}) as x(k text, h text)
      join risk_blacklist_entries e on e.kind = x.k::risk_list_kind and e.value_hash = x.h and ${LIVE(now)}`);
  }
  if (ips.size) {
    listBranches.push(sql`
      select e.id, e.kind, e.value_hash, e.masked, e.reason, e.reason_category, x.ip
      from jsonb_array_elements_text(${jsonParam([...ips])}) as x(ip)
      join risk_blacklist_entries e on e.kind = 'ip_range' and x.ip::inet <<= e.ip_range::cidr and ${LIVE(now)}`);
  }
  type ListRow = { id: string; kind: RiskListKind; value_hash: string; masked: string; reason: string; reason_category: RiskReasonCategory; ip: string | null };
  const listP = listBranches.length ? tx.execute(sql.join(listBranches, sql` union all `)).then((r) => rowsOf<ListRow>(r)) : Promise.resolve([]);

  // The shared list (the function answers nothing unless the brand consumes it).
  const sharedItems = new Map<string, { k: RiskListKind; h: string }>();
  for (const s of signals) {
    for (const sig of [...s.buyerPhones, s.receiverPhone, s.device, s.address]) {
      // Only phones, devices and addresses carry a shared hash (never IPs).
      if (sig?.shared) sharedItems.set(`${sig.column}:${sig.shared}`, { k: sig.column as RiskListKind, h: sig.shared });
    }
  }
  const sharedP = sharedItems.size
    ? tx
        .execute(sql`select kind, value_hash, listed_at, reason_category from fx_risk_shared_match(${jsonParam([...sharedItems.values()])})`)
        .then((r) => rowsOf<{ kind: RiskListKind; value_hash: string; listed_at: string | Date; reason_category: RiskReasonCategory }>(r))
    : Promise.resolve([]);

  const bounds = segmentBounds(paidAt, now);
  const codeFacts = codes.length
    ? loadDistributorFacts(tx, sql`d.code in (select jsonb_array_elements_text(${jsonParam(codes)}))`, bounds, now)
    : Promise.resolve(emptyFacts());

  return Promise.all([rulesP, signalP, linkP, listP, sharedP, codeFacts]).then(([stored, signalRows, linkRows, listRows, sharedRows, facts]) => {
    const signalOrders = new Map<string, KnownOrder[]>();
    for (const r of signalRows) push(signalOrders, `${r.c}:${r.h}`, known(r));
    const linked = new Map<string, Set<string>>();
    for (const r of linkRows) {
      const key = `${r.c}:${r.h}`;
      const set = linked.get(key) ?? new Set<string>();
      set.add(r.distributor_id);
      linked.set(key, set);
    }
    const brandList = new Map<string, BrandListHit>();
    const ipRanges = new Map<string, BrandListHit>();
    for (const r of listRows) {
      const hit: BrandListHit = { entryId: r.id, kind: r.kind, masked: r.masked, reason: r.reason, reasonCategory: r.reason_category };
      if (r.ip) ipRanges.set(r.ip, hit);
      else brandList.set(`${r.kind}:${r.value_hash}`, hit);
    }
    const sharedList = new Map<string, SharedListHit>();
    for (const r of sharedRows) sharedList.set(`${r.kind}:${r.value_hash}`, { kind: r.kind, listedAt: new Date(r.listed_at), reasonCategory: r.reason_category });
    return { rules: mergeRuleSettings(stored), signalOrders, linked, brandList, ipRanges, sharedList, ...facts };
  });
}

interface Bounds {
  lo: Date;
  hi: Date;
}

function segmentBounds(paidAt: Date[], now: Date): Bounds {
  if (!paidAt.length) return { lo: now, hi: now };
  let lo = paidAt[0]!;
  let hi = paidAt[0]!;
  for (const t of paidAt) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return { lo, hi };
}

type Facts = Pick<RiskState, "burstOrders" | "nearOrders" | "listedDistributors">;
const emptyFacts = (): Facts => ({ burstOrders: new Map(), nearOrders: new Map(), listedDistributors: new Map() });

/**
 * For the distributors matching `where` (on alias d): their new-buyer orders in the burst
 * window, their orders just under the near-threshold amount, and the live entries that list
 * them (their phone identity, KYC ID or bank card). Two statements.
 */
function loadDistributorFacts(tx: Tx, where: SQL, b: Bounds, now: Date): Promise<Facts> {
  const bw = windowOf("brushing_burst");
  const nw = windowOf("near_threshold");
  const t = thresholdOf("near_threshold", "thresholdFen");
  const band = thresholdOf("near_threshold", "bandBp");
  const lo = sql`${b.lo.toISOString()}::timestamptz`;
  const hi = sql`${b.hi.toISOString()}::timestamptz`;
  const ordersP = tx
    .execute(withSettings(sql`
      select 'burst'::text as purpose, d.id as d, o.* from distributors d
      cross join lateral (
        select ${KNOWN_COLUMNS} from orders o
        where o.distributor_id = d.id and o.buyer_new and o.paid_at between ${lo} - ${bw} and ${hi} + ${bw}
        order by o.paid_at desc limit ${PROBE_CAP}
      ) o
      where ${where}
      union all
      select 'near'::text, d.id, o.* from distributors d
      cross join lateral (
        select ${KNOWN_COLUMNS} from orders o
        where o.distributor_id = d.id and o.paid_at between ${lo} - ${nw} and ${hi} + ${nw}
          and o.amount_fen < ${t} and o.amount_fen >= ${t} - ${t} * ${band} / 10000
        order by o.paid_at desc limit ${PROBE_CAP}
      ) o
      where ${where}`))
    .then((r) => rowsOf<KnownRow & { purpose: "burst" | "near"; d: string }>(r));
  const listedP = tx
    .execute(sql`
      select d.id as d, e.id, e.kind, e.masked, e.reason, e.reason_category from distributors d
      join member_identities i on i.member_id = d.member_id and i.kind = 'phone'
      join risk_blacklist_entries e on e.kind = 'phone' and e.value_hash = i.value_hash and ${LIVE(now)}
      where ${where}
      union all
      select d.id, e.id, e.kind, e.masked, e.reason, e.reason_category from distributors d
      join distributor_identities k on k.distributor_id = d.id
      join risk_blacklist_entries e on ${LIVE(now)} and (
        (e.kind = 'id_number' and e.value_hash = k.id_number_hash) or (e.kind = 'bank_card' and e.value_hash = k.bank_card_hash))
      where ${where}`)
    .then((r) => rowsOf<{ d: string; id: string; kind: RiskListKind; masked: string; reason: string; reason_category: RiskReasonCategory }>(r));
  return Promise.all([ordersP, listedP]).then(([orderRows, listedRows]) => {
    const facts = emptyFacts();
    for (const r of orderRows) push(r.purpose === "burst" ? facts.burstOrders : facts.nearOrders, r.d, known(r));
    for (const r of listedRows) {
      push(facts.listedDistributors, r.d, { entryId: r.id, kind: r.kind, masked: r.masked, reason: r.reason, reasonCategory: r.reason_category });
    }
    return facts;
  });
}

export interface RiskRound2 extends Facts {
  firstPaid: Map<string, Date>;
  ringEdges: RingEdge[];
}

/**
 * Round 2, for the segment's known buyers: first paid times, the facts of the distributors they
 * are bound to (those named by code were read in round 1), and the bought-through edges that
 * could close a ring with a buyer who is a distributor: edges out of every candidate seller A
 * (A bought through X) and, from those X, edges into a buying distributor B. A new order "B buys
 * through A" closes a 2-cycle with A→B and a 3-cycle with A→X→B.
 */
export function loadRiskRound2(tx: Tx, input: { memberIds: string[]; codes: string[]; paidAt: Date[]; now: Date }): Promise<RiskRound2> {
  const { memberIds, codes, paidAt, now } = input;
  if (!memberIds.length) return Promise.resolve({ ...emptyFacts(), firstPaid: new Map(), ringEdges: [] });
  const members = jsonParam(memberIds);
  const firstP = tx
    .execute(sql`
      select o.buyer_member_id, min(o.paid_at) as first_paid from orders o
      where o.buyer_member_id in (select (jsonb_array_elements_text(${members}))::uuid)
      group by 1`)
    .then((r) => rowsOf<{ buyer_member_id: string; first_paid: string | Date }>(r));
  const bound = sql`d.id in (select b.distributor_id from bindings b
      where b.buyer_member_id in (select (jsonb_array_elements_text(${members}))::uuid) and b.ended_at is null)
    and d.code not in (select jsonb_array_elements_text(${jsonParam(codes)}))`;
  const b = segmentBounds(paidAt, now);
  const facts = loadDistributorFacts(tx, bound, b, now);
  const rw = windowOf("ring");
  const since = sql`${b.lo.toISOString()}::timestamptz - ${rw}`;
  const edgesP = tx
    .execute(sql`
      with ${SETTINGS_CTE}, buyers as (
        select d.id from distributors d where d.member_id in (select (jsonb_array_elements_text(${members}))::uuid)
      ),
      sellers as (
        select d.id, d.member_id from distributors d
        where exists (select 1 from buyers) and d.code in (select jsonb_array_elements_text(${jsonParam(codes)}))
        union
        select d.id, d.member_id from distributors d
        where exists (select 1 from buyers) and d.id in (select b.distributor_id from bindings b
          where b.buyer_member_id in (select (jsonb_array_elements_text(${members}))::uuid) and b.ended_at is null)
      ),
      e1 as (
        select s.id as src, o.distributor_id as dst, (array_agg(o.id order by o.paid_at desc))[1:20] as order_ids
        from sellers s join orders o on o.buyer_member_id = s.member_id
        where o.distributor_id is not null and o.distributor_id <> s.id and o.paid_at >= ${since}
        group by 1, 2
      ),
      e2 as (
        select x.id as src, o.distributor_id as dst, (array_agg(o.id order by o.paid_at desc))[1:20] as order_ids
        from distributors x join orders o on o.buyer_member_id = x.member_id
        where x.id in (select dst from e1) and o.distributor_id in (select id from buyers)
          and o.distributor_id <> x.id and o.paid_at >= ${since}
        group by 1, 2
      )
      -- Codes by key lookup: a join here let the planner hash all of distributors for a handful
      -- of edges (80 ms per call at 120,000 distributors, once a group of orders was planned).
      select e.src, (select s.code from distributors s where s.id = e.src) as src_code,
        e.dst, (select t.code from distributors t where t.id = e.dst) as dst_code, e.order_ids
      from (select * from e1 union select * from e2) e`)
    .then((r) => rowsOf<{ src: string; src_code: string; dst: string; dst_code: string; order_ids: string[] | string }>(r));
  return Promise.all([firstP, facts, edgesP]).then(([first, f, edges]) => ({
    ...f,
    firstPaid: new Map(first.map((r) => [r.buyer_member_id, new Date(r.first_paid)])),
    ringEdges: edges.map((e) => ({ from: e.src, fromCode: e.src_code, to: e.dst, toCode: e.dst_code, orderIds: parseTextArray(e.order_ids) })),
  }));
}

/** Merges the two rounds (distributor facts come from both). */
export function riskStateOf(r1: RiskRound1, r2: RiskRound2): RiskState {
  const merge = <V>(a: Map<string, V[]>, b: Map<string, V[]>) => {
    const out = new Map(a);
    for (const [k, v] of b) out.set(k, [...(out.get(k) ?? []), ...v]);
    return out;
  };
  return {
    ...r1,
    burstOrders: merge(r1.burstOrders, r2.burstOrders),
    nearOrders: merge(r1.nearOrders, r2.nearOrders),
    listedDistributors: merge(r1.listedDistributors, r2.listedDistributors),
    firstPaid: r2.firstPaid,
    ringEdges: r2.ringEdges,
  };
}
