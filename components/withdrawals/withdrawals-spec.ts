/** The withdrawal queue's URL state: its filters are withdrawals.list's input fields (shared by page and table). */
import { dateParam, defineListSpec, oneOf, textParam, type ParamParser } from "@/components/console/data-table/url-state";
import { WITHDRAWAL_CHANNELS, WITHDRAWAL_SORTS, WITHDRAWAL_STATUSES } from "@/server/payouts/withdrawals/schemas";

/** Yuan as typed: digits with up to two decimals; anything else drops the filter. */
const yuanParam: ParamParser<string> = (raw) => (/^\d{1,9}(\.\d{1,2})?$/.test(raw.trim()) ? raw.trim() : undefined);

export const WITHDRAWALS_SPEC = defineListSpec({
  filters: {
    distributor: textParam(60),
    channel: oneOf(WITHDRAWAL_CHANNELS),
    status: oneOf(WITHDRAWAL_STATUSES),
    requestedFrom: dateParam,
    requestedTo: dateParam,
    minYuan: yuanParam,
    maxYuan: yuanParam,
  },
  sorts: WITHDRAWAL_SORTS,
  defaultSort: { id: "requestedAt", desc: true },
  ranges: [["requestedFrom", "requestedTo"]],
});
