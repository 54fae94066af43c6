/**
 * Bytes → a row source, whatever the platform handed the brand: CSV in any of the encodings
 * decode.ts knows, an XLSX, or the ZIP WeChat Channels downloads (one xlsx inside; a single
 * CSV inside is accepted the same way), or a ZIP of two exports read together (the legacy
 * Taobao pair). Anything else is refused with the reason.
 */
import { decodeSlices, detectEncoding, sniffBytes } from "./decode";
import { openCsv } from "./csv-rows";
import type { FileFormat, TextEncoding } from "./types";
import { openXlsx, XlsxError, type RowSource } from "./xlsx-rows";
import { entryData, readZipEntries, ZipError } from "./zip";

/** One export's rows; `name` is its name inside the ZIP it came in. */
export interface OpenedSource {
  format: FileFormat;
  encoding?: TextEncoding;
  source: RowSource;
  name?: string;
}

/**
 * `companion`: a ZIP holding two exports opens as the first with the second beside it; only
 * the legacy Taobao 宝贝报表 + 订单报表 pair is read that way (legacy-pair.ts).
 */
export type OpenedFile =
  | ({ ok: true; container?: "zip"; companion?: OpenedSource } & OpenedSource)
  | { ok: false; key: string; params: Record<string, string> };

function isXlsxZip(names: readonly string[]): boolean {
  return names.includes("xl/workbook.xml") || names.includes("/xl/workbook.xml");
}

function openText(bytes: Uint8Array): OpenedFile {
  const encoding = detectEncoding(bytes);
  let head = "";
  for (const slice of decodeSlices(bytes.subarray(0, 512), encoding)) head += slice.text;
  // Old "xls" downloads from some seller tools are really HTML tables.
  if (/^\uFEFF?\s*</.test(head)) return { ok: false, key: "file.html", params: {} };
  return { ok: true, format: "csv", encoding, source: openCsv(bytes, encoding) };
}

function openZip(bytes: Uint8Array, nested: boolean): OpenedFile {
  const entries = readZipEntries(bytes);
  if (isXlsxZip(entries.map((e) => e.name)))
    return { ok: true, format: "xlsx", source: openXlsx(bytes) };
  if (nested)
    return {
      ok: false,
      key: "file.zipContents",
      params: { files: entries.map((e) => e.name).join(", ") },
    };
  const files = entries.filter((e) => !e.name.endsWith("/") && !e.name.startsWith("__MACOSX/"));
  const inner = files.filter((e) => /\.(xlsx|csv)$/i.test(e.name));
  const [first, second] = inner;
  if (!first || inner.length > 2) {
    return {
      ok: false,
      key: "file.zipContents",
      params: { files: files.map((e) => e.name).join(", ") },
    };
  }
  const opened = openBytes(entryData(bytes, first), true);
  if (!opened.ok) return opened;
  if (!second) return { ...opened, container: "zip" };
  const other = openBytes(entryData(bytes, second), true);
  if (!other.ok) return other;
  return {
    ...opened,
    name: first.name,
    container: "zip",
    companion: { ...other, name: second.name },
  };
}

function openBytes(bytes: Uint8Array, nested: boolean): OpenedFile {
  switch (sniffBytes(bytes)) {
    case "empty":
      return { ok: false, key: "file.empty", params: {} };
    case "xls":
      return { ok: false, key: "file.xls", params: {} };
    case "zip":
      return openZip(bytes, nested);
    case "text":
      return openText(bytes);
  }
}

export function openFile(bytes: Uint8Array): OpenedFile {
  try {
    return openBytes(bytes, false);
  } catch (e) {
    if (e instanceof ZipError || e instanceof XlsxError) {
      return { ok: false, key: "file.unreadable", params: { message: e.message } };
    }
    throw e;
  }
}
