/** The orders list's URL state: its filters are orders.list's input fields (shared by page and table). */
import {
  dateParam,
  defineListSpec,
  oneOf,
  textParam,
} from "@/components/console/data-table/url-state";
import {
  ATTRIBUTION_SOURCES,
  CHANNELS,
  ORDER_SORTS,
  ORDER_STATUSES,
  RISK_VERDICTS,
} from "@/server/orders/console-schemas";

export const ORDERS_SPEC = defineListSpec({
  filters: {
    externalId: textParam(128),
    channel: oneOf(CHANNELS),
    status: oneOf(ORDER_STATUSES),
    distributor: textParam(60),
    paidFrom: dateParam,
    paidTo: dateParam,
    attribution: oneOf(ATTRIBUTION_SOURCES),
    risk: oneOf(RISK_VERDICTS),
  },
  sorts: ORDER_SORTS,
  defaultSort: { id: "paidAt", desc: true },
  ranges: [["paidFrom", "paidTo"]],
});
