/**
 * The retroactive half of the ingest checks (issue 10 item 2): stored orders that a pattern
 * found now reaches back to are raised to review in the same transaction. One statement for
 * all of them: each order gets the rules it does not have yet (so the tenth order of a farm
 * does not re-raise the first nine), an `allow` verdict becomes `review`, and its pending
 * commissions become held; what it already settled cannot be held, so those orders get a case.
 * The caller posts the returned hold journals with the segment's accruals and opens the cases
 * with its rows.
 */
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import type { RiskRuleHit } from "@/db/schema/orders";
import { rowsOf } from "@/db/tenant";
import { credit, debit, distributorAccount, type JournalInput, type PostingInput } from "@/server/ledger/accounts";
import { jsonParam } from "@/server/ledger/post";
import type { RiskCaseRow } from "@/server/orders/ingest-plan";

export interface RaiseResult {
  journals: JournalInput[];
  cases: RiskCaseRow[];
  /** Orders that changed (had at least one rule added). */
  raised: string[];
}

export async function raiseStoredOrders(tx: Tx, raises: { orderId: string; hits: RiskRuleHit[] }[], now: Date): Promise<RaiseResult> {
  if (!raises.length) return { journals: [], cases: [], raised: [] };
  // Locks the orders in id order before anything else, so two ingests raising overlapping
  // sets queue instead of deadlocking on each other's commission rows.
  const rows = rowsOf<{ what: "raised" | "held" | "settled"; order_id: string; distributor_id: string | null; amount_fen: string | number | null; rules: RiskRuleHit[] | null }>(
    await tx.execute(sql`
      with x as (
        select * from jsonb_to_recordset(${jsonParam(raises.map((r) => ({ id: r.orderId, hits: r.hits })))}) as x(id uuid, hits jsonb)
      ),
      -- By key (= any of the ids): joined to the recordset, whose size the planner cannot know,
      -- it hashed the brand's whole orders table (25 ms at 37,000 orders, growing with the brand).
      locked as (
        select o.id, o.risk_rules, o.risk_verdict, x.hits from orders o join x on x.id = o.id
        where o.id = any (array(select id from x)) and o.risk_verdict <> 'block' order by o.id for update of o
      ),
      fresh as (
        select l.id, coalesce(jsonb_agg(h) filter (where not l.risk_rules @> jsonb_build_array(jsonb_build_object('code', h->'code'))), '[]'::jsonb) as add
        from locked l cross join lateral jsonb_array_elements(l.hits) h
        group by l.id
      ),
      raised as (
        update orders o set risk_verdict = case when o.risk_verdict = 'allow' then 'review'::risk_verdict else o.risk_verdict end,
          risk_rules = o.risk_rules || f.add, updated_at = ${now.toISOString()}::timestamptz
        from fresh f where o.id = f.id and jsonb_array_length(f.add) > 0
        returning o.id, o.risk_rules
      ),
      held as (
        update commissions c set status = 'held'
        from raised r where c.order_id = r.id and c.status = 'pending'
        returning c.order_id, c.distributor_id, c.amount_fen
      ),
      settled as (
        select c.order_id, c.distributor_id, sum(c.settled_fen) as amount_fen from commissions c join raised r on r.id = c.order_id
        where c.status = 'settled' and c.settled_fen > 0 group by 1, 2
      )
      select 'raised'::text as what, r.id as order_id, null::uuid as distributor_id, null::bigint as amount_fen, r.risk_rules as rules from raised r
      union all select 'held', h.order_id, h.distributor_id, h.amount_fen, null from held h
      union all select 'settled', s.order_id, s.distributor_id, s.amount_fen, null from settled s`),
  );
  const rules = new Map<string, RiskRuleHit[]>();
  const held = new Map<string, { distributorId: string; amountFen: number }[]>();
  const settled = new Map<string, { distributorId: string; amountFen: number }[]>();
  for (const r of rows) {
    if (r.what === "raised") rules.set(r.order_id, r.rules ?? []);
    else {
      const into = r.what === "held" ? held : settled;
      const amountFen = Number(r.amount_fen);
      if (amountFen > 0) into.set(r.order_id, [...(into.get(r.order_id) ?? []), { distributorId: r.distributor_id!, amountFen }]);
    }
  }
  const journals: JournalInput[] = [];
  for (const [orderId, list] of held) {
    const postings: PostingInput[] = [];
    for (const c of list) {
      postings.push(debit(distributorAccount(c.distributorId, "pending"), c.amountFen));
      postings.push(credit(distributorAccount(c.distributorId, "held"), c.amountFen));
    }
    journals.push({
      kind: "adjustment",
      // The status change above happens once (pending → held under the row locks); the key only
      // has to be unique (as decideHold's), since an order may be held, released and raised again.
      idempotencyKey: `order:${orderId}:risk-hold:${uuidv7()}`,
      causeType: "risk_rule",
      causeId: orderId,
      orderId,
      memo: "held: raised to review by a risk pattern",
      postings,
    });
  }
  const cases: RiskCaseRow[] = [];
  for (const orderId of rules.keys()) {
    const h = held.get(orderId) ?? [];
    const s = settled.get(orderId) ?? [];
    const list = h.length ? h : s;
    if (!list.length) continue;
    cases.push({
      orderId,
      kind: h.length ? "order_review" : "settled_order",
      distributorIds: [...new Set(list.map((c) => c.distributorId))],
      rules: rules.get(orderId)!,
      amountFen: list.reduce((sum, c) => sum + c.amountFen, 0),
    });
  }
  return { journals, cases, raised: [...rules.keys()] };
}
