/**
 * A delimited text file as rows, streamed: the bytes are decoded slice by slice and each slice
 * goes through papaparse's own parser, keeping back only the unfinished last row (a quoted
 * cell may span slices). Memory holds one slice and its rows however large the file is, and
 * rows come out in batches without a stream hop per row.
 *
 * Rows are numbered as a spreadsheet shows them (header = 1; a quoted cell spanning lines is
 * still one row) and blank lines keep their numbers, so "row 12" in a report is row 12 when
 * the brand opens the file in Excel or WPS.
 */
import Papa from "papaparse";
import { decodeSlices } from "./decode";
import type { TextEncoding } from "./types";
import type { RowSource, SheetRow } from "./xlsx-rows";

export class CsvError extends Error {
  override name = "CsvError";
}

// A row longer than this is an unterminated quote, not data; re-parsing it would go quadratic.
const MAX_ROW_CHARS = 1 << 20;
/**
 * The delimiter by the first line: commas unless tabs (Excel "Unicode text") or semicolons
 * clearly dominate. Counted outside quotes, because Douyin quotes cells that contain tabs.
 */
export function guessDelimiter(firstLine: string): "," | "\t" | ";" {
  let inQuotes = false;
  const counts = { ",": 0, "\t": 0, ";": 0 };
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "," || ch === "\t" || ch === ";")) counts[ch]++;
  }
  if (counts["\t"] > counts[","] && counts["\t"] >= counts[";"]) return "\t";
  if (counts[";"] > counts[","]) return ";";
  return ",";
}

function firstLineOf(
  bytes: Uint8Array,
  encoding: TextEncoding,
): { line: string; newline: "\r\n" | "\n" | "\r" } {
  let head = "";
  for (const { text } of decodeSlices(bytes.subarray(0, 1 << 16), encoding)) head += text;
  const m = /^([^\r\n]*)(\r\n|\n|\r)?/.exec(head.replace(/^\uFEFF/, ""));
  return { line: m?.[1] ?? "", newline: (m?.[2] as "\r\n" | "\n" | "\r" | undefined) ?? "\n" };
}

/**
 * How many rows the file has, as rows() numbers them: line breaks outside quoted cells, plus a
 * last line without one. Read from the bytes without decoding (`"`, CR and LF are single bytes
 * in UTF-8 and GBK alike, never part of another character), so the console can show a CSV
 * import's progress against its end, as it does an XLSX one's. A stray quote in an unquoted
 * cell can make it wrong; it is only the progress bar's end, and the count of rows read stands.
 */
export function countCsvRows(bytes: Uint8Array, newline: "\r\n" | "\n" | "\r"): number {
  // The parser splits on exactly `newline` (detected from the first line): so does this.
  const brk = newline === "\r" ? 0x0d : 0x0a;
  const crlf = newline === "\r\n";
  let rows = 0;
  let inQuotes = false;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x22) inQuotes = !inQuotes;
    else if (b === brk && !inQuotes && (!crlf || bytes[i - 1] === 0x0d)) {
      rows++;
      lineStart = i + 1;
    }
  }
  return rows + (lineStart < bytes.length ? 1 : 0);
}

export function openCsv(
  bytes: Uint8Array,
  encoding: TextEncoding,
  sliceBytes = 1 << 16,
): RowSource {
  const { line, newline } = firstLineOf(bytes, encoding);
  const delimiter = guessDelimiter(line);
  let done = 0;
  return {
    lastRow: countCsvRows(bytes, newline),
    bytesTotal: bytes.length,
    bytesDone: () => done,
    // eslint-disable-next-line @typescript-eslint/require-await -- an async source like the XLSX one
    async *rows(): AsyncGenerator<SheetRow> {
      const parser = new Papa.Parser({ delimiter, newline });
      let row = 0;
      let pending = "";
      for (const slice of decodeSlices(bytes, encoding, sliceBytes)) {
        done = slice.bytesDone;
        const input =
          pending + (row === 0 && pending === "" ? slice.text.replace(/^\uFEFF/, "") : slice.text);
        const result = parser.parse(input, 0, true) as {
          data: string[][];
          meta: { cursor: number };
        };
        pending = input.substring(result.meta.cursor);
        if (pending.length > MAX_ROW_CHARS)
          throw new CsvError(`a quote opened after row ${row} is never closed`);
        for (const cells of result.data) yield { row: ++row, cells };
      }
      if (pending !== "") {
        const result = parser.parse(pending, 0, false) as { data: string[][] };
        for (const cells of result.data) yield { row: ++row, cells };
      }
    },
  };
}
