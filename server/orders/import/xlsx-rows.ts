/**
 * The first worksheet of an XLSX as rows of plain cells, streamed through exceljs's
 * WorkbookReader so a 100k-row sheet is never held as a workbook model.
 *
 * exceljs streams a worksheet only if the shared strings and workbook relations came earlier
 * in the ZIP; Excel writes them AFTER the sheets, and exceljs then copies each sheet to a temp
 * file first. So the parts are re-sequenced (relations, workbook, styles, shared strings, the
 * first sheet — nothing else) as fresh local records over the same compressed bytes, and an
 * empty shared-string table is added when a writer used only inline strings.
 */
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { RawCell } from "./cell-text";
import {
  entryData,
  entryPrefix,
  localRecord,
  rawEntryData,
  readZipEntries,
  storedRecord,
  type ZipEntry,
} from "./zip";

export class XlsxError extends Error {
  override name = "XlsxError";
}

export interface SheetRow {
  /** The spreadsheet's own row number (1-based). */
  row: number;
  cells: RawCell[];
}

export interface RowSource {
  /** Last row number: the XLSX sheet's dimension, or the CSV's rows counted (csv-rows.ts). */
  lastRow?: number;
  bytesTotal: number;
  bytesDone(): number;
  rows(): AsyncGenerator<SheetRow>;
}

const SLICE = 1 << 16;

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
}

/** The path (inside the ZIP) of the workbook's first tab, from workbook.xml and its relations. */
function firstSheetPath(bytes: Uint8Array, byName: Map<string, ZipEntry>): string {
  const workbook = byName.get("xl/workbook.xml");
  const rels = byName.get("xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) throw new XlsxError("not an xlsx workbook");
  const wbXml = new TextDecoder().decode(entryData(bytes, workbook));
  const sheetTag = /<(?:\w+:)?sheet\b[^>]*>/.exec(wbXml)?.[0];
  const relId = sheetTag && /\s\w+:id\s*=\s*"([^"]*)"/.exec(sheetTag)?.[1];
  if (!relId) throw new XlsxError("the workbook has no worksheet");
  const relsXml = new TextDecoder().decode(entryData(bytes, rels));
  for (const tag of relsXml.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    if (attr(tag, "Id") !== relId) continue;
    const target = attr(tag, "Target") ?? "";
    return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
  }
  throw new XlsxError("the first worksheet is missing from the workbook relations");
}

function lastRowOf(bytes: Uint8Array, sheet: ZipEntry): number | undefined {
  const ref = /<dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(entryPrefix(bytes, sheet, 4096))?.[1];
  return ref ? Number(ref) : undefined;
}

function cellValue(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    value instanceof Date
  )
    return value;
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellValue(value.result ?? null);
  if ("error" in value) return value.error;
  if ("text" in value) return cellValue(value.text);
  return null;
}

export function openXlsx(bytes: Uint8Array): RowSource {
  const entries = readZipEntries(bytes);
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ""), e]));
  const sheet = byName.get(firstSheetPath(bytes, byName));
  if (!sheet) throw new XlsxError("the first worksheet is missing");

  const pieces: Uint8Array[] = [];
  const copy = (name: string, as = name) => {
    const e = byName.get(name);
    // The compressed bytes as stored: re-labelled, never recompressed.
    if (e) pieces.push(...localRecord(as, e, rawEntryData(bytes, e)));
    return Boolean(e);
  };
  copy("xl/_rels/workbook.xml.rels");
  copy("xl/workbook.xml");
  copy("xl/styles.xml");
  if (!copy("xl/sharedStrings.xml")) {
    pieces.push(
      ...storedRecord(
        "xl/sharedStrings.xml",
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
      ),
    );
  }
  // exceljs only recognises xl/worksheets/sheetN.xml; whatever the writer called it, it is sheet1 here.
  pieces.push(...localRecord("xl/worksheets/sheet1.xml", sheet, rawEntryData(bytes, sheet)));
  const bytesTotal = pieces.reduce((n, p) => n + p.length, 0);
  let done = 0;

  return {
    lastRow: lastRowOf(bytes, sheet),
    bytesTotal,
    bytesDone: () => done,
    async *rows() {
      function* feed() {
        for (const p of pieces) {
          for (let at = 0; at < p.length; at += SLICE) {
            const slice = p.subarray(at, at + SLICE);
            done += slice.length;
            yield Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength);
          }
        }
      }
      const input = Readable.from(feed(), { objectMode: false });
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
        worksheets: "emit",
        sharedStrings: "cache",
        styles: "cache", // date cells are recognised by their number format
        hyperlinks: "ignore",
        entries: "ignore",
      });
      try {
        for await (const worksheet of reader) {
          for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
            const cells: RawCell[] = [];
            row.eachCell({ includeEmpty: false }, (cell, col) => {
              while (cells.length < col - 1) cells.push(null);
              cells[col - 1] = cellValue(cell.value);
            });
            yield { row: row.number, cells };
          }
          break;
        }
      } catch (e) {
        throw e instanceof XlsxError
          ? e
          : new XlsxError(e instanceof Error ? e.message : String(e));
      } finally {
        input.destroy();
      }
    },
  };
}
