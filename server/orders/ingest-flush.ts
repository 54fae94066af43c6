/**
 * Writes an ingest plan: a fixed number of set-based statements however many orders it holds,
 * in dependency order (members before identities and bindings, orders before lines, lines
 * before commissions). They are sent together and Postgres runs them one after another in that
 * order on the transaction's connection (pipelined), so the whole write is one round trip; the
 * first failure aborts the transaction and is the error reported. Rows travel as JSON recordsets (see ledger/post.ts). The plan's journals
 * are posted after this by the caller, last: the ledger locks the earners' account rows, so
 * posting last holds those locks for the shortest time.
 */
import { sql, type SQL } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { storedTrace } from "@/server/commission/stored-trace";
import { jsonParam } from "@/server/ledger/post";
import type { Actor } from "@/server/tenancy/audit";
import { emitWebhookEvents, type WebhookEventInput } from "@/server/webhooks/emit";
import type { Plan, PlanContext, RiskCaseRow } from "./ingest-plan";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function flushPlan(tx: Tx, tenantId: string, plan: Plan, ctx: PlanContext & { actor: Actor; webhookEvents?: WebhookEventInput[] }) {
  const t = sql`${tenantId}::uuid`;
  const sent: Promise<unknown>[] = [];
  const send = (statement: SQL) => sent.push(tx.execute(statement));
  if (plan.newMembers.length) {
    send(sql`
      insert into members (tenant_id, id, total_spend_fen)
      select ${t}, x.id, x.spend
      from jsonb_to_recordset(${jsonParam(plan.newMembers.map((id) => ({ id, spend: plan.spend.get(id) ?? 0 })))}) as x(id uuid, spend bigint)`);
  }
  if (plan.newIdentities.length) {
    // Another transaction may attach the same new identity first; it keeps it (as resolveMember).
    send(sql`
      insert into member_identities (tenant_id, id, member_id, kind, value_hash, masked)
      select ${t}, x.id, x.member_id, x.kind::identity_kind, x.hash, x.masked
      from jsonb_to_recordset(${jsonParam(plan.newIdentities.map((i) => ({ id: uuidv7(), member_id: i.memberId, kind: i.kind, hash: i.hash, masked: i.masked })))})
        as x(id uuid, member_id uuid, kind text, hash text, masked text)
      on conflict (tenant_id, kind, value_hash) do nothing`);
  }
  if (plan.endedBindings.length) {
    send(sql`
      update bindings b set ended_at = x.ended_at, ended_reason = x.reason
      from jsonb_to_recordset(${jsonParam(plan.endedBindings.map((b) => ({ id: b.id, ended_at: iso(b.endedAt), reason: b.reason })))})
        as x(id uuid, ended_at timestamptz, reason text)
      where b.id = x.id`);
  }
  if (plan.newBindings.length) {
    send(sql`
      insert into bindings (tenant_id, id, buyer_member_id, distributor_id, source, bound_at, protected_until, ended_at, ended_reason, actor_type)
      select ${t}, x.id, x.buyer, x.distributor, 'order_code', x.bound_at, x.protected_until, x.ended_at, x.ended_reason, 'system'
      from jsonb_to_recordset(${jsonParam(
        plan.newBindings.map((b) => ({
          id: b.id,
          buyer: b.buyerMemberId,
          distributor: b.distributorId,
          bound_at: iso(b.boundAt),
          protected_until: iso(b.protectedUntil),
          ended_at: iso(b.endedAt),
          ended_reason: b.endedReason,
        })),
      )}) as x(id uuid, buyer uuid, distributor uuid, bound_at timestamptz, protected_until timestamptz, ended_at timestamptz, ended_reason text)`);
  }
  if (plan.orders.length) {
    send(sql`
      insert into orders (tenant_id, id, channel, external_id, status, buyer_member_id, referral_code, distributor_id,
        attribution_source, amount_fen, paid_at, completed_at, settle_after, cancelled_at, risk_verdict, risk_rules,
        device_hash, ip_hash, shipping_hash, receiver_phone_hash, shipping_region, buyer_new, source, import_id)
      select ${t}, x.id, x.channel::order_channel, x.external_id, x.status::order_status, x.buyer, x.referral_code, x.distributor,
        x.attribution::attribution_source, x.amount, x.paid_at, x.completed_at, x.settle_after, x.cancelled_at,
        x.verdict::risk_verdict, x.risk_rules, x.device_hash, x.ip_hash, x.shipping_hash, x.receiver_phone_hash, x.shipping_region, x.buyer_new,
        ${ctx.source}::order_source, ${ctx.importId ?? null}::uuid
      from jsonb_to_recordset(${jsonParam(
        plan.orders.map((o) => ({
          id: o.id,
          channel: o.channel,
          external_id: o.externalId,
          status: o.status,
          buyer: o.buyerMemberId,
          referral_code: o.referralCode,
          distributor: o.distributorId,
          attribution: o.attributionSource,
          amount: o.amountFen,
          paid_at: iso(o.paidAt),
          completed_at: iso(o.completedAt),
          settle_after: iso(o.settleAfter),
          cancelled_at: iso(o.cancelledAt),
          verdict: o.riskVerdict,
          risk_rules: o.riskRules,
          device_hash: o.deviceHash,
          ip_hash: o.ipHash,
          shipping_hash: o.shippingHash,
          receiver_phone_hash: o.receiverPhoneHash,
          shipping_region: o.shippingRegion,
          buyer_new: o.buyerNew,
        })),
      )}) as x(id uuid, channel text, external_id text, status text, buyer uuid, referral_code text, distributor uuid,
        attribution text, amount bigint, paid_at timestamptz, completed_at timestamptz, settle_after timestamptz,
        cancelled_at timestamptz, verdict text, risk_rules jsonb, device_hash text, ip_hash text, shipping_hash text,
        receiver_phone_hash text, shipping_region text, buyer_new boolean)`);
    send(sql`
      insert into order_lines (tenant_id, id, order_id, line_no, sku, category, quantity, amount_fen)
      select ${t}, x.id, x.order_id, x.line_no, x.sku, x.category, x.quantity, x.amount
      from jsonb_to_recordset(${jsonParam(
        plan.lines.map((l) => ({ id: l.id, order_id: l.orderId, line_no: l.lineNo, sku: l.sku, category: l.category, quantity: l.quantity, amount: l.amountFen })),
      )}) as x(id uuid, order_id uuid, line_no smallint, sku text, category text, quantity int, amount bigint)`);
    send(sql`
      insert into order_events (tenant_id, id, order_id, type, key, at, data, source)
      select ${t}, x.id, x.order_id, x.type::order_event_type, x.key, x.at, x.data, ${ctx.source}::order_source
      from jsonb_to_recordset(${jsonParam(
        plan.events.map((e) => ({ id: uuidv7(), order_id: e.orderId, type: e.type, key: e.key, at: iso(e.at), data: e.data })),
      )}) as x(id uuid, order_id uuid, type text, key text, at timestamptz, data jsonb)`);
  }
  if (plan.commissions.length) {
    send(sql`
      insert into commissions (tenant_id, id, order_id, line_id, tier, distributor_id, rule_id, rule_version, kind,
        rate_bp, fixed_fen, amount_fen, status, trace, settle_after)
      select ${t}, x.id, x.order_id, x.line_id, x.tier, x.distributor, x.rule_id, x.rule_version, x.kind::commission_kind,
        x.rate_bp, x.fixed_fen, x.amount, x.status::commission_status, x.trace, x.settle_after
      from jsonb_to_recordset(${jsonParam(
        plan.commissions.map((c) => ({
          id: c.id,
          order_id: c.orderId,
          line_id: c.lineId,
          tier: c.tier,
          distributor: c.distributorId,
          rule_id: c.ruleId,
          rule_version: c.ruleVersion,
          kind: c.kind,
          rate_bp: c.rateBp,
          fixed_fen: c.fixedFen,
          amount: c.amountFen,
          status: c.status,
          trace: storedTrace(c.trace),
          settle_after: iso(c.settleAfter),
        })),
      )}) as x(id uuid, order_id uuid, line_id uuid, tier smallint, distributor uuid, rule_id uuid, rule_version int,
        kind text, rate_bp int, fixed_fen bigint, amount bigint, status text, trace jsonb, settle_after timestamptz)`);
  }
  // The outbox rows (only when an endpoint subscribes): one more statement in the same batch,
  // after the orders and commissions it names.
  if (ctx.webhookEvents?.length) sent.push(emitWebhookEvents(tx, tenantId, ctx.webhookEvents));
  if (plan.riskCases.length) send(insertRiskCases(t, plan.riskCases));
  await Promise.all(sent);
}

/**
 * The counters the plan moves on rows other orders share: the referring distributors' direct
 * customers and the spend of buyers known before (new buyers are inserted with theirs). An
 * UPDATE holds its rows until COMMIT and these rows are hot (a city partner's team refers a
 * third of a brand's orders), so the caller sends this last, just before the ledger statement:
 * a transaction that needs the same distributor then waits for that statement and COMMIT, not
 * for the whole write. Distributors are locked in id order and always before the earners'
 * accounts, which the ledger locks next, in its own order.
 */
export function flushCounters(tx: Tx, plan: Plan): Promise<unknown> {
  const sent: Promise<unknown>[] = [];
  const send = (statement: SQL) => sent.push(tx.execute(statement));
  const isNew = new Set(plan.newMembers);
  const deltas = [...plan.customerDeltas].filter(([, d]) => d !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
  if (deltas.length) {
    send(sql`
      update distributors d set direct_customer_count = greatest(0, d.direct_customer_count + x.delta)
      from jsonb_to_recordset(${jsonParam(deltas.map(([id, delta]) => ({ id, delta })))}) as x(id uuid, delta int)
      where d.id = x.id`);
  }
  const knownSpend = [...plan.spend].filter(([id, amount]) => amount && !isNew.has(id));
  if (knownSpend.length) {
    send(sql`
      update members m set total_spend_fen = m.total_spend_fen + x.amount
      from jsonb_to_recordset(${jsonParam(knownSpend.map(([id, amount]) => ({ id, amount })))}) as x(id uuid, amount bigint)
      where m.id = x.id`);
  }
  return Promise.all(sent);
}

/** Opens a case per order (idempotent: one case per order, by its dedupe key). */
export function insertRiskCases(t: SQL, cases: RiskCaseRow[]): SQL {
  return sql`
    insert into risk_cases (tenant_id, id, kind, order_id, distributor_ids, rules, amount_fen, dedupe_key)
    select ${t}, x.id, x.kind::risk_case_kind, x.order_id, array(select (jsonb_array_elements_text(x.distributors))::uuid), x.rules, x.amount, 'order:' || x.order_id
    from jsonb_to_recordset(${jsonParam(
      cases.map((c) => ({ id: uuidv7(), kind: c.kind, order_id: c.orderId, distributors: c.distributorIds, rules: c.rules, amount: c.amountFen })),
    )}) as x(id uuid, kind text, order_id uuid, distributors jsonb, rules jsonb, amount bigint)
    on conflict (tenant_id, dedupe_key) do nothing`;
}
