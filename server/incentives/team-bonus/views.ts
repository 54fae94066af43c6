/**
 * Reading team bonuses: the earner's own view (its ladder, this month's settled GMV so far and
 * the step it reaches, the next step, and every closed period with its calculation) and the
 * console's list of statements and closed months.
 */
import { and, asc, count, desc, eq, gt, inArray, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Cursor } from "@/server/orders/console-query";
import type { Tx } from "@/db/client";
import { distributors, monthCloses, teamBonusAdjustments, teamBonusStatements } from "@/db/schema";
import { getIncentiveSettings } from "../levels/settings";
import { rowsOf } from "@/db/tenant";
import { sql } from "drizzle-orm";
import { ladderBonus, ladderRate, nextStep } from "./ladder";
import { teamSalesBetween } from "./compute";
import { monthBounds, monthOf } from "./period";

async function adjustmentsOf(tx: Tx, statementKeys: { distributorId: string; period: string }[]) {
  if (!statementKeys.length) return [];
  const ids = [...new Set(statementKeys.map((k) => k.distributorId))];
  const periods = [...new Set(statementKeys.map((k) => k.period))];
  const rows = await tx
    .select()
    .from(teamBonusAdjustments)
    .where(and(inArray(teamBonusAdjustments.distributorId, ids), inArray(teamBonusAdjustments.period, periods)));
  return rows.map((a) => ({
    distributorId: a.distributorId,
    period: a.period,
    sourcePeriod: a.sourcePeriod,
    refundFen: Number(a.refundFen),
    oldBasisFen: Number(a.oldBasisFen),
    newBasisFen: Number(a.newBasisFen),
    amountFen: Number(a.amountFen),
  }));
}

function statementRow(s: typeof teamBonusStatements.$inferSelect) {
  return {
    period: s.period,
    basis: s.basis as "team" | "region",
    region: s.region,
    gmvFen: Number(s.gmvFen),
    orderCount: s.orderCount,
    ladder: s.ladder,
    rateBp: s.rateBp,
    bonusFen: Number(s.bonusFen),
    adjustmentFen: Number(s.adjustmentFen),
    totalFen: Number(s.totalFen),
    createdAt: s.createdAt,
  };
}

/** The earner's team bonus page; null for a distributor that is neither lead nor partner. */
export async function portalTeamBonus(tx: Tx, distributorId: string, now = new Date()) {
  const [me] = await tx.select({ role: distributors.role, region: distributors.region }).from(distributors).where(eq(distributors.id, distributorId));
  if (!me || (me.role !== "team_lead" && me.role !== "city_partner")) return null;
  const settings = await getIncentiveSettings(tx);
  const ladder = me.role === "team_lead" ? settings.teamLeadLadder : settings.cityPartnerLadder;
  const [program] = rowsOf<{ commission_levels: number }>(await tx.execute(sql`select commission_levels from brand_settings`));
  const month = monthOf(now);
  const [sales] = await teamSalesBetween(tx, monthBounds(month).start, now, {
    commissionLevels: program?.commission_levels ?? 2,
    excludeEmployees: settings.excludeEmployeesFromTeamBonus,
    distributorId,
  });
  const gmvFen = sales?.gmvFen ?? 0;
  const history = await tx
    .select()
    .from(teamBonusStatements)
    .where(eq(teamBonusStatements.distributorId, distributorId))
    .orderBy(desc(teamBonusStatements.period))
    .limit(12);
  const adjustments = await adjustmentsOf(tx, history.map((h) => ({ distributorId, period: h.period })));
  return {
    basis: me.role === "team_lead" ? ("team" as const) : ("region" as const),
    region: me.region,
    commissionLevels: program?.commission_levels ?? 2,
    ladder,
    month,
    monthToDate: { gmvFen, orderCount: sales?.orderCount ?? 0, rateBp: ladderRate(gmvFen, ladder), bonusFen: ladderBonus(gmvFen, ladder) },
    next: nextStep(gmvFen, ladder),
    periods: history.map((h) => ({ ...statementRow(h), adjustments: adjustments.filter((a) => a.period === h.period) })),
  };
}

export interface StatementListInput {
  period?: string | null;
  dir?: "asc" | "desc";
  limit: number;
  offset: number;
}

/** The console's statements list, newest period first, one page with its total. */
export async function listStatements(tx: Tx, input: StatementListInput) {
  const where: SQL | undefined = input.period ? eq(teamBonusStatements.period, input.period) : undefined;
  const rows = await tx
    .select({ s: teamBonusStatements, name: distributors.name, code: distributors.code, role: distributors.role })
    .from(teamBonusStatements)
    .innerJoin(distributors, and(eq(distributors.tenantId, teamBonusStatements.tenantId), eq(distributors.id, teamBonusStatements.distributorId)))
    .where(where)
    .orderBy(input.dir === "asc" ? asc(teamBonusStatements.period) : desc(teamBonusStatements.period), asc(teamBonusStatements.id))
    .limit(input.limit)
    .offset(input.offset);
  const [total] = await tx.select({ n: count() }).from(teamBonusStatements).where(where);
  const adjustments = await adjustmentsOf(tx, rows.map((r) => ({ distributorId: r.s.distributorId, period: r.s.period })));
  return {
    total: total?.n ?? 0,
    rows: rows.map((r) => ({
      id: r.s.id,
      distributorId: r.s.distributorId,
      distributorName: r.name,
      distributorCode: r.code,
      ...statementRow(r.s),
      adjustments: adjustments.filter((a) => a.distributorId === r.s.distributorId && a.period === r.s.period),
    })),
  };
}

export async function listMonthCloses(tx: Tx, limit = 24) {
  const rows = await tx.select().from(monthCloses).orderBy(desc(monthCloses.month)).limit(limit);
  return rows.map((r) => ({ month: r.month, closedAt: r.closedAt, actorType: r.actorType, steps: r.steps }));
}

export const statementFilterSchema = z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullish() });

/**
 * The statements for the CSV export: the list's order (newest month first, then id), in keyset
 * chunks of `limit` after `cursor` ({ key: period, id }).
 */
export async function statementChunk(tx: Tx, filter: z.infer<typeof statementFilterSchema>, cursor: Cursor | null, limit: number) {
  const after = cursor
    ? or(lt(teamBonusStatements.period, cursor.key), and(eq(teamBonusStatements.period, cursor.key), gt(teamBonusStatements.id, cursor.id)))
    : undefined;
  const rows = await tx
    .select({ s: teamBonusStatements, name: distributors.name, code: distributors.code })
    .from(teamBonusStatements)
    .innerJoin(distributors, and(eq(distributors.tenantId, teamBonusStatements.tenantId), eq(distributors.id, teamBonusStatements.distributorId)))
    .where(and(filter.period ? eq(teamBonusStatements.period, filter.period) : undefined, after))
    .orderBy(desc(teamBonusStatements.period), asc(teamBonusStatements.id))
    .limit(limit);
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => ({ distributorName: r.name, distributorCode: r.code, ...statementRow(r.s) })),
    next: rows.length === limit && last ? { key: last.s.period, id: last.s.id } : null,
  };
}
