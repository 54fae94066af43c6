/**
 * Before anything is written: what the uploaded file is. The parser's own recognition runs on
 * the first rows; when no built-in layout fits, a saved mapping whose header signature matches
 * the file (or the one the user picked) is tried. A file that nothing fits is refused with the
 * headers it has, so the console can offer to save a mapping for exactly those headers.
 */
import { createHash } from "node:crypto";
import { cellText, labelKey } from "@/server/orders/import/cell-text";
import { openFile } from "@/server/orders/import/file-source";
import { layoutById, parseOrderFile, type Channel, type ColumnMapping, type FileSummary, type ImportIssue } from "@/server/orders/import";

/** Rows at the top that may hold titles above the header (as the parser allows). */
const HEADER_SEARCH_ROWS = 10;

/** The same headers in any order, spacing or width give the same signature. */
export function headerSignature(headers: readonly string[]): string {
  const keys = headers.map(labelKey).filter(Boolean).sort();
  return createHash("sha256").update(keys.join("\u001f")).digest("hex");
}

/**
 * The file's header row as text: the widest of the first non-blank rows (a title row above
 * the header has one or two cells). Empty when the file cannot be opened.
 */
export async function readHeaders(bytes: Uint8Array): Promise<string[]> {
  const opened = openFile(bytes);
  if (!opened.ok) return [];
  const rows = opened.source.rows();
  let best: string[] = [];
  let seen = 0;
  try {
    for await (const { cells } of rows) {
      const texts = cells.map((c) => cellText(c)).filter(Boolean);
      if (!texts.length) continue;
      if (texts.length > best.length) best = texts;
      if (++seen >= HEADER_SEARCH_ROWS) break;
    }
  } catch {
    return best;
  } finally {
    await rows.return(undefined);
  }
  return best;
}

export type Detection =
  | { ok: true; file: FileSummary; kind: "orders" | "refunds"; channel: string }
  | { ok: false; issue: ImportIssue; headers: string[]; signature: string };

/** Recognises the file under `mapping` (or the built-in layouts); reads one row past the header. */
export async function detectFile(bytes: Uint8Array, opts: { mapping?: ColumnMapping; channel?: Channel } = {}): Promise<Detection> {
  const { mapping } = opts;
  const chunks = parseOrderFile(bytes, { chunkSize: 1, ...(mapping ? { mapping } : {}), ...(opts.channel ? { channel: opts.channel } : {}) });
  try {
    const first = await chunks.next();
    const chunk = first.done ? null : first.value;
    if (chunk?.file.layout) {
      const fileIssue = chunk.issues.find((i) => i.row === 0 && i.severity === "error");
      if (!fileIssue) {
        const layout = layoutById(chunk.file.layout);
        const kind = mapping ? (mapping.kind ?? "orders") : (layout?.kind ?? "orders");
        const channel = mapping?.channel ?? opts.channel ?? layout?.channel ?? "other";
        return { ok: true, file: chunk.file, kind, channel };
      }
    }
    const issue = chunk?.issues.find((i) => i.row === 0) ?? chunk?.issues[0];
    const headers = await readHeaders(bytes);
    return {
      ok: false,
      issue: issue ?? { row: 0, field: "file", key: "file.empty", params: {}, severity: "error", message: "The file is empty." },
      headers,
      signature: headerSignature(headers),
    };
  } finally {
    await chunks.return(undefined);
  }
}
