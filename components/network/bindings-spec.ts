/**
 * The bindings list's URL state (Distributors → Buyer bindings): filter keys are bindings.list's
 * input fields and the bindings export's query (shared by page and table, no "use client").
 */
import { dateParam, defineListSpec, oneOf, textParam } from "@/components/console/data-table/url-state";
import { BINDING_SOURCES } from "@/server/network/schemas";

/** Without `state` the list shows current bindings only (the server's default). */
export const BINDING_STATES = ["all"] as const;

export const BINDINGS_SPEC = defineListSpec({
  filters: {
    distributor: textParam(60),
    source: oneOf(BINDING_SOURCES),
    boundFrom: dateParam,
    boundTo: dateParam,
    state: oneOf(BINDING_STATES),
  },
  sorts: ["boundAt"],
  defaultSort: { id: "boundAt", desc: true },
  ranges: [["boundFrom", "boundTo"]],
});
