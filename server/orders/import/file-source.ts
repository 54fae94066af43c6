/**
 * Bytes → a row source, whatever the platform handed the brand: CSV in any of the encodings
 * decode.ts knows, an XLSX, or the ZIP WeChat Channels downloads (one xlsx inside; a single
 * CSV inside is accepted the same way). Anything else is refused with the reason.
 */
import { decodeSlices, detectEncoding, sniffBytes } from "./decode";
import { openCsv } from "./csv-rows";
import type { FileFormat, TextEncoding } from "./types";
import { openXlsx, XlsxError, type RowSource } from "./xlsx-rows";
import { entryData, readZipEntries, ZipError } from "./zip";

export type OpenedFile =
  | { ok: true; format: FileFormat; container?: "zip"; encoding?: TextEncoding; source: RowSource }
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
  const only = inner[0];
  if (inner.length !== 1 || !only) {
    return {
      ok: false,
      key: "file.zipContents",
      params: { files: files.map((e) => e.name).join(", ") },
    };
  }
  const opened = openBytes(entryData(bytes, only), true);
  return opened.ok ? { ...opened, container: "zip" } : opened;
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
