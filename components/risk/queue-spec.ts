/** The review queue's URL state: its filters are riskCenter.queue's input fields (shared by page and table). */
import { dateParam, defineListSpec, oneOf, textParam, type ParamParser } from "@/components/console/data-table/url-state";
import { QUEUE_SORTS, QUEUE_STATES, QUEUE_VERDICTS } from "@/server/risk/queue-schemas";

const yuanParam: ParamParser<string> = (raw) => (/^\d{1,9}(\.\d{1,2})?$/.test(raw.trim()) ? raw.trim() : undefined);
const ruleParam: ParamParser<string> = (raw) => (/^[a-z][a-z0-9_]{0,63}$/.test(raw.trim()) ? raw.trim() : undefined);

export const QUEUE_SPEC = defineListSpec({
  filters: {
    state: oneOf([...QUEUE_STATES, "all"] as const),
    verdict: oneOf(QUEUE_VERDICTS),
    rule: ruleParam,
    distributor: textParam(60),
    paidFrom: dateParam,
    paidTo: dateParam,
    minYuan: yuanParam,
    maxYuan: yuanParam,
  },
  sorts: QUEUE_SORTS,
  defaultSort: { id: "paidAt", desc: true },
  ranges: [["paidFrom", "paidTo"]],
});
