/**
 * Order ingest decisions, in memory, over the state ingest-state.ts loaded: who the buyer is
 * (OneID), who the order is attributed to and whether that binds the buyer (DOMAIN.md §2 and
 * the "Commission semantics"), self-purchase, and what each tier earns (the rules engine) —
 * one order after another in array order, each seeing what the previous ones changed.
 *
 * No I/O here: the result is a set of rows for ingest-flush.ts to write. The one thing it does
 * not do in memory is merge two members (rare, and it moves history around): it stops at
 * such an order and the caller runs resolveMember for it before planning the rest.
 */
import { uuidv7 } from "uuidv7";
import type { CommissionTrace, RiskRuleHit } from "@/db/schema/orders";
import { commissionsForLine, type Earner } from "@/server/commission/engine";
import { brandAccount, credit, debit, distributorAccount, type JournalInput, type PostingInput } from "@/server/ledger/accounts";
import { decideBinding } from "@/server/network/binding-rules";
import { maskIdentity } from "@/server/network/identity";
import { evaluateRisk, newBuyerFlags, verdictOf, type PlannedOrder } from "@/server/risk/evaluate";
import { orderSignals, type OrderSignals } from "@/server/risk/signals";
import {
  identityKey,
  orderKey,
  type BindingInfo,
  type DistributorInfo,
  type HashedIdentity,
  type IngestState,
} from "./ingest-state";
import type { OrderInput } from "./schemas";
import { compareText } from "@/server/shared/compare";

export type OrderSource = "api" | "import" | "console" | "demo";
type Tier = 1 | 2 | 3;

export interface PlanContext {
  now: Date;
  source: OrderSource;
  importId?: string | null;
}

export interface NewBindingRow {
  id: string;
  buyerMemberId: string;
  distributorId: string;
  boundAt: Date;
  protectedUntil: Date | null;
  endedAt: Date | null;
  endedReason: string | null;
}

export interface OrderRow {
  id: string;
  channel: string;
  externalId: string;
  status: "paid" | "completed" | "cancelled";
  buyerMemberId: string;
  referralCode: string | null;
  distributorId: string | null;
  attributionSource: "referral_code" | "binding" | "none";
  amountFen: number;
  paidAt: Date;
  completedAt: Date | null;
  settleAfter: Date | null;
  cancelledAt: Date | null;
  riskVerdict: "allow" | "review" | "block";
  riskRules: RiskRuleHit[];
  deviceHash: string | null;
  ipHash: string | null;
  shippingHash: string | null;
  receiverPhoneHash: string | null;
  shippingRegion: string | null;
  buyerNew: boolean;
}

export interface LineRow {
  id: string;
  orderId: string;
  lineNo: number;
  sku: string;
  category: string | null;
  quantity: number;
  amountFen: number;
}

export interface EventRow {
  orderId: string;
  type: "created" | "completed" | "cancelled";
  key: string;
  at: Date;
  data: Record<string, unknown>;
}

export interface CommissionRow {
  id: string;
  orderId: string;
  lineId: string;
  tier: Tier;
  distributorId: string;
  ruleId: string;
  ruleVersion: number;
  kind: "percent" | "fixed";
  rateBp: number | null;
  fixedFen: number | null;
  amountFen: number;
  status: "pending" | "held";
  trace: CommissionTrace;
  settleAfter: Date | null;
}

export type IngestOutcome =
  | { index: number; status: "created"; orderId: string }
  | { index: number; status: "existing"; orderId: string };

export interface Plan {
  outcomes: IngestOutcome[];
  /** Index (into the planned slice) of an order that needs a OneID merge first, or null. */
  stoppedAt: number | null;
  newMembers: string[];
  newIdentities: { memberId: string; kind: string; hash: string; masked: string }[];
  endedBindings: { id: string; endedAt: Date; reason: string }[];
  newBindings: NewBindingRow[];
  customerDeltas: Map<string, number>;
  orders: OrderRow[];
  lines: LineRow[];
  events: EventRow[];
  commissions: CommissionRow[];
  journals: JournalInput[];
  spend: Map<string, number>;
  /** Stored orders a pattern found in this segment raises to review (server/risk/evaluate.ts). */
  riskRaises: { orderId: string; hits: RiskRuleHit[] }[];
  /** Cases to open for this segment's orders under review with commission held. */
  riskCases: RiskCaseRow[];
}

export interface RiskCaseRow {
  orderId: string;
  kind: "order_review" | "settled_order";
  distributorIds: string[];
  rules: RiskRuleHit[];
  amountFen: number;
}

const DAY_MS = 86_400_000;

/** A binding before none; the earlier binding first, then the smaller id (bindings of one batch share their time). */
function compareBindings(a: Pick<BindingInfo, "id" | "boundAt"> | null, b: Pick<BindingInfo, "id" | "boundAt"> | null): number {
  if (!a || !b) return Number(!a) - Number(!b);
  return a.boundAt.getTime() - b.boundAt.getTime() || compareText(a.id, b.id);
}

export function settleAfterOf(completedAt: Date, afterSalesDays: number) {
  return new Date(completedAt.getTime() + afterSalesDays * DAY_MS);
}

/** The accrual journal of a set of new commissions: the brand's expense against each earner. */
export function accrualJournal(orderId: string, commissions: Pick<CommissionRow, "distributorId" | "amountFen" | "status">[]): JournalInput | null {
  const total = commissions.reduce((s, c) => s + c.amountFen, 0);
  if (!total) return null;
  const postings: PostingInput[] = [debit(brandAccount("commission_expense"), total)];
  for (const c of commissions) postings.push(credit(distributorAccount(c.distributorId, c.status), c.amountFen));
  return { kind: "accrual", idempotencyKey: `order:${orderId}:accrual`, causeType: "order", causeId: orderId, orderId, postings };
}

export function planIngest(
  state: IngestState,
  orders: OrderInput[],
  hashed: HashedIdentity[][],
  ctx: PlanContext,
  signals: OrderSignals[] = orders.map(orderSignals),
): Plan {
  const plan: Plan = {
    outcomes: [],
    stoppedAt: null,
    newMembers: [],
    newIdentities: [],
    endedBindings: [],
    newBindings: [],
    customerDeltas: new Map(),
    orders: [],
    lines: [],
    events: [],
    commissions: [],
    journals: [],
    spend: new Map(),
    riskRaises: [],
    riskCases: [],
  };
  const planned: PlannedOrder[] = [];
  const createdMembers = new Set<string>();
  const pendingBindings = new Map<string, NewBindingRow>();
  const levelName = new Map(state.levels.map((l) => [l.id, l.name]));
  const { settings, now } = { settings: state.settings, now: ctx.now };

  // A member's current binding, if its distributor can still hold buyers (mergeMembers' rule).
  const validBinding = (memberId: string): BindingInfo | null => {
    const b = state.bindings.get(memberId);
    const status = b ? state.distributorsById.get(b.distributorId)?.status : undefined;
    return b && status !== "disabled" && status !== "rejected" ? b : null;
  };
  const resolveBuyer = (ids: HashedIdentity[]): string | null => {
    const owners = new Map<string, boolean>(); // member → every matched identity verified
    for (const h of ids) {
      const o = state.identities.get(identityKey(h.kind, h.hash));
      if (o) owners.set(o.memberId, (owners.get(o.memberId) ?? true) && o.verified);
    }
    let memberId: string;
    if (owners.size === 0) {
      memberId = uuidv7();
      plan.newMembers.push(memberId);
      createdMembers.add(memberId);
      state.members.set(memberId, { createdAt: now });
      state.bindings.set(memberId, null);
    } else {
      // A distributor's member first (as resolveMember: its account must stay, and self-purchase
      // is judged on it); then the member holding the earliest still-valid binding, which a merge
      // would keep (DOMAIN §2), so the order follows the same binding whether or not its
      // identities are proven one person; then the earliest member. Ties go to the smaller id
      // (ids are time-ordered, and members or bindings made in one batch share their time), so
      // the order the identities are listed in never decides. Order identities are never
      // verified, so a merge needs every matched identity verified by its owner.
      const ranked = [...owners.keys()].sort(
        (a, b) =>
          Number(state.distributorByMember.has(b)) - Number(state.distributorByMember.has(a)) ||
          compareBindings(validBinding(a), validBinding(b)) ||
          (state.members.get(a)?.createdAt.getTime() ?? 0) - (state.members.get(b)?.createdAt.getTime() ?? 0) ||
          compareText(a, b),
      );
      const mergeable =
        ranked.length > 1 && [...owners.values()].every(Boolean) && ranked.filter((m) => state.distributorByMember.has(m)).length <= 1;
      if (mergeable) return null;
      memberId = ranked[0]!;
    }
    for (const h of ids) {
      const key = identityKey(h.kind, h.hash);
      if (state.identities.has(key)) continue;
      state.identities.set(key, { memberId, verified: false });
      plan.newIdentities.push({ memberId, kind: h.kind, hash: h.hash, masked: maskIdentity(h.kind, h.value) });
    }
    return memberId;
  };

  const adjustCustomers = (d: DistributorInfo, delta: 1 | -1) => {
    d.directCustomerCount = Math.max(0, d.directCustomerCount + delta);
    plan.customerDeltas.set(d.id, (plan.customerDeltas.get(d.id) ?? 0) + delta);
  };

  const bind = (buyerMemberId: string, current: BindingInfo | null, d: DistributorInfo, protectedUntil: Date | null) => {
    if (current) {
      const inSegment = pendingBindings.get(current.id);
      if (inSegment) Object.assign(inSegment, { endedAt: now, endedReason: "rebound:order_code" });
      else plan.endedBindings.push({ id: current.id, endedAt: now, reason: "rebound:order_code" });
      const old = state.distributorsById.get(current.distributorId);
      if (old) adjustCustomers(old, -1);
      else plan.customerDeltas.set(current.distributorId, (plan.customerDeltas.get(current.distributorId) ?? 0) - 1);
    }
    const row: NewBindingRow = { id: uuidv7(), buyerMemberId, distributorId: d.id, boundAt: now, protectedUntil, endedAt: null, endedReason: null };
    plan.newBindings.push(row);
    pendingBindings.set(row.id, row);
    state.bindings.set(buyerMemberId, { id: row.id, distributorId: d.id, boundAt: now, protectedUntil });
    adjustCustomers(d, 1);
  };

  const attribute = (memberId: string, code: string | null, anonymous: boolean) => {
    const current = state.bindings.get(memberId) ?? null;
    const byCode = code ? state.distributorsByCode.get(code) : undefined;
    // A buyer nobody can recognise again (an export without buyer columns) is attributed by the
    // code alone: binding them would bind nobody, and count a new customer for every order.
    if (anonymous) return byCode?.status === "active" ? { distributor: byCode, source: "referral_code" as const } : { distributor: null, source: "none" as const };
    // A frozen or disabled distributor's code neither binds nor attributes.
    if (byCode && byCode.status === "active") {
      const buyerAsDistributor = state.distributorByMember.get(memberId);
      const decision = decideBinding(
        current,
        {
          distributorId: byCode.id,
          source: "order_code",
          now,
          isSelf: byCode.memberId === memberId,
          formsLoop: !!buyerAsDistributor && byCode.path.includes(`/${buyerAsDistributor.id}/`),
          candidateActive: true,
        },
        { mode: settings.bindingMode, lockDays: settings.bindingLockDays },
      );
      if (decision.action === "bind" || decision.action === "rebind") {
        bind(memberId, current, byCode, decision.protectedUntil);
        return { distributor: byCode, source: "referral_code" as const };
      }
      // Self and loop refuse the binding, not the attribution: the code names who sold.
      if (decision.action === "refuse" || decision.reason === "same_distributor") {
        return { distributor: byCode, source: "referral_code" as const };
      }
    }
    if (current) {
      const d = state.distributorsById.get(current.distributorId);
      if (d) return { distributor: d, source: "binding" as const };
    }
    return { distributor: null, source: "none" as const };
  };

  for (let index = 0; index < orders.length; index++) {
    const o = orders[index]!;
    const key = orderKey(o.channel, o.externalId);
    const known = state.existingOrders.get(key);
    if (known) {
      plan.outcomes.push({ index, status: "existing", orderId: known });
      continue;
    }
    const memberId = resolveBuyer(hashed[index]!);
    if (!memberId) {
      plan.stoppedAt = index;
      break;
    }
    const orderId = uuidv7();
    state.existingOrders.set(key, orderId);
    const code = o.referralCode?.trim().toUpperCase() || null;
    const { distributor, source } = attribute(memberId, code, hashed[index]!.length === 0);

    const chain: { tier: Tier; d: DistributorInfo }[] = [];
    if (distributor) {
      chain.push({ tier: 1, d: distributor });
      // ingest-state.ts loads every attributable distributor's uplines; one missing here would
      // silently pay fewer tiers, so it stops the call instead.
      const upline = (id: string | null) => {
        if (id === null) return undefined;
        const d = state.distributorsById.get(id);
        if (!d) throw new Error(`ingest: upline ${id} of distributor ${distributor.id} was not loaded`);
        return d;
      };
      const up1 = upline(distributor.uplineId);
      const up2 = upline(distributor.upline2Id);
      if (up1) chain.push({ tier: 2, d: up1 });
      if (up2) chain.push({ tier: 3, d: up2 });
    }

    const riskRules: RiskRuleHit[] = [];
    if (distributor && distributor.memberId === memberId && settings.selfPurchase === "block") {
      riskRules.push({ code: "self_purchase", action: "block", evidence: { distributorCode: distributor.code, matchedBy: "oneid" } });
    }
    const verdict = riskRules.some((r) => r.action === "block") ? "block" : riskRules.some((r) => r.action === "review") ? "review" : "allow";

    const paidAt = new Date(o.paidAt);
    const completedAt = o.completedAt ? new Date(o.completedAt) : null;
    const settleAfter = o.status === "completed" && completedAt ? settleAfterOf(completedAt, settings.afterSalesDays) : null;
    const amountFen = o.items.reduce((s, i) => s + i.amountFen, 0);
    plan.orders.push({
      id: orderId,
      channel: o.channel,
      externalId: o.externalId,
      status: o.status,
      buyerMemberId: memberId,
      referralCode: o.referralCode?.trim() || null,
      distributorId: distributor?.id ?? null,
      attributionSource: source,
      amountFen,
      paidAt,
      completedAt: o.status === "cancelled" ? null : completedAt,
      settleAfter,
      cancelledAt: o.status === "cancelled" ? now : null,
      riskVerdict: verdict,
      riskRules,
      // Normalised and hashed once (server/risk/signals.ts), as the blacklist hashes them.
      deviceHash: signals[index]!.device?.hash ?? null,
      ipHash: signals[index]!.ip?.hash ?? null,
      shippingHash: signals[index]!.address?.hash ?? null,
      receiverPhoneHash: signals[index]!.receiverPhone?.hash ?? null,
      shippingRegion: signals[index]!.shippingRegion,
      buyerNew: false, // set below, once every order of the segment is known
    });
    planned.push({
      id: orderId,
      channel: o.channel,
      externalId: o.externalId,
      buyerMemberId: memberId,
      buyerCreated: createdMembers.has(memberId),
      distributorId: distributor?.id ?? null,
      buyerDistributorId: state.distributorByMember.get(memberId)?.id ?? null,
      paidAt,
      amountFen,
      signals: signals[index]!,
      isNew: false,
    });
    plan.events.push({ orderId, type: "created", key: "created", at: paidAt, data: { status: o.status, attribution: source } });
    if (o.status === "completed" && completedAt) plan.events.push({ orderId, type: "completed", key: "completed", at: completedAt, data: {} });
    if (o.status === "cancelled") plan.events.push({ orderId, type: "cancelled", key: "cancelled", at: now, data: {} });
    if (o.status !== "cancelled") plan.spend.set(memberId, (plan.spend.get(memberId) ?? 0) + amountFen);

    // Frozen or disabled earners get nothing, and their share is not passed up.
    const earners: (Earner & { d: DistributorInfo })[] =
      o.status === "cancelled" || verdict === "block"
        ? []
        : chain
            .filter(({ tier, d }) => tier <= settings.commissionLevels && d.status === "active")
            .map(({ tier, d }) => ({ tier, level: d.levelId ? (levelName.get(d.levelId) ?? null) : null, d }));
    const orderCommissions: CommissionRow[] = [];
    o.items.forEach((item, lineNo) => {
      const lineId = uuidv7();
      const category = item.category ?? state.productCategory.get(item.sku) ?? null;
      plan.lines.push({ id: lineId, orderId, lineNo, sku: item.sku, category, quantity: item.quantity, amountFen: item.amountFen });
      if (!earners.length) return;
      const earned = commissionsForLine(state.rules, { channel: o.channel, paidAt }, { sku: item.sku, category, quantity: item.quantity, amountFen: item.amountFen }, earners);
      for (const c of earned) {
        orderCommissions.push({
          id: uuidv7(),
          orderId,
          lineId,
          tier: c.tier,
          distributorId: earners.find((e) => e.tier === c.tier)!.d.id,
          ruleId: c.ruleId,
          ruleVersion: c.ruleVersion,
          kind: c.kind,
          rateBp: c.rateBp,
          fixedFen: c.fixedFen,
          amountFen: c.amountFen,
          status: verdict === "review" ? "held" : "pending",
          trace: c.trace,
          settleAfter,
        });
      }
    });
    plan.commissions.push(...orderCommissions);
    plan.outcomes.push({ index, status: "created", orderId });
  }
  const newFlags = newBuyerFlags(planned, state.risk?.firstPaid ?? null);
  const rowById = new Map(plan.orders.map((o) => [o.id, o]));
  planned.forEach((p, i) => {
    p.isNew = newFlags[i]!;
    rowById.get(p.id)!.buyerNew = p.isNew;
  });
  if (state.risk) applyRisk(state, plan, planned);
  // Accruals last, once the risk verdicts have settled which commissions are held or dropped.
  const byOrder = new Map<string, CommissionRow[]>();
  for (const c of plan.commissions) {
    const list = byOrder.get(c.orderId);
    if (list) list.push(c);
    else byOrder.set(c.orderId, [c]);
  }
  for (const order of plan.orders) {
    const journal = accrualJournal(order.id, byOrder.get(order.id) ?? []);
    if (journal) plan.journals.push(journal);
  }
  return plan;
}

/**
 * The risk verdicts of the segment's new orders (server/risk/evaluate.ts): the rules that fired
 * are added to each order; review holds its commissions, block drops them (nothing accrues);
 * an order under review with commission held gets a case. Stored orders a pattern reaches back
 * to are listed for the caller to raise (they are not in this plan).
 */
function applyRisk(state: IngestState, plan: Plan, planned: PlannedOrder[]) {
  const risk = state.risk!;
  const codeOf = (id: string) => state.distributorsById.get(id)?.code ?? null;
  const { hits, raises } = evaluateRisk(risk, planned, codeOf);
  const rows = new Map(plan.orders.map((o) => [o.id, o]));
  const blocked = new Set<string>();
  const review = new Set<string>();
  planned.forEach((p, i) => {
    const row = rows.get(p.id)!;
    if (!hits[i]!.length) return;
    row.riskRules = [...row.riskRules, ...hits[i]!];
    row.riskVerdict = verdictOf(row.riskRules);
    if (row.riskVerdict === "block") blocked.add(row.id);
    else if (row.riskVerdict === "review") review.add(row.id);
  });
  if (blocked.size) plan.commissions = plan.commissions.filter((c) => !blocked.has(c.orderId));
  const held = new Map<string, CommissionRow[]>();
  for (const c of plan.commissions) {
    if (!review.has(c.orderId)) continue;
    c.status = "held";
    held.set(c.orderId, [...(held.get(c.orderId) ?? []), c]);
  }
  for (const [orderId, commissions] of held) {
    const amountFen = commissions.reduce((s, c) => s + c.amountFen, 0);
    if (!amountFen) continue;
    plan.riskCases.push({
      orderId,
      kind: "order_review",
      distributorIds: [...new Set(commissions.map((c) => c.distributorId))],
      rules: rows.get(orderId)!.riskRules,
      amountFen,
    });
  }
  plan.riskRaises = [...raises].map(([orderId, h]) => ({ orderId, hits: h }));
}
