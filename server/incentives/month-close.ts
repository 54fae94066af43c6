/**
 * Month close (issue 12): after a month ends (Asia/Shanghai), one transaction per brand runs the
 * close's steps in order — team bonus, level demotion, and whatever later steps are added to
 * MONTH_CLOSE_STEPS (the KPI rewards) — and records the month as closed with each step's
 * result. Every step is set-based SQL and idempotent on its own; the month_closes row (under a
 * per-brand advisory lock) makes a second close of the same month a no-op that returns the first.
 *
 * Triggered by the month-close cron (Inngest), the embedded sweeper (closeDueMonths), and the
 * console's "Close month" button.
 */
import { desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { monthCloses } from "@/db/schema";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { settleKpiRewards } from "@/server/incentives/kpi/settle";
import { audit, type Actor } from "@/server/tenancy/audit";
import { demoteAtMonthClose } from "./levels/evaluate";
import { runTeamBonus } from "./team-bonus/compute";
import { isMonth, lastEndedMonth, monthBounds } from "./team-bonus/period";

export interface MonthCloseContext {
  tx: Tx;
  tenantId: string;
  month: string;
  /** The month's bounds: [start, end). */
  start: Date;
  end: Date;
  now: Date;
  /** When the brand's previous close ran (null for its first). */
  lastCloseAt: Date | null;
}

export interface MonthCloseStep {
  /** Stable key: the step's result is stored under it in month_closes.steps. */
  name: string;
  run(ctx: MonthCloseContext): Promise<Record<string, unknown>>;
}

/**
 * The close's steps, in order. Team bonus first (it reads the month's sales and the refunds
 * since the last close), then demotion (it reads the look-back ending at the month's end).
 * Append further steps here (e.g. KPI rewards); each must be idempotent per brand and month.
 */
export const MONTH_CLOSE_STEPS: MonthCloseStep[] = [
  {
    name: "teamBonus",
    run: async (c) => ({ ...(await runTeamBonus(c.tx, c.tenantId, c.month, { now: c.now, lastCloseAt: c.lastCloseAt })) }),
  },
  {
    name: "levelDemotion",
    run: async (c) => ({ demoted: await demoteAtMonthClose(c.tx, c.tenantId, c.end) }),
  },
  {
    // Rewards whose orders have all settled are paid now; the rest by the incentives sweep as
    // their after-sales windows pass (settleKpiRewards is idempotent per task and person).
    name: "kpiRewards",
    run: async (c) => ({ ...(await settleKpiRewards(c.tx, c.tenantId, c.month, { now: c.now })) }),
  },
];

export interface MonthCloseResult {
  month: string;
  closedAt: Date;
  alreadyClosed: boolean;
  steps: Record<string, unknown>;
}

export async function closeMonth(
  tx: Tx,
  tenantId: string,
  month: string,
  opts: { now?: Date; actor?: Actor; steps?: MonthCloseStep[] } = {},
): Promise<MonthCloseResult> {
  if (!isMonth(month)) throw new AppError("BAD_REQUEST", "Not a month (YYYY-MM).", { fields: { month: "month.invalid" } });
  const now = opts.now ?? new Date();
  const { start, end } = monthBounds(month);
  if (now < end) {
    throw new AppError("PRECONDITION_FAILED", "The month has not ended yet.", { fields: { month: "month.notEnded" } });
  }
  // A close is a batch job over every distributor and the month's orders, not a request: it gets
  // more than an app statement's limit (DB_STATEMENT_TIMEOUT_MS, 30 s), which the level step's
  // look-back over a big brand's year of orders passed in bench:incentives, and sorts in memory.
  await tx.execute(sql`select set_config('statement_timeout', '300s', true), set_config('work_mem', '128MB', true)`);
  // One close per brand at a time: the cron, the sweeper and the button may race.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`month_close:${tenantId}`}, 0))`);
  const [done] = await tx.select().from(monthCloses).where(eq(monthCloses.month, month));
  if (done) return { month, closedAt: done.closedAt, alreadyClosed: true, steps: done.steps };

  const [last] = await tx.select({ closedAt: monthCloses.closedAt }).from(monthCloses).orderBy(desc(monthCloses.closedAt)).limit(1);
  const ctx: MonthCloseContext = { tx, tenantId, month, start, end, now, lastCloseAt: last?.closedAt ?? null };
  const steps: Record<string, unknown> = {};
  for (const step of opts.steps ?? MONTH_CLOSE_STEPS) steps[step.name] = await step.run(ctx);

  const actor = opts.actor ?? { type: "system" as const, id: null };
  await tx.insert(monthCloses).values({ tenantId, month, steps, actorType: actor.type, actorId: actor.id, closedAt: now });
  await audit(tx, actor, { action: "incentives.month_closed", targetType: "brand", data: { month, ...steps } });
  return { month, closedAt: now, alreadyClosed: false, steps };
}

export async function tenantsNeedingMonthClose(db: Db, month: string): Promise<string[]> {
  const { end } = monthBounds(month);
  return withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(
      await tx.execute(sql`select tenant_id from fx_tenants_needing_month_close(${month}, ${end.toISOString()}::timestamptz)`),
    ).map((r) => r.tenant_id),
  );
}

/**
 * Closes the last ended month for every brand that has not closed it (the cron and the
 * sweeper). Brands created after that month ended are left to close it from the console once
 * their history is imported. One brand per transaction; one failure does not stop the rest.
 */
export async function closeDueMonths(db: Db, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const month = lastEndedMonth(now);
  const summary = { month, closed: 0, failures: [] as { tenantId: string; error: string }[] };
  for (const tenantId of await tenantsNeedingMonthClose(db, month)) {
    try {
      const r = await withTenant(db, tenantId, (tx) => closeMonth(tx, tenantId, month, { now }));
      if (!r.alreadyClosed) summary.closed += 1;
    } catch (e) {
      console.error(`month close: brand ${tenantId} failed`, e);
      summary.failures.push({ tenantId, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return summary;
}
