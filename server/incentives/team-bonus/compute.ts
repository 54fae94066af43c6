/**
 * The monthly team bonus (DOMAIN.md §8, issue 12): after a month closes, each active team lead
 * and city partner gets one statement and at most one ledger journal for the period.
 *
 * - Team lead: GMV of the settled sales (levels/settled-sales.ts) attributed to itself and to its
 *   descendants within the brand's commission levels — exactly the orders on which it would sit
 *   in tiers 1..levels (self, upline, upline's upline), so a descendant one tier deeper (a
 *   "fourth level" with levels = 3) never counts, just as it never earns commission.
 * - City partner: GMV of the settled, attributed sales shipped to its region (the order's
 *   "province city district" equals the region or starts with it followed by a space).
 * - The brand may leave employees' sales out of every team and region.
 * - Bonus = floor(GMV × the ladder step's rate); a refund booked after a period closed is clawed
 *   back in the next close: the old period's basis drops and its bonus is recomputed on its own
 *   ladder (team_bonus_adjustments), the difference joins this period's total.
 *
 * Set-based: one statement aggregates the month's sales per earner, one the refunds since the
 * last close; the per-earner arithmetic (a few thousand leads at most) is the pure ladder code.
 */
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { teamBonusStatements } from "@/db/schema";
import { rowsOf } from "@/db/tenant";
import { brandAccount, credit, debit, distributorAccount, type JournalInput, type PostingInput } from "@/server/ledger/accounts";
import { jsonParam, lockAccounts, postJournals } from "@/server/ledger/post";
import { eq } from "drizzle-orm";
import { getIncentiveSettings } from "../levels/settings";
import { orderNetFen, settledOrderFilter } from "../levels/settled-sales";
import { ladderBonus, ladderRate, refundAdjustment, type LadderStep } from "./ladder";
import { monthBounds } from "./period";

export type TeamBasis = "team" | "region";

export interface TeamBonusRunResult {
  statements: number;
  journals: number;
  bonusFen: number;
  adjustmentFen: number;
  /** True when the period's statements already existed: nothing was written. */
  alreadyRan: boolean;
}

interface EarnerSales {
  distributorId: string;
  basis: TeamBasis;
  region: string | null;
  gmvFen: number;
  orderCount: number;
}

/**
 * The earners (active team leads and city partners) and their settled GMV in [from, to): the
 * one query both the close and the portal's month-to-date view use.
 */
export async function teamSalesBetween(
  tx: Tx,
  from: Date,
  to: Date,
  opts: { commissionLevels: number; excludeEmployees: boolean; distributorId?: string },
): Promise<EarnerSales[]> {
  const only = opts.distributorId ? sql`and p.id = ${opts.distributorId}::uuid` : sql``;
  const rows = rowsOf<{ distributor_id: string; basis: TeamBasis; region: string | null; gmv: string | number; n: string | number }>(
    await tx.execute(sql`
      with sales as materialized (
        select o.distributor_id, o.shipping_region, x.net
        from orders o cross join lateral (select ${orderNetFen} as net) x
        where ${settledOrderFilter(from, to)} and x.net > 0
      ),
      counted as materialized (
        select s.distributor_id, s.shipping_region, s.net, d.upline_id, d.upline2_id
        from sales s join distributors d on d.id = s.distributor_id
        where not ${opts.excludeEmployees} or d.role <> 'employee'
      ),
      per_dist as (
        select distributor_id, upline_id, upline2_id, sum(net) as gmv, count(*) as n
        from counted group by distributor_id, upline_id, upline2_id
      ),
      team as (
        select e.earner, sum(p.gmv) as gmv, sum(p.n) as n
        from per_dist p
        cross join lateral (values (p.distributor_id, 1), (p.upline_id, 2), (p.upline2_id, 3)) as e(earner, tier)
        where e.earner is not null and e.tier <= ${opts.commissionLevels}
        group by e.earner
      ),
      per_region as (
        select shipping_region as region, sum(net) as gmv, count(*) as n
        from counted where shipping_region is not null group by shipping_region
      )
      select p.id as distributor_id, 'team' as basis, null as region, t.gmv, t.n
      from team t join distributors p on p.id = t.earner
      where p.role = 'team_lead' and p.status = 'active' ${only}
      union all
      select p.id, 'region', p.region, sum(r.gmv), sum(r.n)
      from distributors p join per_region r on r.region = p.region or starts_with(r.region, p.region || ' ')
      where p.role = 'city_partner' and p.status = 'active' ${only}
      group by p.id, p.region`),
  );
  return rows.map((r) => ({ distributorId: r.distributor_id, basis: r.basis, region: r.region, gmvFen: Number(r.gmv), orderCount: Number(r.n) }));
}

interface RefundRow {
  distributorId: string;
  basis: TeamBasis;
  sourcePeriod: string;
  refundFen: number;
  gmvFen: number;
  ladder: LadderStep[];
  priorRefundFen: number;
  region: string | null;
}

/**
 * Refunds booked in (since, until] on sales of periods before `before`, per earner and source
 * period, for the periods that earner already has a statement for (a period never closed for
 * it paid nothing to claw back).
 */
async function refundsSince(tx: Tx, since: Date, until: Date, before: Date, opts: { commissionLevels: number; excludeEmployees: boolean }) {
  const rows = rowsOf<{
    distributor_id: string;
    basis: TeamBasis;
    src: string;
    refund: string | number;
    gmv_fen: string | number;
    ladder: LadderStep[];
    prior: string | number;
    region: string | null;
  }>(
    await tx.execute(sql`
      with ref as materialized (
        select o.distributor_id, o.shipping_region, to_char(o.settle_after at time zone 'Asia/Shanghai', 'YYYY-MM') as src,
          sum((i ->> 'amountFen')::bigint) as refund
        from order_events e
        join orders o on o.tenant_id = e.tenant_id and o.id = e.order_id
        cross join jsonb_array_elements(e.data -> 'items') as i
        where e.type = 'refund' and e.created_at > ${since.toISOString()}::timestamptz
          and e.created_at <= ${until.toISOString()}::timestamptz
          and ${settledOrderFilter(null, before)}
        group by 1, 2, 3
      ),
      counted as materialized (
        select r.*, d.upline_id, d.upline2_id from ref r join distributors d on d.id = r.distributor_id
        where not ${opts.excludeEmployees} or d.role <> 'employee'
      ),
      team as (
        select e.earner, c.src, sum(c.refund) as refund
        from counted c
        cross join lateral (values (c.distributor_id, 1), (c.upline_id, 2), (c.upline2_id, 3)) as e(earner, tier)
        where e.earner is not null and e.tier <= ${opts.commissionLevels}
        group by e.earner, c.src
      ),
      region as (
        select p.id as earner, c.src, sum(c.refund) as refund
        from counted c join distributors p
          on p.role = 'city_partner' and (c.shipping_region = p.region or starts_with(c.shipping_region, p.region || ' '))
        group by p.id, c.src
      ),
      both_bases as (
        select earner, src, refund, 'team' as basis from team
        union all select earner, src, refund, 'region' from region
      )
      select b.earner as distributor_id, b.basis, b.src, b.refund, s.gmv_fen, s.ladder, s.region,
        coalesce((select sum(a.refund_fen) from team_bonus_adjustments a
          where a.distributor_id = b.earner and a.source_period = b.src), 0) as prior
      from both_bases b
      join team_bonus_statements s on s.distributor_id = b.earner and s.period = b.src and s.basis = b.basis
      where b.refund > 0`),
  );
  return rows.map<RefundRow>((r) => ({
    distributorId: r.distributor_id,
    basis: r.basis,
    sourcePeriod: r.src,
    refundFen: Number(r.refund),
    gmvFen: Number(r.gmv_fen),
    ladder: r.ladder,
    priorRefundFen: Number(r.prior),
    region: r.region,
  }));
}

export const teamBonusJournalKey = (period: string, distributorId: string) => `team_bonus:${period}:${distributorId}`;

/**
 * Computes and pays the team bonus of `period` (a month that has ended). `lastCloseAt` is when
 * the previous close ran (refunds after it are clawed back here); null for a brand's first.
 * Idempotent: a period that already has statements is left as it is.
 */
export async function runTeamBonus(
  tx: Tx,
  tenantId: string,
  period: string,
  opts: { now: Date; lastCloseAt: Date | null },
): Promise<TeamBonusRunResult> {
  const result: TeamBonusRunResult = { statements: 0, journals: 0, bonusFen: 0, adjustmentFen: 0, alreadyRan: false };
  const [existing] = await tx.select({ id: teamBonusStatements.id }).from(teamBonusStatements).where(eq(teamBonusStatements.period, period)).limit(1);
  if (existing) return { ...result, alreadyRan: true };

  const settings = await getIncentiveSettings(tx);
  const ladderOf = (b: TeamBasis) => (b === "team" ? settings.teamLeadLadder : settings.cityPartnerLadder);
  const [program] = rowsOf<{ commission_levels: number }>(await tx.execute(sql`select commission_levels from brand_settings`));
  const opts2 = { commissionLevels: program?.commission_levels ?? 2, excludeEmployees: settings.excludeEmployeesFromTeamBonus };
  const { start, end } = monthBounds(period);

  const sales = (await teamSalesBetween(tx, start, end, opts2)).filter((s) => ladderOf(s.basis).length > 0);
  const refunds = opts.lastCloseAt ? await refundsSince(tx, opts.lastCloseAt, opts.now, start, opts2) : [];

  interface Statement {
    id: string;
    distributorId: string;
    basis: TeamBasis;
    region: string | null;
    gmvFen: number;
    orderCount: number;
    ladder: LadderStep[];
    rateBp: number;
    bonusFen: number;
    adjustmentFen: number;
    adjustments: { sourcePeriod: string; refundFen: number; oldBasisFen: number; newBasisFen: number; amountFen: number }[];
  }
  const statements = new Map<string, Statement>();
  const statementOf = (distributorId: string, basis: TeamBasis, region: string | null) => {
    let s = statements.get(distributorId);
    if (!s) {
      const ladder = ladderOf(basis);
      s = { id: uuidv7(), distributorId, basis, region, gmvFen: 0, orderCount: 0, ladder, rateBp: 0, bonusFen: 0, adjustmentFen: 0, adjustments: [] };
      statements.set(distributorId, s);
    }
    return s;
  };
  for (const e of sales) {
    const s = statementOf(e.distributorId, e.basis, e.region);
    s.gmvFen = e.gmvFen;
    s.orderCount = e.orderCount;
    s.rateBp = ladderRate(e.gmvFen, s.ladder);
    s.bonusFen = ladderBonus(e.gmvFen, s.ladder);
  }
  for (const r of refunds) {
    const oldBasisFen = Math.max(0, r.gmvFen - r.priorRefundFen);
    const adj = refundAdjustment(oldBasisFen, r.refundFen, r.ladder);
    const s = statementOf(r.distributorId, r.basis, r.region);
    s.adjustments.push({ sourcePeriod: r.sourcePeriod, refundFen: r.refundFen, oldBasisFen, newBasisFen: adj.newBasisFen, amountFen: adj.amountFen });
    s.adjustmentFen += adj.amountFen;
  }
  const list = [...statements.values()];
  if (!list.length) return result;

  // A negative total (clawback larger than this period's bonus) comes out of available first,
  // the rest becomes arrears, as every clawback does (DOMAIN.md §4). Every account the journals
  // move is locked here, in the ledger's one order: locking only the negative earners' first and
  // the rest in postJournals took some rows out of that order, which can deadlock with a refund
  // or a settlement locking the same earners.
  const balances = await lockAccounts(
    tx,
    list.flatMap((s) =>
      s.bonusFen + s.adjustmentFen < 0
        ? [distributorAccount(s.distributorId, "available"), distributorAccount(s.distributorId, "arrears")]
        : [distributorAccount(s.distributorId, "available")],
    ),
  );
  const journals: JournalInput[] = [];
  for (const s of list) {
    const total = s.bonusFen + s.adjustmentFen;
    if (total === 0) continue;
    let postings: PostingInput[];
    if (total > 0) {
      postings = [debit(brandAccount("commission_expense"), total), credit(distributorAccount(s.distributorId, "available"), total)];
    } else {
      const owed = -total;
      const fromAvailable = Math.min(owed, balances.get(`${s.distributorId}:available`) ?? 0);
      postings = [
        debit(distributorAccount(s.distributorId, "available"), fromAvailable),
        debit(distributorAccount(s.distributorId, "arrears"), owed - fromAvailable),
        credit(brandAccount("commission_expense"), owed),
      ];
    }
    journals.push({
      kind: "team_bonus",
      idempotencyKey: teamBonusJournalKey(period, s.distributorId),
      causeType: "team_bonus",
      causeId: s.id,
      memo: `${period} ${s.basis} ${s.gmvFen}×${s.rateBp}bp${s.adjustmentFen ? ` ${s.adjustmentFen}` : ""}`,
      postings,
    });
  }
  const posted = await postJournals(tx, tenantId, journals, { existing: balances });
  if (posted.duplicates.length) throw new Error(`team bonus: journals already posted: ${posted.duplicates.join(", ")}`);

  await tx.execute(sql`
    insert into team_bonus_statements (tenant_id, id, distributor_id, period, basis, region, gmv_fen, order_count, ladder,
      rate_bp, bonus_fen, adjustment_fen, total_fen, journal_id)
    select ${tenantId}::uuid, x.id, x.distributor_id, ${period}, x.basis, x.region, x.gmv_fen, x.order_count, x.ladder,
      x.rate_bp, x.bonus_fen, x.adjustment_fen, x.bonus_fen + x.adjustment_fen, x.journal_id
    from jsonb_to_recordset(${jsonParam(
      list.map((s) => ({
        id: s.id,
        distributor_id: s.distributorId,
        basis: s.basis,
        region: s.region,
        gmv_fen: s.gmvFen,
        order_count: s.orderCount,
        ladder: s.ladder,
        rate_bp: s.rateBp,
        bonus_fen: s.bonusFen,
        adjustment_fen: s.adjustmentFen,
        journal_id: posted.posted.get(teamBonusJournalKey(period, s.distributorId)) ?? null,
      })),
    )}) as x(id uuid, distributor_id uuid, basis text, region text, gmv_fen bigint, order_count int, ladder jsonb,
      rate_bp int, bonus_fen bigint, adjustment_fen bigint, journal_id uuid)`);
  const adjustments = list.flatMap((s) => s.adjustments.map((a) => ({ ...a, distributorId: s.distributorId })));
  if (adjustments.length) {
    await tx.execute(sql`
      insert into team_bonus_adjustments (tenant_id, id, distributor_id, period, source_period, refund_fen, old_basis_fen,
        new_basis_fen, amount_fen)
      select ${tenantId}::uuid, x.id, x.distributor_id, ${period}, x.source_period, x.refund_fen, x.old_basis_fen,
        x.new_basis_fen, x.amount_fen
      from jsonb_to_recordset(${jsonParam(
        adjustments.map((a) => ({
          id: uuidv7(),
          distributor_id: a.distributorId,
          source_period: a.sourcePeriod,
          refund_fen: a.refundFen,
          old_basis_fen: a.oldBasisFen,
          new_basis_fen: a.newBasisFen,
          amount_fen: a.amountFen,
        })),
      )}) as x(id uuid, distributor_id uuid, source_period text, refund_fen bigint, old_basis_fen bigint, new_basis_fen bigint,
        amount_fen bigint)`);
  }
  result.statements = list.length;
  result.journals = posted.posted.size;
  result.bonusFen = list.reduce((a, s) => a + s.bonusFen, 0);
  result.adjustmentFen = list.reduce((a, s) => a + s.adjustmentFen, 0);
  return result;
}
