/**
 * The KPI task form's values (strings, as typed) ⇄ the kpiTasks.create / update input, and where
 * a server field error belongs on the form. Amounts are typed in yuan and become fen by string
 * parsing, never through floating point. Pure: unit-tested, safe in the browser.
 */
import type { KpiMetric, KpiTaskInput } from "@/server/incentives/kpi/schemas";
import type { KpiTaskRow } from "@/server/incentives/kpi/tasks";
import { fenToYuan, yuanToFen } from "@/server/promotion/price";

export const KPI_METRICS = ["gmv", "orders", "new_customers"] as const satisfies readonly KpiMetric[];
export const KPI_ROLES = ["distributor", "team_lead", "city_partner", "employee"] as const satisfies readonly NonNullable<KpiTaskInput["role"]>[];
export type KpiRole = (typeof KPI_ROLES)[number];

/** The server's ceiling on a reward (kpiTaskInputSchema): ¥100,000,000.00. */
const MAX_REWARD_FEN = 100_000_000_00;

export interface KpiFormValues {
  name: string;
  month: string;
  metric: KpiMetric;
  /** Yuan for gmv, a count otherwise. */
  target: string;
  /** Yuan. */
  reward: string;
  /** "" = every level. */
  levelId: string;
  /** "" = every role. */
  role: "" | KpiRole;
}
export type KpiFormField = keyof KpiFormValues;

/** What the form needs of a task (a kpiTasks.list row has it all). */
export type KpiTaskLike = Pick<KpiTaskRow, "name" | "month" | "metric" | "target" | "rewardFen" | "levelId" | "role">;

/** A blank form for this month on the brand's clock (Asia/Shanghai, UTC+8 all year). */
export function emptyKpiForm(now = new Date()): KpiFormValues {
  const month = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  return { name: "", month, metric: "gmv", target: "", reward: "", levelId: "", role: "" };
}

const isRole = (r: string | null): r is KpiRole => (KPI_ROLES as readonly (string | null)[]).includes(r);

export function taskToKpiForm(task: KpiTaskLike): KpiFormValues {
  return {
    name: task.name,
    month: task.month,
    metric: task.metric,
    target: task.metric === "gmv" ? fenToYuan(task.target) : String(task.target),
    reward: fenToYuan(task.rewardFen),
    levelId: task.levelId ?? "",
    role: isRole(task.role) ? task.role : "",
  };
}

export type KpiConverted = { ok: true; input: KpiTaskInput } | { ok: false; errors: Partial<Record<KpiFormField, string>> };

/** The input to send, or the fields that cannot be converted (keys of console.kpi.validation). */
export function kpiFormToInput(v: KpiFormValues): KpiConverted {
  const errors: Partial<Record<KpiFormField, string>> = {};
  const name = v.name.trim();
  if (!name) errors.name = "name.required";
  else if (name.length > 100) errors.name = "name.tooLong";
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v.month)) errors.month = "month.invalid";
  const target = v.metric === "gmv" ? yuanToFen(v.target) : /^\d{1,15}$/.test(v.target.trim()) ? Number(v.target.trim()) : null;
  if (target === null || target <= 0) errors.target = v.metric === "gmv" ? "target.amount" : "target.count";
  const rewardFen = yuanToFen(v.reward);
  if (rewardFen === null || rewardFen <= 0 || rewardFen > MAX_REWARD_FEN) errors.reward = "reward.invalid";
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: { name, month: v.month, metric: v.metric, target: target!, rewardFen: rewardFen!, levelId: v.levelId || null, role: v.role || null },
  };
}

/** Server input path → form field; `id` (e.g. the CONFLICT once rewards were paid) has none. */
const FIELD_OF: Record<string, KpiFormField> = {
  name: "name",
  month: "month",
  metric: "metric",
  target: "target",
  rewardFen: "reward",
  levelId: "levelId",
  role: "role",
};

/**
 * The server's field errors placed on the form's fields. A message stays a key: the kpi's own
 * ("level.gone") where the generic one would be vague, else the server's (common.validation).
 */
export function kpiServerErrors(fields: Record<string, string> | null): Partial<Record<KpiFormField, string>> {
  const out: Partial<Record<KpiFormField, string>> = {};
  for (const [path, message] of Object.entries(fields ?? {})) {
    const field = FIELD_OF[path];
    if (!field || out[field]) continue;
    // The level was deleted since the form loaded its list.
    out[field] = field === "levelId" && message === "not_found" ? "level.gone" : message;
  }
  return out;
}
