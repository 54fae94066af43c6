/**
 * The legacy Taobao pair: a 宝贝报表 (one row per line: SKU, unit price, quantity, but no payment
 * time, buyer or paid amount) and its 订单报表 (one row per order: all of those), uploaded
 * together. Commission is per line and lines are immutable once an order is in, so the two are
 * joined in ONE import: the 订单报表 is read first into a map by order number holding only the
 * few fields the lines need (memory grows with orders, not rows), then the 宝贝报表's rows stream
 * through the usual pipeline with those fields appended as extra columns (ORDER_REPORT_COLUMNS),
 * which the taobao-items-legacy layout reads like any other column.
 */
import { cellText, isBlank, type RawCell } from "./cell-text";
import type { OpenedSource } from "./file-source";
import { layoutById, ORDER_REPORT_COLUMNS, type Layout } from "./layouts";
import { parseOrderId } from "./order-id";
import { HEADER_SEARCH_ROWS, recogniseHeader, type ResolvedLayout } from "./recognise";
import type { RowSource, SheetRow } from "./xlsx-rows";

const FIELDS = Object.keys(ORDER_REPORT_COLUMNS) as (keyof typeof ORDER_REPORT_COLUMNS)[];
const JOINED_HEADERS: readonly string[] = FIELDS.map((f) => ORDER_REPORT_COLUMNS[f]);

const layout = (id: string): Layout => {
  const l = layoutById(id);
  if (!l) throw new Error(`no layout ${id}`);
  return l;
};
const ORDERS = layout("taobao-orders-legacy");
export const ITEMS = layout("taobao-items-legacy");

/** A 宝贝报表 row; `unmatched` is its order number when the 订单报表 has no such order. */
export interface JoinedRow extends SheetRow {
  unmatched?: string;
}

interface OrderFacts {
  /** The values for ORDER_REPORT_COLUMNS, in FIELDS order. */
  cells: RawCell[];
  /** The order's row in the 订单报表, for reporting it. */
  row: number;
  /** A 宝贝报表 row named it. */
  used: boolean;
  paid: boolean;
}

export interface LegacyPair {
  /** The 宝贝报表 with the order's columns appended to its header and rows. */
  items: OpenedSource & { source: RowSource & { rows(): AsyncGenerator<JoinedRow> } };
  /** Paid orders of the 订单报表 no 宝贝报表 row named (call after the rows are read). */
  orphans(): { orderId: string; row: number }[];
}

/** Would this header be a legacy 宝贝报表 once its 订单报表's columns were joined in? */
export function recogniseItems(cells: readonly RawCell[]): ResolvedLayout | null {
  const rec = recogniseHeader([...cells, ...JOINED_HEADERS], { layouts: [ITEMS] });
  return rec.ok ? rec.resolved : null;
}

function recogniseOrders(cells: readonly RawCell[]): ResolvedLayout | null {
  const rec = recogniseHeader(cells, { layouts: [ORDERS] });
  return rec.ok ? rec.resolved : null;
}

/** The first of the top non-blank rows that `recognise` accepts. */
async function findHeader(
  source: RowSource,
  recognise: (cells: readonly RawCell[]) => ResolvedLayout | null,
): Promise<{ row: number; width: number; resolved: ResolvedLayout } | null> {
  const rows = source.rows();
  let scanned = 0;
  try {
    for await (const { cells, row } of rows) {
      if (cells.every((c) => cellText(c) === "")) continue;
      const resolved = recognise(cells);
      if (resolved) return { row, width: cells.length, resolved };
      if (++scanned >= HEADER_SEARCH_ROWS) return null;
    }
    return null;
  } finally {
    await rows.return(undefined);
  }
}

/** The first non-blank of the cells at `columns` (a field's columns in preference order). */
function firstValue(cells: readonly RawCell[], columns: readonly number[] | undefined): RawCell {
  for (const at of columns ?? []) {
    const cell = cells[at] ?? null;
    if (!isBlank(cellText(cell))) return cell;
  }
  return null;
}

/** Reads the 订单报表 into a map by normalised 订单编号 (the first row of an order wins). */
async function readOrders(
  source: RowSource,
  header: { row: number; resolved: ResolvedLayout },
): Promise<Map<string, OrderFacts>> {
  const { columns } = header.resolved;
  const orders = new Map<string, OrderFacts>();
  for await (const { cells, row } of source.rows()) {
    if (row <= header.row) continue;
    const id = parseOrderId(firstValue(cells, columns.orderId));
    if (!id.ok || orders.has(id.value)) continue;
    const values = FIELDS.map((f) => firstValue(cells, columns[f]));
    orders.set(id.value, {
      cells: values,
      row,
      used: false,
      paid: !isBlank(cellText(firstValue(cells, columns.paidAt))),
    });
  }
  return orders;
}

/** Rows cut or padded to the header's width, so the appended columns sit where the header says. */
const fit = (cells: readonly RawCell[], width: number): RawCell[] =>
  Array.from({ length: width }, (_, i) => cells[i] ?? null);

/**
 * Two opened exports → the joined 宝贝报表, whichever order they came in; null when they are not
 * a legacy 宝贝报表 and its 订单报表.
 */
export async function joinLegacyPair(
  files: readonly [OpenedSource, OpenedSource],
): Promise<LegacyPair | null> {
  const [a, b] = files;
  let orderFile: OpenedSource | null = null;
  let orderHeader: Awaited<ReturnType<typeof findHeader>> = null;
  let itemFile: OpenedSource | null = null;
  let itemHeader: Awaited<ReturnType<typeof findHeader>> = null;
  for (const [file, other] of [
    [a, b],
    [b, a],
  ] as const) {
    orderHeader = await findHeader(file.source, recogniseOrders);
    if (!orderHeader) continue;
    itemHeader = await findHeader(other.source, recogniseItems);
    orderFile = file;
    itemFile = other;
    break;
  }
  if (!orderFile || !orderHeader || !itemFile || !itemHeader) return null;

  const orders = await readOrders(orderFile.source, orderHeader);
  const items = itemFile.source;
  const { row: headerRow, width } = itemHeader;
  const idColumns = itemHeader.resolved.columns.orderId;
  const none: RawCell[] = JOINED_HEADERS.map(() => null);
  const joined: RowSource & { rows(): AsyncGenerator<JoinedRow> } = {
    ...(items.lastRow !== undefined ? { lastRow: items.lastRow } : {}),
    bytesTotal: items.bytesTotal,
    // An XLSX source counts the bytes its header scan read too: never report past the end.
    bytesDone: () => Math.min(items.bytesDone(), items.bytesTotal),
    async *rows(): AsyncGenerator<JoinedRow> {
      for await (const { cells, row } of items.rows()) {
        if (row < headerRow) yield { row, cells };
        else if (row === headerRow) yield { row, cells: [...fit(cells, width), ...JOINED_HEADERS] };
        else {
          const id = parseOrderId(firstValue(cells, idColumns));
          const facts = id.ok ? orders.get(id.value) : undefined;
          if (facts) facts.used = true;
          yield {
            row,
            cells: [...fit(cells, width), ...(facts?.cells ?? none)],
            ...(id.ok && !facts ? { unmatched: id.value } : {}),
          };
        }
      }
    },
  };
  return {
    items: { ...itemFile, source: joined },
    orphans: () =>
      [...orders].flatMap(([orderId, o]) => (o.paid && !o.used ? [{ orderId, row: o.row }] : [])),
  };
}
