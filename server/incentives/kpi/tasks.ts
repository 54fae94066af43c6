/**
 * KPI task administration (console) and the figures shown for them: the console's completion
 * rates and the portal's progress bars. Progress reads the leaderboard rollup (this month's
 * attributed sales); the reward itself is decided by settle.ts on settled sales only.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { distributorLevels, kpiRewards, kpiTasks } from "@/db/schema";
import { currentTenantId, rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { foldLeaderboards } from "@/server/incentives/leaderboards/fold";
import { monthBounds, shanghaiMonth } from "@/server/incentives/leaderboards/periods";
import { monthFigures } from "@/server/incentives/leaderboards/read";
import { audit, type Actor } from "@/server/tenancy/audit";
import { kpiTaskInputSchema, kpiTaskUpdateSchema, type KpiMetric } from "./schemas";

async function checkLevel(tx: Tx, levelId: string | null | undefined) {
  if (!levelId) return;
  const [l] = await tx.select({ id: distributorLevels.id }).from(distributorLevels).where(eq(distributorLevels.id, levelId));
  if (!l) throw new AppError("UNPROCESSABLE", "No such level.", { fields: { levelId: "not_found" } });
}

export async function createKpiTask(tx: Tx, actor: Actor, raw: unknown) {
  const input = kpiTaskInputSchema.parse(raw);
  await checkLevel(tx, input.levelId);
  const [row] = await tx
    .insert(kpiTasks)
    .values({ tenantId: await currentTenantId(tx), ...input, levelId: input.levelId ?? null, role: input.role ?? null })
    .returning();
  await audit(tx, actor, { action: "kpi_task.created", targetType: "kpi_task", targetId: row!.id, data: { name: input.name, kind: input.metric } });
  return row!;
}

export async function updateKpiTask(tx: Tx, actor: Actor, raw: unknown) {
  const { id, ...input } = kpiTaskUpdateSchema.parse(raw);
  const [task] = await tx.select().from(kpiTasks).where(eq(kpiTasks.id, id)).for("update");
  if (!task) throw new AppError("NOT_FOUND", "No such task.");
  if (task.status !== "active") throw new AppError("CONFLICT", "A cancelled task can no longer change.", { fields: { id: "invalid_transition" } });
  // A paid reward was decided on these terms: changing them afterwards would rewrite history.
  const [paid] = await tx.select({ id: kpiRewards.id }).from(kpiRewards).where(eq(kpiRewards.taskId, id)).limit(1);
  if (paid) throw new AppError("CONFLICT", "Rewards have been paid on this task; it can no longer change.", { fields: { id: "invalid_transition" } });
  await checkLevel(tx, input.levelId);
  const [row] = await tx
    .update(kpiTasks)
    .set({ ...input, levelId: input.levelId ?? null, role: input.role ?? null, updatedAt: sql`now()` })
    .where(eq(kpiTasks.id, id))
    .returning();
  await audit(tx, actor, { action: "kpi_task.updated", targetType: "kpi_task", targetId: id, data: { name: input.name, kind: input.metric } });
  return row!;
}

/** Cancels a task: no further rewards; rewards already paid stay (they are in the ledger). */
export async function cancelKpiTask(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .update(kpiTasks)
    .set({ status: "cancelled", updatedAt: sql`now()` })
    .where(and(eq(kpiTasks.id, id), eq(kpiTasks.status, "active")))
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "No such active task.");
  await audit(tx, actor, { action: "kpi_task.cancelled", targetType: "kpi_task", targetId: id, data: { name: row.name } });
  return row;
}

const scopeMatch = sql.raw(`d.status = 'active' and (t.level_id is null or d.level_id = t.level_id) and (t.role is null or d.role = t.role)`);

export interface KpiTaskRow {
  id: string;
  name: string;
  month: string;
  metric: KpiMetric;
  target: number;
  rewardFen: number;
  levelId: string | null;
  levelName: string | null;
  role: string | null;
  status: "active" | "cancelled";
  eligible: number;
  /** Eligible distributors whose unverified figure this month already reaches the target. */
  reached: number;
  rewarded: number;
  rewardedFen: number;
  /** rewarded / eligible in basis points (0 when nobody is eligible). */
  completionBp: number;
}

export const kpiTaskListSchema = z.object({
  /** One task's row (the public API's read of a task). */
  id: z.uuid().optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  status: z.enum(["active", "cancelled"]).optional(),
  sort: z.enum(["month"]).default("month"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type KpiTaskListInput = z.input<typeof kpiTaskListSchema>;

/** The console's task list (the shared data table's contract) with completion rates. */
export async function listKpiTasks(tx: Tx, tenantId: string, raw: KpiTaskListInput) {
  const input = kpiTaskListSchema.parse(raw);
  await foldLeaderboards(tx, tenantId);
  const where = sql`where true ${input.id ? sql`and t.id = ${input.id}::uuid` : sql``} ${input.month ? sql`and t.month = ${input.month}` : sql``} ${input.status ? sql`and t.status = ${input.status}::kpi_task_status` : sql``}`;
  const dir = sql.raw(input.dir === "asc" ? "asc" : "desc");
  const rows = rowsOf<{
    id: string; name: string; month: string; metric: KpiMetric; target: string | number; reward_fen: string | number;
    level_id: string | null; level_name: string | null; role: string | null; status: "active" | "cancelled";
    eligible: string | number; reached: string | number; rewarded: string | number; rewarded_fen: string | number; total: string | number;
  }>(
    await tx.execute(sql`
      select t.id, t.name, t.month, t.metric, t.target, t.reward_fen, t.level_id, l.name as level_name, t.role, t.status,
        (select count(*) from distributors d where ${scopeMatch}) as eligible,
        (select count(*) from distributors d
          join leaderboard_rollups r on r.tenant_id = d.tenant_id and r.distributor_id = d.id and r.period = 'month'
            and r.period_start = (t.month || '-01')::date and r.region = ''
          where ${scopeMatch} and case t.metric when 'gmv' then r.gmv_fen when 'orders' then r.order_count else r.new_customers end >= t.target
        ) as reached,
        (select count(*) from kpi_rewards k where k.task_id = t.id) as rewarded,
        (select coalesce(sum(k.reward_fen), 0) from kpi_rewards k where k.task_id = t.id) as rewarded_fen,
        count(*) over () as total
      from kpi_tasks t
      left join distributor_levels l on l.tenant_id = t.tenant_id and l.id = t.level_id
      ${where}
      order by t.month ${dir}, t.id ${dir}
      limit ${input.limit} offset ${input.offset}`),
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r): KpiTaskRow => {
      const eligible = Number(r.eligible);
      const rewarded = Number(r.rewarded);
      return {
        id: r.id,
        name: r.name,
        month: r.month,
        metric: r.metric,
        target: Number(r.target),
        rewardFen: Number(r.reward_fen),
        levelId: r.level_id,
        levelName: r.level_name,
        role: r.role,
        status: r.status,
        eligible,
        reached: Number(r.reached),
        rewarded,
        rewardedFen: Number(r.rewarded_fen),
        completionBp: eligible ? Math.floor((rewarded * 10_000) / eligible) : 0,
      };
    }),
  };
}

export interface KpiProgress {
  id: string;
  name: string;
  month: string;
  metric: KpiMetric;
  target: number;
  rewardFen: number;
  current: number;
  /** The reward has been paid (verified on settled sales). */
  rewarded: boolean;
  /** The month is over and the reward waits for the orders' after-sales windows. */
  verifying: boolean;
}

/** The distributor's tasks for this month (and last month's until they are decided). */
export async function distributorKpiProgress(tx: Tx, tenantId: string, distributorId: string, opts: { now?: Date } = {}): Promise<KpiProgress[]> {
  const now = opts.now ?? new Date();
  await foldLeaderboards(tx, tenantId, { now });
  const month = shanghaiMonth(now);
  const last = shanghaiMonth(new Date(monthBounds(month).start.getTime() - 1));
  const tasks = rowsOf<{ id: string; name: string; month: string; metric: KpiMetric; target: string | number; reward_fen: string | number; rewarded: boolean }>(
    await tx.execute(sql`
      select t.id, t.name, t.month, t.metric, t.target, t.reward_fen,
        exists (select 1 from kpi_rewards k where k.task_id = t.id and k.distributor_id = d.id) as rewarded
      from kpi_tasks t
      join distributors d on d.id = ${distributorId}::uuid
      where t.status = 'active' and t.month in (${month}, ${last}) and ${scopeMatch}
      order by t.month desc, t.created_at`),
  );
  const figures = new Map<string, Awaited<ReturnType<typeof monthFigures>>>();
  const out: KpiProgress[] = [];
  for (const t of tasks) {
    const start = `${t.month}-01`;
    if (!figures.has(start)) figures.set(start, await monthFigures(tx, tenantId, distributorId, start));
    const f = figures.get(start)!;
    out.push({
      id: t.id,
      name: t.name,
      month: t.month,
      metric: t.metric,
      target: Number(t.target),
      rewardFen: Number(t.reward_fen),
      current: f[t.metric],
      rewarded: t.rewarded,
      verifying: t.month !== month && !t.rewarded,
    });
  }
  // Last month's tasks that were missed and are not being verified are of no further interest.
  return out.filter((p) => p.month === month || p.rewarded || p.current >= p.target);
}

export async function getKpiTask(tx: Tx, id: string) {
  const [row] = await tx.select().from(kpiTasks).where(eq(kpiTasks.id, id));
  if (!row) throw new AppError("NOT_FOUND", "No such task.");
  return row;
}

