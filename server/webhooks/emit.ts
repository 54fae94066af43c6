/**
 * Writing webhook events to the outbox, in the caller's transaction (so a change that rolls
 * back emits nothing), and waking the dispatcher once it commits.
 *
 * One statement however many events: the rows come from a JSON recordset or from a query over
 * the rows just changed (the settlement sweep's commissions, a withdrawal), are kept only when
 * some enabled endpoint of the brand subscribes to their type, and fan out to one delivery per
 * such endpoint. A brand without webhooks writes nothing. Events are inserted in `ord` order,
 * which gives them their seq: the order deliveries of one ordering key go out in.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterCommit } from "@/db/after-commit";
import type { Db, Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { jsonParam } from "@/server/ledger/post";
import { UUIDV7 } from "@/db/sql-uuid";
import { orderingKey, WITHDRAWAL_EVENT, type MemberGrowthChangedData, type RiskCaseOpenedData, type WebhookEventType } from "./events";

export interface WebhookEventInput {
  type: WebhookEventType;
  orderingKey: string;
  data: Record<string, unknown>;
}

/** Rows (ord, type, ordering_key, data) from values made in the app. */
export function jsonEventSource(events: readonly WebhookEventInput[]): SQL {
  return sql`select x.ord, x.type, x.ordering_key, x.data
    from jsonb_to_recordset(${jsonParam(events.map((e, i) => ({ ord: i, type: e.type, ordering_key: e.orderingKey, data: e.data })))})
      as x(ord int, type text, ordering_key text, data jsonb)`;
}

/**
 * The outbox statement for `source` (a query returning ord, type, ordering_key, data). Returns
 * one row per delivery made; none when no enabled endpoint subscribes.
 */
export function outboxStatement(tenantId: string, source: SQL): SQL {
  const t = sql`${tenantId}::uuid`;
  return sql`
    with src as materialized (
      select s.ord, s.type, s.ordering_key, s.data from (${source}) s
      where exists (select 1 from webhook_endpoints e where e.enabled and s.type = any(e.events))
    ),
    ev as (
      insert into webhook_events (tenant_id, id, type, ordering_key, data)
      select ${t}, ${UUIDV7}, src.type, src.ordering_key, src.data from src order by src.ord
      returning id, seq, type, ordering_key
    )
    insert into webhook_deliveries (tenant_id, id, event_id, endpoint_id, ordering_key, event_seq)
    select ${t}, ${UUIDV7}, ev.id, e.id, ev.ordering_key, ev.seq
    from ev join webhook_endpoints e on e.enabled and ev.type = any(e.events)
    order by ev.seq
    returning 1 as made`;
}

type Wake = (db: Db, tenantId: string) => Promise<void>;
// On globalThis, not in this module: `npm start` loads this file twice — once in Next's build
// (where instrumentation.ts installs the wake-up) and once from source for /api/v1 on the
// node:http front — and an order posted to the API must wake the same dispatcher.
const WAKE = Symbol.for("fenxiao.webhooks.wake");
const holder = globalThis as { [WAKE]?: Wake };

/**
 * Who is told after commit that deliveries are waiting: set at start by server/webhooks/wake.ts
 * (Inngest when configured, else this process); tests leave it unset and run the dispatcher
 * themselves.
 */
export function setWebhookWake(fn: Wake) {
  holder[WAKE] = fn;
}

/** Registers the after-commit wake-up for a transaction that made deliveries. */
export function wakeAfterCommit(tx: Tx, tenantId: string) {
  afterCommit(tx, (db) => holder[WAKE]?.(db, tenantId) ?? Promise.resolve());
}

/**
 * Sends the outbox statement now (synchronously: it runs in order with what the caller sends
 * next on the transaction) and resolves to the number of deliveries made.
 */
export function emitFromSource(tx: Tx, tenantId: string, source: SQL): Promise<number> {
  return tx.execute(outboxStatement(tenantId, source)).then((r) => {
    const made = rowsOf(r).length;
    if (made) wakeAfterCommit(tx, tenantId);
    return made;
  });
}

export function emitWebhookEvents(tx: Tx, tenantId: string, events: readonly WebhookEventInput[]): Promise<number> {
  if (!events.length) return Promise.resolve(0);
  return emitFromSource(tx, tenantId, jsonEventSource(events));
}

/** For server/risk: a case that needs a reviewer was opened (call in the case's transaction). */
export function emitRiskCaseOpened(tx: Tx, tenantId: string, data: RiskCaseOpenedData): Promise<number> {
  const key = data.orderId ? orderingKey.order(data.orderId) : orderingKey.riskCase(data.caseId);
  return emitWebhookEvents(tx, tenantId, [{ type: "risk.case_opened", orderingKey: key, data: { ...data } }]);
}

/** For server/incentives: a member's growth value changed (call in the change's transaction). */
export function emitMemberGrowthChanged(tx: Tx, tenantId: string, data: MemberGrowthChangedData): Promise<number> {
  return emitWebhookEvents(tx, tenantId, [{ type: "member.growth_changed", orderingKey: orderingKey.member(data.memberId), data: { ...data } }]);
}

/**
 * For a source query's WHERE: true when some enabled endpoint subscribes to any of `types`.
 * Uncorrelated, so Postgres checks it once before reading the source's rows at all (a brand
 * without webhooks pays one probe of its few endpoint rows, not a scan).
 */
export function subscribed(types: readonly string[]): SQL {
  return sql`exists (select 1 from webhook_endpoints we where we.enabled and we.events && ${`{${types.join(",")}}`}::text[])`;
}

/** withdrawal.<state> for each withdrawal as it now stands (call after the state change). */
export function emitWithdrawalEvents(tx: Tx, tenantId: string, withdrawalIds: readonly string[], opts: { fromStatus?: string | null; reason?: string | null } = {}): Promise<number> {
  if (!withdrawalIds.length) return Promise.resolve(0);
  return emitFromSource(
    tx,
    tenantId,
    sql`select row_number() over (order by w.id) as ord,
        case w.status when 'reviewing' then 'withdrawal.requested' else 'withdrawal.' || w.status::text end as type,
        'withdrawal:' || w.id::text as ordering_key,
        jsonb_build_object(
          'withdrawalId', w.id, 'outBillNo', w.out_bill_no, 'distributorCode', d.code, 'channel', w.channel,
          'status', w.status, 'fromStatus', ${opts.fromStatus ?? null}::text, 'amountFen', w.amount_fen, 'feeFen', w.fee_fen,
          'taxFen', w.tax_fen, 'netFen', w.net_fen, 'reason', coalesce(${opts.reason ?? null}::text, w.reason),
          'requestedAt', w.requested_at, 'paidAt', w.paid_at, 'at', w.updated_at) as data
      from withdrawals w join distributors d on d.tenant_id = w.tenant_id and d.id = w.distributor_id
      where ${subscribed(Object.values(WITHDRAWAL_EVENT))}
        and w.id in (select (jsonb_array_elements_text(${jsonParam([...withdrawalIds])}))::uuid)`,
  );
}

/** distributor.approved for each distributor given (call after the approval). */
export function emitDistributorsApproved(tx: Tx, tenantId: string, distributorIds: readonly string[], at: Date): Promise<number> {
  if (!distributorIds.length) return Promise.resolve(0);
  return emitFromSource(
    tx,
    tenantId,
    sql`select row_number() over (order by d.id) as ord, 'distributor.approved' as type, 'distributor:' || d.id::text as ordering_key,
        jsonb_build_object('distributorId', d.id, 'code', d.code, 'name', d.name, 'status', d.status,
          'uplineCode', u.code, 'approvedAt', ${at.toISOString()}::timestamptz) as data
      from distributors d left join distributors u on u.tenant_id = d.tenant_id and u.id = d.upline_id
      where ${subscribed(["distributor.approved"])}
        and d.id in (select (jsonb_array_elements_text(${jsonParam([...distributorIds])}))::uuid)`,
  );
}

/**
 * commission.settled for the commissions a settlement run just settled (those pointing at the
 * run's journals), looked up by their earners (commissions_distributor_idx).
 */
export function emitCommissionsSettled(tx: Tx, tenantId: string, settled: readonly { distributorId: string; journalId: string }[]): Promise<number> {
  if (!settled.length) return Promise.resolve(0);
  return emitFromSource(
    tx,
    tenantId,
    sql`select row_number() over (order by c.order_id, c.id) as ord, 'commission.settled' as type, 'order:' || c.order_id::text as ordering_key,
        jsonb_build_object('commissionId', c.id, 'orderId', c.order_id, 'channel', o.channel, 'externalId', o.external_id,
          'tier', c.tier, 'distributorCode', d.code, 'amountFen', c.settled_fen, 'settledAt', c.settled_at) as data
      from jsonb_to_recordset(${jsonParam(settled.map((s) => ({ d: s.distributorId, j: s.journalId })))}) as x(d uuid, j uuid)
      join commissions c on c.distributor_id = x.d and c.settle_journal_id = x.j
      join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
      join distributors d on d.tenant_id = c.tenant_id and d.id = c.distributor_id
      where ${subscribed(["commission.settled"])}`,
  );
}

export interface ClawedBack {
  commissionId: string;
  distributorId: string;
  previousAmountFen: number;
  amountFen: number;
  wasSettled: boolean;
  status: string;
}

/** commission.clawed_back for commissions a refund cut (pending or held reduced, settled clawed back). */
export function emitCommissionsClawedBack(tx: Tx, tenantId: string, orderId: string, cuts: readonly ClawedBack[], cause: { refundId?: string | null }): Promise<number> {
  if (!cuts.length) return Promise.resolve(0);
  return emitFromSource(
    tx,
    tenantId,
    sql`select x.ord, 'commission.clawed_back' as type, 'order:' || o.id::text as ordering_key,
        jsonb_build_object('commissionId', x.id, 'orderId', o.id, 'channel', o.channel, 'externalId', o.external_id,
          'distributorCode', d.code, 'previousAmountFen', x.prev, 'amountFen', x.amount, 'clawedBackFen', x.prev - x.amount,
          'wasSettled', x.was_settled, 'status', x.status, 'refundId', ${cause.refundId ?? null}::text) as data
      from jsonb_to_recordset(${jsonParam(
        cuts.map((c, i) => ({ ord: i, id: c.commissionId, d: c.distributorId, prev: c.previousAmountFen, amount: c.amountFen, was_settled: c.wasSettled, status: c.status })),
      )}) as x(ord int, id uuid, d uuid, prev bigint, amount bigint, was_settled boolean, status text)
      join orders o on o.id = ${orderId}::uuid
      join distributors d on d.tenant_id = o.tenant_id and d.id = x.d
      where ${subscribed(["commission.clawed_back"])}`,
  );
}
