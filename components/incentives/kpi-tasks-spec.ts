/** The KPI task list's URL state: its filters are kpiTasks.list's input fields (shared by page and table). */
import { defineListSpec, oneOf, type ParamParser } from "@/components/console/data-table/url-state";

const monthParam: ParamParser<string> = (raw) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(raw.trim()) ? raw.trim() : undefined);

export const KPI_TASKS_SPEC = defineListSpec({
  filters: { month: monthParam, status: oneOf(["active", "cancelled"] as const) },
  sorts: ["month"] as const,
  defaultSort: { id: "month", desc: true },
});
