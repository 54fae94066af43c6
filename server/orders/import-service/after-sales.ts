/**
 * After-sales cases from an import (DOMAIN.md §4: a commission settles once its window has
 * passed "and the line has no open after-sales case"). A case the file shows open marks its
 * line; one it shows ended clears the mark, and the next sweep settles the line as usual. When
 * a file names the same line more than once, its last row says where the case stands.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import type { AfterSalesCase, ParseChunk } from "@/server/orders/import";
import { jsonParam } from "@/server/ledger/post";

export interface AfterSalesOutcome {
  /** Lines whose case the file opened or closed. */
  changed: number;
  /** Open cases whose line already stood so (a file imported again). */
  unchanged: number;
  /** Open cases for an order or an item the brand does not have: the file's rows. */
  missing: { row: number; externalId: string; sku: string; order: boolean }[];
}

/** Where each line's case stands by the chunk's last row about it. */
function latest(chunk: Pick<ParseChunk, "afterSalesOpen" | "afterSalesClosed">) {
  const last = new Map<string, AfterSalesCase & { open: boolean }>();
  const all = [...chunk.afterSalesOpen.map((c) => ({ ...c, open: true })), ...chunk.afterSalesClosed.map((c) => ({ ...c, open: false }))];
  for (const c of all.sort((a, b) => a.row - b.row)) last.set(`${c.channel}\u0000${c.externalId}\u0000${c.sku}`, c);
  return [...last.values()];
}

export async function applyAfterSales(tx: Tx, chunk: Pick<ParseChunk, "afterSalesOpen" | "afterSalesClosed">): Promise<AfterSalesOutcome> {
  const cases = latest(chunk);
  const outcome: AfterSalesOutcome = { changed: 0, unchanged: 0, missing: [] };
  if (!cases.length) return outcome;
  // One statement for the chunk: the lines found and their state before, and the update.
  const rows = rowsOf<{ row: number; open: boolean; has_order: boolean; has_line: boolean; was: boolean | null }>(
    await tx.execute(sql`
      with x as (
        select * from jsonb_to_recordset(${jsonParam(cases.map((c) => ({ row: c.row, channel: c.channel, external_id: c.externalId, sku: c.sku, open: c.open })))})
          as x(row int, channel text, external_id text, sku text, open boolean)
      ),
      found as materialized (
        select x.row, x.open, o.id as order_id, l.tenant_id, l.id as line_id, l.after_sales_open as was
        from x
        left join orders o on o.channel = x.channel::order_channel and o.external_id = x.external_id
        left join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id and l.sku = x.sku
      ),
      changed as (
        update order_lines l set after_sales_open = f.open
        from found f where l.tenant_id = f.tenant_id and l.id = f.line_id and l.after_sales_open <> f.open
      )
      select row, open, order_id is not null as has_order, line_id is not null as has_line, was from found`),
  );
  const byRow = new Map(cases.map((c) => [c.row, c]));
  for (const r of rows) {
    const c = byRow.get(r.row)!;
    if (!r.has_line) {
      // An ended case of an order the brand does not have changes nothing; an open one is
      // reported, since it was meant to hold a settlement.
      if (r.open) outcome.missing.push({ row: r.row, externalId: c.externalId, sku: c.sku, order: r.has_order });
    } else if (r.was !== r.open) outcome.changed += 1;
    else if (r.open) outcome.unchanged += 1;
  }
  return outcome;
}
