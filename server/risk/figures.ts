/**
 * The risk figures the workbench shows (issue 10 item 6): orders blocked and orders sent to
 * review this month and last month (Asia/Shanghai calendar months, by paid time, the clock the
 * rules' windows run on), the commission withheld on them, and the rules that fired most.
 *
 * Withheld = commission still held on the month's flagged orders + commission that reviewers
 * cancelled on them (risk_decisions keep the amount; the cancelled rows are 0). A blocked order
 * never earned commission rows, so it adds to the count, not to the amount.
 */
import { TZDate } from "@date-fns/tz";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { TAX_ZONE, taxMonthBounds, taxMonthOf } from "@/server/payouts/tax/month";

export const TOP_RULES = 5;

/** The Shanghai month before `month` ("YYYY-MM"). */
export function previousMonth(month: string): string {
  const { start } = taxMonthBounds(month);
  const local = new TZDate(start.getTime(), TAX_ZONE);
  return taxMonthOf(new Date(new TZDate(local.getFullYear(), local.getMonth() - 1, 1, 12, 0, 0, TAX_ZONE).getTime()));
}

export interface MonthFigures {
  month: string;
  blocked: number;
  inReview: number;
  /** Of inReview, those still waiting for a reviewer. */
  open: number;
  withheldFen: number;
  topRules: { code: string; orders: number }[];
}

async function monthFigures(tx: Tx, month: string): Promise<MonthFigures> {
  const { start, end } = taxMonthBounds(month);
  const from = sql`${start.toISOString()}::timestamptz`;
  const to = sql`${end.toISOString()}::timestamptz`;
  // Every query starts from orders_risk_paid_idx (verdict <> 'allow', a literal so the planner
  // can prove the partial index applies): flagged orders are few.
  const [counts] = rowsOf<{ blocked: number; review: number; open: number; held: string; rejected: string }>(
    await tx.execute(sql`
      select
        count(*) filter (where o.risk_verdict = 'block')::int as blocked,
        count(*) filter (where o.risk_verdict = 'review')::int as review,
        count(*) filter (where o.risk_verdict = 'review' and (
          exists (select 1 from commissions c where c.tenant_id = o.tenant_id and c.order_id = o.id and c.status = 'held')
          or not exists (select 1 from risk_decisions d where d.tenant_id = o.tenant_id and d.order_id = o.id)))::int as open,
        coalesce(sum((select coalesce(sum(c.amount_fen), 0) from commissions c
          where c.tenant_id = o.tenant_id and c.order_id = o.id and c.status = 'held')), 0)::text as held,
        coalesce(sum((select coalesce(sum(d.amount_fen), 0) from risk_decisions d
          where d.tenant_id = o.tenant_id and d.order_id = o.id and d.decision = 'reject')), 0)::text as rejected
      from orders o
      where o.risk_verdict <> 'allow' and o.paid_at >= ${from} and o.paid_at < ${to}`),
  );
  const top = rowsOf<{ code: string; n: number }>(
    await tx.execute(sql`
      select r.code, count(distinct o.id)::int as n
      from orders o cross join lateral jsonb_to_recordset(o.risk_rules) as r(code text)
      where o.risk_verdict <> 'allow' and o.paid_at >= ${from} and o.paid_at < ${to} and r.code is not null
      group by r.code
      order by n desc, r.code
      limit ${TOP_RULES}`),
  );
  return {
    month,
    blocked: counts?.blocked ?? 0,
    inReview: counts?.review ?? 0,
    open: counts?.open ?? 0,
    withheldFen: Number(counts?.held ?? 0) + Number(counts?.rejected ?? 0),
    topRules: top.map((r) => ({ code: r.code, orders: r.n })),
  };
}

export async function riskFigures(tx: Tx, now = new Date()) {
  const month = taxMonthOf(now);
  const [thisMonth, lastMonth] = [await monthFigures(tx, month), await monthFigures(tx, previousMonth(month))];
  return { thisMonth, lastMonth };
}
