/** The delivery log's URL state: its filters are webhooks.deliveries' input fields (shared by page and table). */
import { defineListSpec, oneOf, uuidParam } from "@/components/console/data-table/url-state";
import { DELIVERY_SORTS, DELIVERY_STATUSES, TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "@/server/webhooks/events";

export const DELIVERY_EVENT_TYPES = [...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE] as const;

export const DELIVERIES_SPEC = defineListSpec({
  filters: {
    endpointId: uuidParam,
    status: oneOf(DELIVERY_STATUSES),
    type: oneOf(DELIVERY_EVENT_TYPES),
  },
  sorts: DELIVERY_SORTS,
  defaultSort: { id: "createdAt", desc: true },
});
