/**
 * parseOrderFile: a marketplace order or refund export → canonical order and refund records,
 * in chunks. Pure (no database): the caller feeds `orders[].order` to the order services and
 * `refunds[].event` to the order events, and shows `issues` row by row.
 *
 * Streaming: rows are read one at a time from the file (see csv-rows.ts / xlsx-rows.ts) and a
 * chunk is yielded every `chunkSize` data rows, so a 100k-row file runs in bounded memory and
 * the caller can show progress. Orders are emitted when their last row has been read (see
 * assemble.ts), so an order never straddles chunks and the records do not depend on the chunk
 * size. The same bytes always give the same records, refund ids included.
 *
 * A ZIP of the legacy Taobao 宝贝报表 and its 订单报表 is read as one file: the 宝贝报表's rows
 * with their order's columns joined in (legacy-pair.ts).
 */
import { cellText, type RawCell } from "./cell-text";
import { OrderAssembler } from "./assemble";
import type { Grouper } from "./grouper";
import { openFile } from "./file-source";
import { makeIssue } from "./issues";
import type { Layout } from "./layouts";
import {
  ITEMS,
  joinLegacyPair,
  recogniseItems,
  type JoinedRow,
  type LegacyPair,
} from "./legacy-pair";
import { layoutFromMapping, type ColumnMapping } from "./mapping";
import {
  HEADER_SEARCH_ROWS,
  recogniseHeader,
  type Recognition,
  type ResolvedLayout,
} from "./recognise";
import { RefundAssembler } from "./refund-assemble";
import { rowContext } from "./row-reader";
import { readLineRow, readRefundRow, type LineValues, type RefundValues } from "./row-values";
import type { Channel, FileSummary, ImportIssue, ParseChunk } from "./types";

export interface ParseOptions {
  /** A brand's saved mapping: replaces recognition. */
  mapping?: ColumnMapping;
  /** The channel the orders are for, over the layout's (a Taobao-format file from a Tmall shop: "tmall"). */
  channel?: Channel;
  /** Header of a column holding referral codes (any layout); required in the file when given. */
  referralColumn?: string;
  /** Pattern with one capture group for referral codes in remarks; defaults to fx:CODE / 推荐码CODE. */
  referralPattern?: RegExp;
  /** Times after this are flagged as suspicious; defaults to the current time. */
  now?: Date;
  /** Data rows per chunk; default 500. */
  chunkSize?: number;
}

/**
 * Notes that say something about the whole export (no product codes in it): reported on the
 * first row they concern only, not on every row.
 */
const ONCE_PER_FILE = new Set(["sku.fromTitle"]);

const isBlankRow = (cells: readonly RawCell[]) => cells.every((c) => cellText(c) === "");

/** The file (or the pair) could not be read on; `row` is the first row that was not. */
const unreadable = (row: number, e: unknown) =>
  makeIssue(row, "file", "file.unreadable", {
    message: e instanceof Error ? e.message : String(e),
  });

function headerIssue(
  failure: Extract<Recognition, { ok: false }>,
  firstRow: readonly RawCell[] | undefined,
): ImportIssue {
  if (failure.layout?.id === "mapping") {
    return makeIssue(0, "header", "header.mappingMissing", { headers: failure.missing.join(", ") });
  }
  if (failure.layout) {
    // Only generic headers in common (an ERP's own export): the closest layout, not "looks like".
    return makeIssue(0, "header", failure.distinctive ? "header.missing" : "header.closest", {
      layout: failure.layout.id,
      headers: failure.missing.join(", "),
    });
  }
  const seen = (firstRow ?? [])
    .map((c) => cellText(c))
    .filter(Boolean)
    .slice(0, 8)
    .join(", ");
  return makeIssue(0, "header", "header.unrecognised", { headers: seen });
}

function assemblerFor(layout: Layout, channel: Channel) {
  return layout.kind === "refunds"
    ? new RefundAssembler(channel)
    : new OrderAssembler(layout, channel);
}

export async function* parseOrderFile(
  bytes: Uint8Array,
  opts: ParseOptions = {},
): AsyncGenerator<ParseChunk> {
  const chunkSize = Math.max(1, opts.chunkSize ?? 500);
  const file: FileSummary = { format: null, layout: null, headerRow: 0, columns: {} };
  const opened = openFile(bytes);
  const progress = { rowsDone: 0, bytesDone: 0, bytesTotal: bytes.length };
  const failed = (issues: ImportIssue[]): ParseChunk => ({
    file,
    orders: [],
    refunds: [],
    afterSalesOpen: [],
    afterSalesClosed: [],
    issues,
    progress,
    done: true,
  });
  if (!opened.ok) {
    yield failed([makeIssue(0, "file", opened.key, opened.params)]);
    return;
  }
  // Two exports in one ZIP: only the legacy Taobao pair, read as one joined 宝贝报表.
  let pair: LegacyPair | null = null;
  if (opened.companion) {
    const { companion } = opened;
    try {
      pair = await joinLegacyPair([opened, companion]);
    } catch (e) {
      yield failed([unreadable(0, e)]);
      return;
    }
    if (!pair) {
      const files = [opened.name, companion.name].filter(Boolean).join(", ");
      yield failed([makeIssue(0, "file", "file.zipContents", { files })]);
      return;
    }
  }
  const main = pair?.items ?? opened;
  Object.assign(file, {
    format: main.format,
    ...(opened.container ? { container: opened.container } : {}),
    ...(main.encoding ? { encoding: main.encoding } : {}),
  });
  const source = main.source;
  const rows: AsyncGenerator<JoinedRow> = source.rows();

  // The header: the first of the top non-blank rows that fits a layout.
  const layouts = opts.mapping ? [layoutFromMapping(opts.mapping)] : pair ? [ITEMS] : undefined;
  let resolved: ResolvedLayout | null = null;
  let closest: Extract<Recognition, { ok: false }> | null = null;
  let firstRow: RawCell[] | undefined;
  let headerCells: RawCell[] | undefined;
  // A legacy 宝贝报表 alone: it lacks what only its 订单报表 has, which no mapping can supply.
  let itemsAlone = false;
  let scanned = 0;
  try {
    for (;;) {
      const next = await rows.next();
      if (next.done) break;
      const { cells, row } = next.value;
      if (isBlankRow(cells)) continue;
      firstRow ??= cells;
      const rec = recogniseHeader(cells, { layouts, referralColumn: opts.referralColumn });
      if (rec.ok) {
        resolved = rec.resolved;
        file.headerRow = row;
        headerCells = cells;
        break;
      }
      if (!closest || rec.score > closest.score) closest = rec;
      if (!layouts && recogniseItems(cells)) itemsAlone = true;
      if (++scanned >= HEADER_SEARCH_ROWS) break;
    }
  } catch (e) {
    yield failed([unreadable(0, e)]);
    return;
  }
  if (!resolved) {
    await rows.return(undefined);
    const issue = itemsAlone
      ? makeIssue(0, "header", "header.needsOrderReport")
      : closest
        ? headerIssue(closest, firstRow)
        : makeIssue(0, "file", "file.empty");
    yield failed([issue]);
    return;
  }

  const { layout } = resolved;
  file.layout = layout.id;
  file.columns = resolved.headers;
  const channel = opts.mapping?.channel ?? opts.channel ?? layout.channel;
  const ctx = rowContext(resolved, (opts.now ?? new Date()).getTime(), opts.referralPattern);
  const assembler: Grouper<LineValues> | Grouper<RefundValues> = assemblerFor(layout, channel);
  const lastRow = source.lastRow;

  const reported = new Set<string>();
  const oncePerFile = (issues: ImportIssue[]) =>
    issues.filter((i) => {
      if (!ONCE_PER_FILE.has(i.key)) return true;
      if (reported.has(i.key)) return false;
      reported.add(i.key);
      return true;
    });
  // The rows read lately, for the error report (ParseChunk.sourceRows), kept as read (each row
  // is a fresh array; text is made only for a reported one). An order is emitted once its last
  // row is read, so its first rows may be a chunk back: two chunks' worth.
  const recent = new Map<number, readonly RawCell[]>();
  const header = (headerCells ?? []).map((c) => cellText(c));
  const remember = (row: number, cells: readonly RawCell[]) => {
    recent.set(row, cells);
    if (recent.size > 2 * chunkSize) recent.delete(recent.keys().next().value!);
  };
  const sourceRowsOf = (out: ReturnType<typeof assembler.drain>, issues: ImportIssue[]) => {
    const wanted = [
      ...issues.map((i) => i.row),
      ...(out.orders ?? []).flatMap((o) => o.rows),
      ...(out.refunds ?? []).flatMap((r) => r.rows),
      ...[...(out.afterSalesOpen ?? []), ...(out.afterSalesClosed ?? [])].map((c) => c.row),
    ];
    const rows: Record<number, readonly RawCell[]> = {};
    for (const r of wanted) {
      const cells = recent.get(r);
      if (cells) rows[r] = cells;
    }
    return { header, rows };
  };
  const chunk = (done: boolean): ParseChunk => {
    const out = assembler.drain();
    const issues = oncePerFile(out.issues);
    return {
      file,
      ...out,
      issues,
      progress: progressNow(),
      done,
      sourceRows: sourceRowsOf(out, issues),
    };
  };
  const progressNow = () => ({
    rowsDone: progress.rowsDone,
    ...(lastRow !== undefined ? { rowsTotal: Math.max(0, lastRow - file.headerRow) } : {}),
    bytesDone: source.bytesDone(),
    bytesTotal: source.bytesTotal,
  });

  const readRow = ({ cells, row, unmatched }: JoinedRow) => {
    if (isBlankRow(cells)) return;
    remember(row, cells);
    if (unmatched !== undefined && assembler instanceof OrderAssembler) {
      const issue = makeIssue(row, "orderId", "order.notInOrderReport", { orderId: unmatched });
      assembler.push({ kind: "error", key: unmatched, issues: [issue] }, row);
      return;
    }
    if (assembler instanceof RefundAssembler) assembler.push(readRefundRow(ctx, cells, row), row);
    else if (assembler instanceof OrderAssembler) assembler.push(readLineRow(ctx, cells, row), row);
  };

  let lastRead = file.headerRow;
  try {
    for await (const sheetRow of rows) {
      readRow(sheetRow);
      lastRead = sheetRow.row;
      progress.rowsDone++;
      if (progress.rowsDone % chunkSize === 0) yield chunk(false);
    }
  } catch (e) {
    // The file broke off: the order being read may be missing rows, so it is not emitted.
    assembler.abandon();
    const last = chunk(true);
    last.issues.push(unreadable(lastRead + 1, e));
    yield last;
    return;
  }
  assembler.finish();
  const last = chunk(true);
  // Paid orders the 宝贝报表 never named: their lines are unknown, and an order imported from
  // the 订单报表 alone (title as SKU) would keep those lines for good.
  for (const o of pair?.orphans() ?? []) {
    last.issues.push(
      makeIssue(0, "orderId", "order.noItemRows", { orderId: o.orderId, row: String(o.row) }),
    );
  }
  yield last;
}
