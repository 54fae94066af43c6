/**
 * CSV import of blacklist entries (issue 10 item 4), in English or Chinese headers:
 * kind/类型, value/值, reason/原因, and optionally expires/到期日 (a date, the entry lapses at
 * the end of that Shanghai day, or an ISO time) and category/原因类别. Every bad line is
 * reported with its line number in the file (the header is line 1) and what is wrong with it;
 * the good lines are added through the blacklist service in one statement.
 */
import Papa from "papaparse";
import type { Tx } from "@/db/client";
import { RISK_LIST_KINDS, RISK_REASON_CATEGORIES, type RiskReasonCategory } from "@/db/risk-kinds";
import { AppError } from "@/server/errors";
import { brandDayEnd } from "@/server/orders/console-schemas";
import type { Actor } from "@/server/tenancy/audit";
import { bulkAddBlacklist, type BulkRow } from "./blacklist";

export const MAX_BLACKLIST_ROWS = 5000;

type Column = "kind" | "value" | "reason" | "expires" | "category";
const HEADERS: Record<string, Column> = {
  kind: "kind", 类型: "kind",
  value: "value", 值: "value", 号码: "value",
  reason: "reason", 原因: "reason",
  expires: "expires", expires_at: "expires", expiry: "expires", 到期日: "expires", 到期: "expires",
  category: "category", reason_category: "category", 原因类别: "category",
};
const KIND_ALIASES: Record<string, string> = {
  手机号: "phone", 手机: "phone", 设备: "device", 身份证: "id_number", 身份证号: "id_number", 银行卡: "bank_card", 地址: "address", ip段: "ip_range", ip: "ip_range",
};
const CATEGORY_ALIASES: Record<string, RiskReasonCategory> = {
  欺诈: "fraud", 套现: "cash_out", 刷单: "brushing", 自购: "self_purchase", 拒付: "chargeback", 其他: "other",
};

export interface CsvLineError {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  field: Column | "row";
  /** The API's field vocabulary (the blacklist service's): invalid_value, invalid_format, required, in_past. */
  key: string;
}

function expiryOf(raw: string): Date | null | "invalid" {
  const v = raw.trim();
  if (!v) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? "invalid" : brandDayEnd(v);
  }
  const d = new Date(v);
  return /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(d.getTime()) ? d : "invalid";
}

export async function importBlacklistCsv(tx: Tx, tenantId: string, actor: Actor, csv: string, now = new Date()) {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const [header, ...lines] = parsed.data;
  const columns = (header ?? []).map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()]);
  const missing = (["kind", "value", "reason"] as const).filter((c) => !columns.includes(c));
  if (missing.length) throw new AppError("BAD_REQUEST", `The file needs the columns kind, value and reason (missing: ${missing.join(", ")}).`, { fields: { file: "missing_columns" } });
  if (lines.length > MAX_BLACKLIST_ROWS) throw new AppError("BAD_REQUEST", `At most ${MAX_BLACKLIST_ROWS} rows at once.`, { fields: { file: "too_many_rows" } });

  const errors: CsvLineError[] = [];
  const rows: BulkRow[] = [];
  const lineOf: number[] = [];
  // Papa reports rows by index among the data rows; a quoted value may span lines, so the line
  // a row starts on is counted from the text itself.
  const starts = rowStartLines(csv.replace(/^\uFEFF/, ""), parsed.data.length);
  lines.forEach((cells, i) => {
    const line = starts[i + 1] ?? i + 2;
    const get = (c: Column) => {
      const at = columns.indexOf(c);
      return at >= 0 ? (cells[at] ?? "").trim() : "";
    };
    const kindRaw = get("kind").toLowerCase();
    const kind = KIND_ALIASES[kindRaw] ?? kindRaw;
    if (!(RISK_LIST_KINDS as readonly string[]).includes(kind)) return errors.push({ line, field: "kind", key: "invalid_value" });
    if (!get("value")) return errors.push({ line, field: "value", key: "required" });
    const expires = expiryOf(get("expires"));
    if (expires === "invalid") return errors.push({ line, field: "expires", key: "invalid_format" });
    const catRaw = get("category");
    const category = catRaw ? (CATEGORY_ALIASES[catRaw] ?? catRaw.toLowerCase()) : "other";
    if (!(RISK_REASON_CATEGORIES as readonly string[]).includes(category)) return errors.push({ line, field: "category", key: "invalid_value" });
    rows.push({ kind, value: get("value"), reason: get("reason"), reasonCategory: category as RiskReasonCategory, expiresAt: expires });
    lineOf.push(line);
  });
  const r = await bulkAddBlacklist(tx, tenantId, actor, rows, { source: "import", now });
  for (const e of r.errors) {
    const field = e.field === "expiresAt" ? "expires" : e.field === "reasonCategory" ? "category" : (e.field as Column);
    errors.push({ line: lineOf[e.row - 1]!, field, key: e.key });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows: lines.length, added: r.added, duplicates: r.duplicates, errors };
}

/** The 1-based line each CSV record starts on (quotes may hold line breaks). */
function rowStartLines(text: string, records: number): number[] {
  const out: number[] = [];
  let line = 1;
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < text.length && out.length < records; i++) {
    const ch = text[i]!;
    if (atStart && !/\s/.test(ch)) {
      out.push(line);
      atStart = false;
    }
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n" && !quoted) {
      line++;
      atStart = true;
    } else if (ch === "\n") line++;
  }
  return out;
}
