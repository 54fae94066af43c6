/**
 * Browser-side CSV handling for the distributor import: the template, splitting a file into
 * chunks (so the import can show progress and an upline created earlier in the file exists
 * before a later row names it), and the error-rows file. Pure; parsing by papaparse.
 */
import Papa from "papaparse";

export const TEMPLATE_HEADERS = {
  en: ["name", "phone", "region", "role", "level", "upline_code"],
  zh: ["姓名", "手机号", "地区", "角色", "等级", "上级邀请码"],
} as const;

const TEMPLATE_ROWS = {
  en: [
    ["Zhang Wei", "13800138000", "Hangzhou", "distributor", "", ""],
    ["Li Na", "13900139000", "Shanghai", "city_partner", "", "ABC234"],
  ],
  zh: [
    ["张伟", "13800138000", "杭州", "分销员", "", ""],
    ["李娜", "13900139000", "上海", "城市合伙人", "", "ABC234"],
  ],
};

/** UTF-8 byte-order mark, so Excel opens the Chinese text correctly. */
const BOM = "\uFEFF";

export function templateCsv(lang: "en" | "zh"): string {
  return BOM + Papa.unparse([[...TEMPLATE_HEADERS[lang]], ...TEMPLATE_ROWS[lang]], { newline: "\r\n" });
}

export interface CsvChunk {
  /** The chunk as a CSV file with the original header row. */
  csv: string;
  /** File line (header = 1) of the chunk's first data row. */
  firstLine: number;
  rows: number;
}

export interface SplitCsv {
  header: string[];
  /** Data rows by file line (header = 1), as parsed. */
  rowsByLine: Map<number, string[]>;
  chunks: CsvChunk[];
  rowCount: number;
}

/** Parses the file and cuts it into chunks of at most `chunkSize` data rows. */
export function splitCsv(text: string, chunkSize = 100): SplitCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { header: false, skipEmptyLines: "greedy" });
  const [header = [], ...rows] = parsed.data;
  const rowsByLine = new Map<number, string[]>();
  rows.forEach((r, i) => rowsByLine.set(i + 2, r));
  const chunks: CsvChunk[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const part = rows.slice(start, start + chunkSize);
    chunks.push({ csv: Papa.unparse([header, ...part], { newline: "\n" }), firstLine: start + 2, rows: part.length });
  }
  return { header, rowsByLine, chunks, rowCount: rows.length };
}

const FIELD_HEADERS: Record<string, "name" | "phone"> = { name: "name", 姓名: "name", phone: "phone", 手机号: "phone", 手机: "phone" };

function requiredColumnOf(h: string): "name" | "phone" | undefined {
  return FIELD_HEADERS[h.trim().toLowerCase()] ?? FIELD_HEADERS[h.trim()];
}

/** The required columns (name, phone) the header lacks; the server accepts both languages. */
export function missingColumns(header: readonly string[]): ("name" | "phone")[] {
  const present = new Set(header.map(requiredColumnOf));
  return (["name", "phone"] as const).filter((f) => !present.has(f));
}

/** Index of the name column (0 if there is none), to name the rows a failed import left out. */
export function nameColumn(header: readonly string[]): number {
  return Math.max(0, header.findIndex((h) => requiredColumnOf(h) === "name"));
}

/** The rows that failed, with the original columns plus an error column, ready to fix and re-import. */
export function errorRowsCsv(
  header: readonly string[],
  rowsByLine: ReadonlyMap<number, readonly string[]>,
  failures: readonly { line: number; error: string }[],
  errorHeader: string,
): string {
  const rows = failures.map((f) => {
    const row = [...(rowsByLine.get(f.line) ?? [])];
    while (row.length < header.length) row.push("");
    return [...row.slice(0, header.length), f.error];
  });
  return BOM + Papa.unparse([[...header, errorHeader], ...rows], { newline: "\r\n" });
}

/**
 * A failed row's message in the reader's language. The server gives each issue a stable key
 * (under network.import.issue) and the values its message names; `translate` answers
 * undefined for a key this console does not know (a newer server), and then the row shows the
 * server's English sentence rather than half a translation.
 */
export function localiseImportIssues(
  issues: readonly { key: string; params: Record<string, string> }[] | undefined,
  english: string | undefined,
  translate: (key: string, params: Record<string, string>) => string | undefined,
): string {
  const texts = (issues ?? []).map((i) => translate(i.key, i.params));
  return texts.length && texts.every(Boolean) ? texts.join(" ") : (english ?? "");
}
