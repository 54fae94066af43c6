/** The commissions list's URL state: its filters are commissions.list's input fields. */
import {
  dateParam,
  defineListSpec,
  oneOf,
  textParam,
  uuidParam,
} from "@/components/console/data-table/url-state";
import {
  COMMISSION_SORTS,
  COMMISSION_STATUSES,
  COMMISSION_TIERS,
} from "@/server/orders/console-schemas";

export const COMMISSIONS_SPEC = defineListSpec({
  filters: {
    status: oneOf(COMMISSION_STATUSES),
    tier: oneOf(COMMISSION_TIERS),
    distributor: textParam(60),
    createdFrom: dateParam,
    createdTo: dateParam,
    ruleId: uuidParam,
  },
  sorts: COMMISSION_SORTS,
  defaultSort: { id: "createdAt", desc: true },
  ranges: [["createdFrom", "createdTo"]],
});
