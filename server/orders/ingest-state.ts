/**
 * What order ingest needs to know before it decides anything, read in a fixed number of
 * queries for a whole segment of orders (one order from the API, up to 1,000 from a batch):
 * existing orders, buyers' identities and bindings, the distributors that codes and bindings
 * point at and their uplines, settings, levels, rules and product categories.
 *
 * The planner (ingest-plan.ts) then works on this state in memory, order by order in array
 * order, updating it as it goes (a binding made by order 3 is seen by order 4), and the
 * flusher writes the result in bulk. Reading per order instead would cost a dozen round trips
 * an order, which is what keeps naive batch ingest under a thousand orders a second.
 */
import { and, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bindings, brandSettings, distributorLevels, distributors, products } from "@/db/schema";
import { rowsOf } from "@/db/tenant";
import { loadActiveRules } from "@/server/commission/rules";
import { prepareRules, type RuleSet } from "@/server/commission/engine";
import { AppError } from "@/server/errors";
import { identityHash, type IdentityKind } from "@/server/network/identity";
import { jsonParam } from "@/server/ledger/post";
import { loadRiskRound1, loadRiskRound2, riskStateOf, type RiskState } from "@/server/risk/ingest-reads";
import type { OrderSignals } from "@/server/risk/signals";
import type { OrderInput } from "./schemas";

export interface DistributorInfo {
  id: string;
  code: string;
  memberId: string;
  status: "applied" | "active" | "frozen" | "disabled" | "rejected";
  levelId: string | null;
  uplineId: string | null;
  upline2Id: string | null;
  path: string;
  gmvFen: number;
  orderCount: number;
  directCustomerCount: number;
}

export interface BindingInfo {
  id: string;
  distributorId: string;
  boundAt: Date;
  protectedUntil: Date | null;
}

export interface MemberInfo {
  createdAt: Date;
}

export interface IdentityOwner {
  memberId: string;
  verified: boolean;
}

/** A level's name, for the calculation traces of rules keyed on level (levels change only from settled sales). */
export interface LevelInfo {
  id: string;
  name: string;
}

export interface ProgramSettings {
  commissionLevels: number;
  afterSalesDays: number;
  bindingMode: "permanent" | "lock" | "last_click";
  bindingLockDays: number;
  selfPurchase: "block" | "allow";
}

export interface IngestState {
  tenantId: string;
  settings: ProgramSettings;
  levels: LevelInfo[];
  rules: RuleSet;
  /** "channel:externalId" → order id. */
  existingOrders: Map<string, string>;
  /** "kind:hash" → owner. */
  identities: Map<string, IdentityOwner>;
  members: Map<string, MemberInfo>;
  distributorsById: Map<string, DistributorInfo>;
  distributorsByCode: Map<string, DistributorInfo>;
  distributorByMember: Map<string, DistributorInfo>;
  /** Current binding per known member (null = known to be unbound). */
  bindings: Map<string, BindingInfo | null>;
  productCategory: Map<string, string | null>;
  /** Event types some enabled webhook endpoint of the brand subscribes to (empty: write no outbox rows). */
  webhookTypes: Set<string>;
  /** What the risk checks read for this segment (server/risk/ingest-reads.ts); null = risk off. */
  risk: RiskState | null;
}

export const orderKey = (channel: string, externalId: string) => `${channel}:${externalId}`;
export const identityKey = (kind: string, hash: string) => `${kind}:${hash}`;

export interface HashedIdentity {
  kind: IdentityKind;
  hash: string;
  value: string;
}

/** Each order's identities, hashed once (keyed HMAC) and deduplicated. */
export function hashIdentities(order: OrderInput): HashedIdentity[] {
  const seen = new Map<string, HashedIdentity>();
  for (const i of order.buyer.identities) {
    const hash = identityHash(i.kind, i.value);
    seen.set(identityKey(i.kind, hash), { kind: i.kind, hash, value: i.value });
  }
  return [...seen.values()];
}

const DISTRIBUTOR_COLUMNS = {
  id: distributors.id,
  code: distributors.code,
  memberId: distributors.memberId,
  status: distributors.status,
  levelId: distributors.levelId,
  uplineId: distributors.uplineId,
  upline2Id: distributors.upline2Id,
  path: distributors.path,
  gmvFen: distributors.gmvFen,
  orderCount: distributors.orderCount,
  directCustomerCount: distributors.directCustomerCount,
};

export async function loadProgram(tx: Tx): Promise<ProgramSettings> {
  const [s] = await tx
    .select({
      commissionLevels: brandSettings.commissionLevels,
      afterSalesDays: brandSettings.afterSalesDays,
      bindingMode: brandSettings.bindingMode,
      bindingLockDays: brandSettings.bindingLockDays,
      selfPurchase: brandSettings.selfPurchase,
    })
    .from(brandSettings);
  if (!s) throw new AppError("NOT_FOUND", "Brand settings not found.");
  return s;
}

/**
 * The program settings, and the webhook event types the brand's enabled endpoints subscribe
 * to, in the one statement that reads the brand's state (no extra query on the ingest path).
 */
async function loadProgramAndWebhooks(tx: Tx): Promise<{ settings: ProgramSettings; webhookTypes: Set<string> }> {
  const [s] = await tx
    .select({
      commissionLevels: brandSettings.commissionLevels,
      afterSalesDays: brandSettings.afterSalesDays,
      bindingMode: brandSettings.bindingMode,
      bindingLockDays: brandSettings.bindingLockDays,
      selfPurchase: brandSettings.selfPurchase,
      webhookTypes: sql<string[] | null>`(select array_agg(distinct t) from webhook_endpoints e, unnest(e.events) t where e.enabled)`,
    })
    .from(brandSettings);
  if (!s) throw new AppError("NOT_FOUND", "Brand settings not found.");
  const { webhookTypes, ...settings } = s;
  return { settings, webhookTypes: new Set(webhookTypes ?? []) };
}

export async function loadIngestState(
  tx: Tx,
  tenantId: string,
  orders: OrderInput[],
  hashed: HashedIdentity[][],
  risk: { signals: OrderSignals[]; now: Date } | null = null,
): Promise<IngestState> {
  // Three rounds of independent queries; postgres-js pipelines each round on the connection.
  // The risk checks' reads ride in the first two (server/risk/ingest-reads.ts).
  const allIdentities = hashed.flat();
  const codes = [...new Set(orders.map((o) => o.referralCode?.trim().toUpperCase()).filter((c): c is string => !!c))];
  const paidAt = orders.map((o) => new Date(o.paidAt));
  const [{ settings, webhookTypes }, levels, rules, existing, owners, codeDistributors, categories, risk1] = await Promise.all([
    loadProgramAndWebhooks(tx),
    tx
      .select({ id: distributorLevels.id, name: distributorLevels.name })
      .from(distributorLevels),
    loadActiveRules(tx),
    // Key lookups as LATERAL ... LIMIT 1 (each key is unique), which the planner cannot turn
    // into a join: joined to a recordset it guesses at 100 rows, it hashed the whole table
    // while the table was small (3 ms a call on a brand's first 10,000 buyers, every call).
    tx
      .execute(sql`
        select o.channel, o.external_id, o.id
        from jsonb_to_recordset(${jsonParam(orders.map((o) => ({ c: o.channel, e: o.externalId })))}) as x(c text, e text)
        cross join lateral (
          select o.channel, o.external_id, o.id from orders o where o.external_id = x.e and o.channel = x.c::order_channel limit 1
        ) o`)
      .then((r) => rowsOf<{ channel: string; external_id: string; id: string }>(r)),
    allIdentities.length
      ? tx
          .execute(sql`
            select i.kind, i.value_hash, i.member_id, i.verified_at, m.created_at
            from jsonb_to_recordset(${jsonParam(allIdentities.map((h) => ({ k: h.kind, h: h.hash })))}) as x(k text, h text)
            cross join lateral (
              select i.tenant_id, i.kind, i.value_hash, i.member_id, i.verified_at from member_identities i
              where i.value_hash = x.h and i.kind = x.k::identity_kind limit 1
            ) i
            join members m on m.tenant_id = i.tenant_id and m.id = i.member_id`)
          .then((r) => rowsOf<{ kind: string; value_hash: string; member_id: string; verified_at: string | Date | null; created_at: string | Date }>(r))
      : [],
    codes.length ? withUplines(tx, sql`c.code in (select jsonb_array_elements_text(${jsonParam(codes)}))`) : [],
    loadCategories(tx, orders),
    risk ? loadRiskRound1(tx, { signals: risk.signals, paidAt, codes, now: risk.now }) : null,
  ]);
  const memberIds = [...new Set(owners.map((o) => o.member_id))];

  const [currentBindings, buyerDistributors, risk2] = await Promise.all([
    memberIds.length
      ? tx
          .select({ id: bindings.id, buyer: bindings.buyerMemberId, distributorId: bindings.distributorId, boundAt: bindings.boundAt, protectedUntil: bindings.protectedUntil })
          .from(bindings)
          .where(and(inArray(bindings.buyerMemberId, memberIds), isNull(bindings.endedAt)))
          .for("update")
      : [],
    memberIds.length ? tx.select(DISTRIBUTOR_COLUMNS).from(distributors).where(inArray(distributors.memberId, memberIds)) : [],
    risk ? loadRiskRound2(tx, { memberIds, codes, paidAt, now: risk.now }) : null,
  ]);

  const distributorsById = new Map<string, DistributorInfo>();
  const add = (rows: DistributorInfo[]) => rows.forEach((d) => distributorsById.set(d.id, normaliseNumbers(d)));
  add(buyerDistributors);
  add(codeDistributors);
  // Whoever a binding points at may be attributed: load them with their two uplines. One
  // already here came as a buyer or as another's upline, without its own uplines: its chain is
  // loaded too, or its orders would pay only the tiers that happened to be loaded.
  const chainMissing = (id: string) => {
    const d = distributorsById.get(id);
    return !d || [d.uplineId, d.upline2Id].some((up) => up !== null && !distributorsById.has(up));
  };
  const bound = [...new Set(currentBindings.map((b) => b.distributorId))].filter(chainMissing);
  if (bound.length) add(await withUplines(tx, sql`c.id in (select (jsonb_array_elements_text(${jsonParam(bound)}))::uuid)`));

  const state: IngestState = {
    tenantId,
    settings,
    levels,
    rules: prepareRules(rules),
    existingOrders: new Map(existing.map((r) => [orderKey(r.channel, r.external_id), r.id])),
    identities: new Map(
      owners.map((o) => [identityKey(o.kind, o.value_hash), { memberId: o.member_id, verified: o.verified_at !== null }]),
    ),
    members: new Map(owners.map((o) => [o.member_id, { createdAt: new Date(o.created_at) }])),
    distributorsById,
    distributorsByCode: new Map(),
    distributorByMember: new Map(),
    bindings: new Map(memberIds.map((id) => [id, null])),
    productCategory: categories,
    webhookTypes,
    risk: risk1 && risk2 ? riskStateOf(risk1, risk2) : null,
  };
  for (const d of distributorsById.values()) {
    state.distributorsByCode.set(d.code, d);
    state.distributorByMember.set(d.memberId, d);
  }
  for (const b of currentBindings) {
    state.bindings.set(b.buyer, { id: b.id, distributorId: b.distributorId, boundAt: b.boundAt, protectedUntil: b.protectedUntil });
  }
  return state;
}

/** Distributors matching `where` (on alias c) and their uplines, in one query: the chain of each. */
function withUplines(tx: Tx, where: SQL) {
  return tx
    .select(DISTRIBUTOR_COLUMNS)
    .from(distributors)
    .where(sql`${distributors.id} in (select unnest(array[c.id, c.upline_id, c.upline2_id]) from distributors c where ${where})`);
}

function normaliseNumbers(d: DistributorInfo): DistributorInfo {
  return { ...d, gmvFen: Number(d.gmvFen), orderCount: Number(d.orderCount), directCustomerCount: Number(d.directCustomerCount) };
}

/** Categories of SKUs sent without one: an item's category defaults to its product's. */
async function loadCategories(tx: Tx, orders: OrderInput[]) {
  const skus = [...new Set(orders.flatMap((o) => o.items.filter((i) => !i.category).map((i) => i.sku)))];
  const out = new Map<string, string | null>();
  if (!skus.length) return out;
  const rows = await tx.select({ sku: products.sku, category: products.category }).from(products).where(inArray(products.sku, skus));
  for (const r of rows) out.set(r.sku, r.category);
  return out;
}
