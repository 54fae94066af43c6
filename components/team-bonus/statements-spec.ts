/** The team bonus statements list's URL state (shared by page and table). */
import { defineListSpec, textParam } from "@/components/console/data-table/url-state";
import { STATEMENT_SORTS } from "@/server/incentives/team-bonus/list-sorts";

const monthParam = (raw: string) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(raw) ? raw : undefined);

export const STATEMENTS_SPEC = defineListSpec({
  filters: { period: monthParam },
  sorts: STATEMENT_SORTS,
  defaultSort: { id: "period", desc: true },
});

export const PERFORMANCE_SPEC = defineListSpec({
  filters: {
    department: textParam(60),
    from: (raw: string) => (/^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined),
    to: (raw: string) => (/^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined),
  },
  sorts: ["gmv"] as const,
  defaultSort: { id: "gmv", desc: true },
  ranges: [["from", "to"]],
});
