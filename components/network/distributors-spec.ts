/**
 * The distributor list's URL state on the console's shared table (the "All" tab): filter keys
 * are distributors.list's input fields and the distributors export's query (shared by page and
 * table, no "use client").
 */
import { defineListSpec, oneOf, textParam, uuidParam } from "@/components/console/data-table/url-state";
import { DISTRIBUTOR_ROLES, DISTRIBUTOR_SORTS, DISTRIBUTOR_STATUSES } from "@/server/network/schemas";

export const DISTRIBUTORS_SPEC = defineListSpec({
  filters: {
    q: textParam(60),
    status: oneOf(DISTRIBUTOR_STATUSES),
    role: oneOf(DISTRIBUTOR_ROLES),
    levelId: uuidParam,
  },
  sorts: DISTRIBUTOR_SORTS,
  defaultSort: { id: "appliedAt", desc: true },
});
