/**
 * KPI rewards on verified completion (issue 12 item 4).
 *
 * A month's figures for the reward count only SETTLED sales: an attributed order paid in the
 * month (Asia/Shanghai) that is completed, whose after-sales window has passed with no
 * after-sales case open, not blocked by risk, and not fully refunded (net = paid − refunded).
 * An order still in its window is simply not counted yet — so a reward is never paid on a
 * figure a refund can still undo — and a later run, once it settles, counts it. New customers
 * are buyers whose earliest not-cancelled order with the distributor is such an order.
 *
 * Set-based and idempotent: one statement finds every (task, eligible distributor) whose
 * verified figure reaches the target and has no reward yet; the rewards are posted in one
 * postJournals call (key `kpi:<task>:<distributor>`: a replay posts nothing) and recorded in
 * kpi_rewards (unique per task and distributor). Expense → the distributor's available,
 * offsetting arrears first as settlement does (DOMAIN.md §4).
 */
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { brandAccount, credit, debit, distributorAccount, type JournalInput } from "@/server/ledger/accounts";
import { jsonParam, lockAccounts, postJournals } from "@/server/ledger/post";
import { monthBounds } from "@/server/incentives/leaderboards/periods";

export interface KpiSettleResult {
  month: string;
  rewards: number;
  rewardFen: number;
}

/**
 * The verified figures of every distributor with settled sales in the month. New customers cost
 * a probe per order (the buyer's earlier orders): `newCustomers: false` leaves them at 0 when no
 * task of the month counts them.
 */
export function verifiedFiguresSql(tenantId: string, month: string, now: Date, opts: { newCustomers: boolean }) {
  const { start, end } = monthBounds(month);
  const newCustomers = opts.newCustomers
    ? sql`(count(*) filter (where o.net > 0 and not exists (
        select 1 from orders p
        where p.tenant_id = ${tenantId}::uuid and p.buyer_member_id = o.buyer_member_id
          and p.distributor_id = o.distributor_id and p.status <> 'cancelled'
          and (p.paid_at < o.paid_at or (p.paid_at = o.paid_at and p.id < o.id))
      )))::bigint`
    : sql`0::bigint`;
  return sql`
    select o.distributor_id,
      coalesce(sum(o.net) filter (where o.net > 0), 0)::bigint as gmv,
      (count(*) filter (where o.net > 0))::bigint as orders,
      ${newCustomers} as new_customers
    from (${settledInMonth(tenantId, start, end, now)}) o
    group by o.distributor_id`;
}

/** The month's settled, attributed orders with their net amounts. */
function settledInMonth(tenantId: string, start: Date, end: Date, now: Date) {
  return sql`
      select o.id, o.distributor_id, o.buyer_member_id, o.paid_at,
        o.amount_fen - o.refunded_fen as net
      from orders o
      where o.tenant_id = ${tenantId}::uuid
        and o.paid_at >= ${start.toISOString()}::timestamptz and o.paid_at < ${end.toISOString()}::timestamptz
        and o.distributor_id is not null and o.status = 'completed'
        and o.settle_after <= ${now.toISOString()}::timestamptz and o.risk_verdict <> 'block'
        and not exists (select 1 from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id and l.after_sales_open)`;
}

/** Pays the month's earned, unpaid KPI rewards. Before the month is over it pays nothing. */
export async function settleKpiRewards(tx: Tx, tenantId: string, month: string, opts: { now?: Date } = {}): Promise<KpiSettleResult> {
  const now = opts.now ?? new Date();
  const result: KpiSettleResult = { month, rewards: 0, rewardFen: 0 };
  // A monthly target is decided on the whole month: nothing before it has ended.
  if (now < monthBounds(month).end) return result;
  // Most months of most brands have no task: then the month's orders are not read at all.
  const metrics = rowsOf<{ metric: string }>(
    await tx.execute(sql`select distinct metric from kpi_tasks where tenant_id = ${tenantId}::uuid and month = ${month} and status = 'active'`),
  ).map((r) => r.metric);
  if (!metrics.length) return result;
  const due = rowsOf<{ task_id: string; distributor_id: string; achieved: string | number; reward_fen: string | number }>(
    await tx.execute(sql`
      with f as (${verifiedFiguresSql(tenantId, month, now, { newCustomers: metrics.includes("new_customers") })})
      select t.id as task_id, d.id as distributor_id, t.reward_fen,
        case t.metric when 'gmv' then f.gmv when 'orders' then f.orders else f.new_customers end as achieved
      from kpi_tasks t
      join f on true
      join distributors d on d.tenant_id = t.tenant_id and d.id = f.distributor_id
      where t.tenant_id = ${tenantId}::uuid and t.month = ${month} and t.status = 'active'
        and d.status = 'active' and (t.level_id is null or d.level_id = t.level_id) and (t.role is null or d.role = t.role)
        and case t.metric when 'gmv' then f.gmv when 'orders' then f.orders else f.new_customers end >= t.target
        and not exists (select 1 from kpi_rewards k where k.tenant_id = t.tenant_id and k.task_id = t.id and k.distributor_id = d.id)
      order by d.id, t.id`),
  );
  if (!due.length) return result;

  // Arrears are offset first, as settlement does; the accounts are locked in the ledger's order.
  const balances = await lockAccounts(
    tx,
    due.flatMap((r) => [distributorAccount(r.distributor_id, "arrears"), distributorAccount(r.distributor_id, "available")]),
  );
  const journals: JournalInput[] = [];
  for (const r of due) {
    const reward = Number(r.reward_fen);
    const arrearsKey = `${r.distributor_id}:arrears`;
    const arrears = balances.get(arrearsKey) ?? 0;
    const offset = Math.min(arrears, reward);
    balances.set(arrearsKey, arrears - offset);
    journals.push({
      id: uuidv7(),
      kind: "kpi_reward",
      idempotencyKey: `kpi:${r.task_id}:${r.distributor_id}`,
      causeType: "kpi_task",
      causeId: r.task_id,
      memo: `KPI ${month}`,
      postings: [
        debit(brandAccount("commission_expense"), reward),
        credit(distributorAccount(r.distributor_id, "arrears"), offset),
        credit(distributorAccount(r.distributor_id, "available"), reward - offset),
      ],
    });
  }
  const posted = await postJournals(tx, tenantId, journals);
  const rows = due
    .map((r, i) => ({ r, journalId: posted.posted.get(journals[i]!.idempotencyKey) }))
    .filter((x): x is { r: (typeof due)[number]; journalId: string } => x.journalId !== undefined)
    .map(({ r, journalId }) => ({ id: uuidv7(), task_id: r.task_id, distributor_id: r.distributor_id, achieved: Number(r.achieved), reward_fen: Number(r.reward_fen), journal_id: journalId }));
  if (rows.length) {
    await tx.execute(sql`
      insert into kpi_rewards (tenant_id, id, task_id, distributor_id, achieved, reward_fen, journal_id)
      select ${tenantId}::uuid, x.id, x.task_id, x.distributor_id, x.achieved, x.reward_fen, x.journal_id
      from jsonb_to_recordset(${jsonParam(rows)}) as x(id uuid, task_id uuid, distributor_id uuid, achieved bigint, reward_fen bigint, journal_id uuid)`);
  }
  result.rewards = rows.length;
  result.rewardFen = rows.reduce((s, r) => s + r.reward_fen, 0);
  return result;
}
