/**
 * The independent model behind the acceptance drill (acceptance.test.ts): a brand's commission
 * program restated from DOMAIN.md §1–§4 and §7 (self-purchase) and DESIGN.md "Public API v1" →
 * "Commission semantics", in plain integer arithmetic on fen. It imports nothing of the product
 * (no rules engine, ledger or order code), so a wrong product answer cannot be mirrored here.
 *
 * It predicts what the API must show: each order's attribution, verdict, lines and commissions
 * (tier, earner, rule version, amount, status), each distributor's balances, the result of each
 * settlement run and the ledger's trial balance.
 *
 * Out of scope (the drill never does these, and the model refuses rather than guesses where it
 * could notice): OneID merges, buying through one's own downline (binding loops), risk rules
 * other than self-purchase and the brand blacklist, withdrawals, after-sales cases.
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Asia/Shanghai has no daylight saving: always UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export type Tier = 1 | 2 | 3;
export type TierPay = { tier: Tier; rateBp: number } | { tier: Tier; fixedFen: number };
export interface RuleMatch {
  skus?: string[];
  categories?: string[];
  levels?: string[];
  channels?: string[];
  from?: string;
  until?: string;
  hours?: { from: number; to: number };
}
export interface RuleDef {
  name: string;
  priority: number;
  stackable: boolean;
  match: RuleMatch;
  tiers: TierPay[];
}
export type DistributorStatus = "active" | "frozen" | "disabled";
export interface Program {
  commissionLevels: number;
  afterSalesDays: number;
  bindingMode: "permanent" | "lock" | "last_click";
  bindingLockDays: number;
  selfPurchase: "block" | "allow";
}
export interface Identity {
  kind: "phone" | "wechat_unionid";
  value: string;
}
export interface OrderInput {
  channel: string;
  externalId: string;
  status: "paid" | "completed" | "cancelled";
  buyer: { identities: Identity[] };
  referralCode?: string;
  items: { sku: string; category?: string; quantity: number; amountFen: number }[];
  paidAt: string;
  completedAt?: string;
}
export type OrderEvent =
  | { type: "completed"; at: string }
  | { type: "cancelled"; at: string }
  | { type: "refund"; refundId: string; items: { sku: string; amountFen: number; quantity?: number }[]; at: string };

export interface Balances {
  pendingFen: number;
  heldFen: number;
  availableFen: number;
  withdrawingFen: number;
  arrearsFen: number;
}
type Pay = { kind: "percent"; rateBp: number } | { kind: "fixed"; fixedFen: number };
interface Rule {
  id: string;
  /** Creation order: "the rule created later" wins ties (its creation, not its version's). */
  seq: number;
  enabled: boolean;
  version: number;
  def: RuleDef;
}
export interface Distributor {
  code: string;
  phone: string;
  upline: string | null;
  level: string | null;
  status: DistributorStatus;
  balances: Balances;
}
interface Line {
  sku: string;
  category: string | null;
  quantity: number;
  amountFen: number;
  refundedFen: number;
  refundedQty: number;
}
export interface Commission {
  line: number;
  tier: Tier;
  code: string;
  ruleId: string;
  ruleVersion: number;
  ruleName: string;
  /** The terms it was computed with; refunds recompute with them, never by re-selecting. */
  pay: Pay;
  amountFen: number;
  status: "pending" | "held" | "settled" | "cancelled";
}
export interface Order {
  input: OrderInput;
  status: "paid" | "completed" | "cancelled";
  paidMs: number;
  completedMs: number | null;
  settleAfterMs: number | null;
  attribution: { distributorCode: string | null; source: "referral_code" | "binding" | "none" };
  verdict: "allow" | "review" | "block";
  lines: Line[];
  commissions: Commission[];
  refundIds: Set<string>;
}
/** What the API's order view must say, in a shape both sides are mapped to. */
export interface ExpectedOrder {
  status: Order["status"];
  paidMs: number;
  completedMs: number | null;
  settleAfterMs: number | null;
  attribution: Order["attribution"];
  verdict: Order["verdict"];
  items: { sku: string; category: string | null; quantity: number; amountFen: number; refundedFen: number }[];
  commissions: { tier: number; distributorCode: string; sku: string; amountFen: number; status: string; ruleId: string; ruleVersion: number }[];
}

/** DOMAIN.md / DESIGN.md: `floor(base_fen × rate_bp / 10000)`; fixed amounts are per unit × quantity. */
export function payOn(pay: Pay, baseFen: number, units: number): number {
  // base × rate stays far below 2^53 here, so the product is exact and so is the floor.
  return pay.kind === "percent" ? Math.floor((baseFen * pay.rateBp) / 10_000) : pay.fixedFen * units;
}

export const orderKey = (channel: string, externalId: string) => `${channel}/${externalId}`;
const shanghaiHour = (ms: number) => Math.floor((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS);
const specificity = (m: RuleMatch) => (m.skus ? 2 : m.categories ? 1 : 0);

/** DESIGN.md: every given condition matches; the paid time in [from, until); hours wrap past midnight when from > to. */
function matches(m: RuleMatch, f: { sku: string; category: string | null; channel: string; paidMs: number; level: string | null }) {
  if (m.skus && !m.skus.includes(f.sku)) return false;
  if (m.categories && (f.category === null || !m.categories.includes(f.category))) return false;
  if (m.channels && !m.channels.includes(f.channel)) return false;
  if (m.levels && (f.level === null || !m.levels.includes(f.level))) return false;
  if (m.from !== undefined && f.paidMs < Date.parse(m.from)) return false;
  if (m.until !== undefined && f.paidMs >= Date.parse(m.until)) return false;
  if (m.hours) {
    const h = shanghaiHour(f.paidMs);
    const inside = m.hours.from < m.hours.to ? h >= m.hours.from && h < m.hours.to : h >= m.hours.from || h < m.hours.to;
    if (!inside) return false;
  }
  return true;
}

const zero = (): Balances => ({ pendingFen: 0, heldFen: 0, availableFen: 0, withdrawingFen: 0, arrearsFen: 0 });
const BALANCE_OF = { pending: "pendingFen", held: "heldFen" } as const;

export class BrandModel {
  /** DOMAIN.md's defaults until the drill changes them. */
  program: Program = { commissionLevels: 2, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" };
  readonly rules: Rule[] = [];
  readonly distributors = new Map<string, Distributor>();
  readonly orders = new Map<string, Order>();
  private readonly productCategory = new Map<string, string | null>();
  /** identity ("kind:value") → member; a distributor's member is "D:<code>". */
  private readonly memberOf = new Map<string, string>();
  private readonly bindings = new Map<string, { code: string; boundMs: number }>();
  private readonly blacklistedPhones = new Set<string>();
  private members = 0;
  /** What the life exercised that its end state no longer shows: the drill asserts each happened. */
  readonly seen = { inactiveEarnerSkipped: 0, waitedForInactiveEarner: 0, clawedBack: 0, rebound: 0, keptByBinding: 0 };

  addProduct(sku: string, category: string | null) {
    this.productCategory.set(sku, category);
  }

  addRule(id: string, def: RuleDef) {
    this.rules.push({ id, seq: this.rules.length, enabled: true, version: 1, def: structuredClone(def) });
  }

  /** PUT: a new version, unless the definition is identical. */
  reviseRule(id: string, def: RuleDef) {
    const r = this.rule(id);
    if (JSON.stringify(r.def) !== JSON.stringify(def)) {
      r.version += 1;
      r.def = structuredClone(def);
    }
    return r.version;
  }

  disableRule(id: string) {
    this.rule(id).enabled = false;
  }

  rule(id: string) {
    const r = this.rules.find((x) => x.id === id);
    if (!r) throw new Error(`model: no rule ${id}`);
    return r;
  }

  addDistributor(code: string, d: { phone: string; upline: string | null; level: string | null }) {
    this.distributors.set(code, { code, ...d, status: "active", balances: zero() });
    this.memberOf.set(`phone:${d.phone}`, `D:${code}`);
  }

  distributor(code: string) {
    const d = this.distributors.get(code);
    if (!d) throw new Error(`model: no distributor ${code}`);
    return d;
  }

  /**
   * PATCH status. DOMAIN.md names the states, not the moves; the drill only asks for these
   * (a disabled distributor can be reactivated but not frozen). The same status is a no-op.
   */
  setStatus(code: string, to: DistributorStatus): 200 | 422 {
    const d = this.distributor(code);
    const allowed: Record<DistributorStatus, DistributorStatus[]> = { active: ["frozen", "disabled"], frozen: ["active", "disabled"], disabled: ["active"] };
    if (d.status === to) return 200;
    if (!allowed[d.status].includes(to)) return 422;
    d.status = to;
    return 200;
  }

  blacklistPhone(phone: string) {
    this.blacklistedPhones.add(phone);
  }

  /** POST /orders: the first time creates the order (201); the same (channel, externalId) again is the existing one, unchanged (200). */
  ingest(input: OrderInput, nowMs: number): { created: boolean; order: Order } {
    const key = orderKey(input.channel, input.externalId);
    const existing = this.orders.get(key);
    if (existing) return { created: false, order: existing };
    const member = this.resolveMember(input.buyer.identities);
    const { d, source } = this.attribute(member, input.referralCode?.trim().toUpperCase() || null, nowMs);
    // §7 self-purchase: buyer and tier-1 distributor are one person (by OneID).
    const self = d !== null && member === `D:${d.code}`;
    const listed = input.buyer.identities.some((i) => i.kind === "phone" && this.blacklistedPhones.has(i.value));
    const verdict = self && this.program.selfPurchase === "block" ? "block" : listed ? "review" : "allow";
    const paidMs = Date.parse(input.paidAt);
    const completedMs = input.status === "completed" ? Date.parse(input.completedAt!) : null;
    const order: Order = {
      input: structuredClone(input),
      status: input.status,
      paidMs,
      completedMs,
      settleAfterMs: completedMs === null ? null : completedMs + this.program.afterSalesDays * DAY_MS,
      attribution: { distributorCode: d?.code ?? null, source },
      verdict,
      lines: input.items.map((i) => ({
        sku: i.sku,
        category: i.category ?? this.productCategory.get(i.sku) ?? null,
        quantity: i.quantity,
        amountFen: i.amountFen,
        refundedFen: 0,
        refundedQty: 0,
      })),
      commissions: [],
      refundIds: new Set(),
    };
    this.orders.set(key, order);
    if (!d || input.status === "cancelled" || verdict === "block") return { created: true, order };

    // §1: tier 1 the attributed distributor, then its inviter, then that one's; a frozen or
    // disabled earner gets nothing and its share is not passed up.
    const chain: Distributor[] = [d];
    for (let up = d.upline; up && chain.length < 3; up = this.distributor(up).upline) chain.push(this.distributor(up));
    chain.forEach((earner, i) => {
      const tier = (i + 1) as Tier;
      if (tier > this.program.commissionLevels) return;
      if (earner.status !== "active") return void (this.seen.inactiveEarnerSkipped += 1);
      order.lines.forEach((line, lineNo) => {
        const facts = { sku: line.sku, category: line.category, channel: input.channel, paidMs, level: earner.level };
        for (const { rule, pay } of this.select(tier, facts)) {
          const amountFen = payOn(pay, line.amountFen, line.quantity);
          if (amountFen <= 0) continue; // a tier that earns 0 gets no commission row
          const status = verdict === "review" ? "held" : "pending";
          order.commissions.push({ line: lineNo, tier, code: earner.code, ruleId: rule.id, ruleVersion: rule.version, ruleName: rule.def.name, pay, amountFen, status });
          earner.balances[BALANCE_OF[status]] += amountFen;
        }
      });
    });
    return { created: true, order };
  }

  /**
   * DESIGN.md "Commission semantics": per earner and line, the most specific enabled
   * non-stackable rule with an entry for the tier (SKU > category > neither), then the higher
   * priority, then the rule created later; every matching stackable pays on top.
   */
  private select(tier: Tier, facts: Parameters<typeof matches>[1]) {
    const candidates = this.rules.flatMap((rule) => {
      const entry = rule.def.tiers.find((t) => t.tier === tier);
      if (!rule.enabled || !entry || !matches(rule.def.match, facts)) return [];
      const pay: Pay = "rateBp" in entry ? { kind: "percent", rateBp: entry.rateBp } : { kind: "fixed", fixedFen: entry.fixedFen };
      return [{ rule, pay }];
    });
    const [primary] = candidates
      .filter((c) => !c.rule.def.stackable)
      .sort((a, b) => specificity(b.rule.def.match) - specificity(a.rule.def.match) || b.rule.def.priority - a.rule.def.priority || b.rule.seq - a.rule.seq);
    return [...(primary ? [primary] : []), ...candidates.filter((c) => c.rule.def.stackable)];
  }

  private resolveMember(identities: Identity[]) {
    const owners = new Set(identities.map((i) => this.memberOf.get(`${i.kind}:${i.value}`)).filter((m): m is string => !!m));
    if (owners.size > 1) throw new Error("model: an order naming two members (a OneID merge) is outside the drill");
    const member = [...owners][0] ?? `M${++this.members}`;
    for (const i of identities) if (!this.memberOf.has(`${i.kind}:${i.value}`)) this.memberOf.set(`${i.kind}:${i.value}`, member);
    return member;
  }

  /**
   * §2 and "Commission semantics": an active distributor's code binds an unbound buyer; for a
   * bound buyer the binding mode decides (lock: the window runs from when the binding was made;
   * permanent keeps; last_click rebinds). A frozen or disabled distributor's code neither binds
   * nor attributes; a buyer bound to one stays bound. One's own code attributes (self-purchase
   * is judged on it) but never binds.
   * The window is the binding's time plus the lock days as they stand at the order, whatever
   * the mode was when it was made ("checked when the next order is ingested").
   */
  private attribute(member: string, code: string | null, nowMs: number): { d: Distributor | null; source: Order["attribution"]["source"] } {
    const current = this.bindings.get(member);
    const byCode = code ? this.distributors.get(code) : undefined;
    if (byCode?.status === "active") {
      if (member.startsWith("D:") && member !== `D:${byCode.code}`) throw new Error("model: a distributor buying through another's code is outside the drill");
      if (member === `D:${byCode.code}`) return { d: byCode, source: "referral_code" };
      const { bindingMode: mode, bindingLockDays } = this.program;
      const locked = mode === "lock" && current !== undefined && nowMs < current.boundMs + bindingLockDays * DAY_MS;
      if (!current || current.code === byCode.code || mode === "last_click" || (mode === "lock" && !locked)) {
        if (current && current.code !== byCode.code) this.seen.rebound += 1;
        if (current?.code !== byCode.code) this.bindings.set(member, { code: byCode.code, boundMs: nowMs });
        return { d: byCode, source: "referral_code" };
      }
    }
    if (current && byCode) this.seen.keptByBinding += 1;
    if (current) return { d: this.distributor(current.code), source: "binding" };
    return { d: null, source: "none" };
  }

  /** POST /orders/{channel}/{externalId}/events: 200 (applied or a no-op repeat), 404 or 422. */
  event(key: string, e: OrderEvent): 200 | 404 | 422 {
    const o = this.orders.get(key);
    if (!o) return 404;
    if (e.type === "completed") {
      if (o.status === "cancelled" || Date.parse(e.at) < o.paidMs) return 422;
      if (o.status === "completed") return 200;
      o.status = "completed";
      o.completedMs = Date.parse(e.at);
      o.settleAfterMs = o.completedMs + this.program.afterSalesDays * DAY_MS;
      return 200;
    }
    if (e.type === "cancelled") {
      if (o.status === "cancelled") return 200;
      if (o.status === "completed") return 422; // §4: cancellation is before completion
      o.status = "cancelled";
      for (const c of o.commissions) {
        if (c.status !== "pending" && c.status !== "held") continue;
        this.distributor(c.code).balances[BALANCE_OF[c.status]] -= c.amountFen;
        c.amountFen = 0;
        c.status = "cancelled";
      }
      return 200;
    }
    if (o.refundIds.has(e.refundId)) return 200;
    if (o.status === "cancelled") return 422;
    const lines = e.items.map((i) => o.lines.findIndex((l) => l.sku === i.sku));
    const fits = e.items.every((i, n) => {
      const l = o.lines[lines[n]!];
      return l !== undefined && i.amountFen <= l.amountFen - l.refundedFen && (i.quantity === undefined || i.quantity <= l.quantity - l.refundedQty);
    });
    if (!fits) return 422;
    o.refundIds.add(e.refundId);
    e.items.forEach((i, n) => {
      const l = o.lines[lines[n]!]!;
      const leftFen = l.amountFen - l.refundedFen;
      // A refund without a quantity returns no units unless it empties the line's amount.
      l.refundedQty += i.quantity ?? (i.amountFen === leftFen ? l.quantity - l.refundedQty : 0);
      l.refundedFen += i.amountFen;
    });
    // §4: pending (and held) shrink, settled is clawed back from available and then into arrears.
    const clawback = new Map<string, number>();
    for (const c of o.commissions) {
      const l = o.lines[c.line]!;
      if (c.status === "cancelled" || !lines.includes(c.line)) continue;
      const now = payOn(c.pay, l.amountFen - l.refundedFen, l.quantity - l.refundedQty);
      const cut = Math.max(0, c.amountFen - now);
      if (!cut) continue;
      c.amountFen = now;
      if (c.status === "settled") {
        clawback.set(c.code, (clawback.get(c.code) ?? 0) + cut);
        this.seen.clawedBack += 1;
      } else {
        this.distributor(c.code).balances[BALANCE_OF[c.status]] -= cut;
        if (now === 0) c.status = "cancelled";
      }
    }
    for (const [code, cut] of clawback) {
      const b = this.distributor(code).balances;
      const fromAvailable = Math.min(cut, b.availableFen);
      b.availableFen -= fromAvailable;
      b.arrearsFen += cut - fromAvailable;
    }
    return 200;
  }

  /**
   * A settlement run at `nowMs` (§4): pending commissions of completed orders whose settleAfter
   * has passed, of earners that are active now, become available, offsetting arrears first.
   */
  settle(nowMs: number) {
    const due = new Map<string, number>();
    const orders = new Set<string>();
    let commissions = 0;
    for (const [key, o] of this.orders) {
      if (o.status !== "completed" || o.settleAfterMs === null || o.settleAfterMs > nowMs) continue;
      for (const c of o.commissions) {
        if (c.status !== "pending") continue;
        if (this.distributor(c.code).status !== "active") {
          this.seen.waitedForInactiveEarner += 1;
          continue;
        }
        c.status = "settled";
        commissions += 1;
        orders.add(key);
        due.set(c.code, (due.get(c.code) ?? 0) + c.amountFen);
      }
    }
    let settledFen = 0;
    let offsetFen = 0;
    for (const [code, total] of due) {
      const b = this.distributor(code).balances;
      const offset = Math.min(total, b.arrearsFen);
      b.pendingFen -= total;
      b.arrearsFen -= offset;
      b.availableFen += total - offset;
      settledFen += total;
      offsetFen += offset;
    }
    return { totals: { commissions, settledFen, offsetFen }, orders };
  }

  view(key: string): ExpectedOrder {
    const o = this.orders.get(key)!;
    return {
      status: o.status,
      paidMs: o.paidMs,
      completedMs: o.completedMs,
      settleAfterMs: o.settleAfterMs,
      attribution: o.attribution,
      verdict: o.verdict,
      items: o.lines.map((l) => ({ sku: l.sku, category: l.category, quantity: l.quantity, amountFen: l.amountFen, refundedFen: l.refundedFen })),
      commissions: sortCommissions(
        o.commissions.map((c) => ({ tier: c.tier, distributorCode: c.code, sku: o.lines[c.line]!.sku, amountFen: c.amountFen, status: c.status, ruleId: c.ruleId, ruleVersion: c.ruleVersion })),
      ),
    };
  }

  /**
   * The trial balance (DESIGN.md GET /ledger/summary): the distributors' accounts summed, and
   * the brand's expense equal to what every commission earns now (accruals less cuts). With no
   * withdrawals, payouts, tax and fees stay 0.
   */
  ledgerSummary() {
    const sum = (k: keyof Balances) => [...this.distributors.values()].reduce((s, d) => s + d.balances[k], 0);
    const expense = [...this.orders.values()].reduce((s, o) => s + o.commissions.reduce((t, c) => t + c.amountFen, 0), 0);
    return {
      accounts: {
        pending: sum("pendingFen"),
        held: sum("heldFen"),
        available: sum("availableFen"),
        withdrawing: sum("withdrawingFen"),
        arrears: sum("arrearsFen"),
        commission_expense: expense,
        payouts: 0,
        tax_payable: 0,
        fees: 0,
      },
      imbalanceFen: 0,
    };
  }

  /** Everything the API can be checked against, for "a replay changed nothing". */
  fingerprint() {
    return JSON.stringify({
      orders: [...this.orders.keys()].map((k) => this.view(k)),
      distributors: [...this.distributors.values()],
    });
  }
}

export function sortCommissions<T extends { tier: number; sku: string; ruleId: string; distributorCode: string }>(list: T[]): T[] {
  const key = (c: T) => `${c.tier}|${c.sku}|${c.ruleId}|${c.distributorCode}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
