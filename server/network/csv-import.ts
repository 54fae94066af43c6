/**
 * CSV import of distributors with a row-by-row report. Each row runs in its own savepoint, so
 * a bad row is reported and skipped while the good ones land; rows may name an upline created
 * earlier in the same file.
 *
 * A failed row carries issues: an i18n key (under network.import.issue) with the values the
 * message names, so the console shows it in the reader's language; `error` is the same in
 * English, rendered from the English catalogue, for API users.
 */
import Papa from "papaparse";
import type { Tx } from "@/db/client";
import { AppError, isAppError } from "@/server/errors";
import en from "@/server/i18n/messages/en/network.json";
import type { Actor } from "@/server/tenancy/audit";
import { adminCreateDistributor } from "./distributors";
import { listLevels } from "./levels";
import { DISTRIBUTOR_ROLES } from "./schemas";

export const MAX_IMPORT_ROWS = 5000;

type Column = "name" | "phone" | "region" | "role" | "level" | "uplineCode";

/** Accepted headers (English or Chinese) → field. */
const HEADERS: Record<string, Column> = {
  name: "name", 姓名: "name",
  phone: "phone", 手机号: "phone", 手机: "phone",
  region: "region", 地区: "region",
  role: "role", 角色: "role",
  level: "level", 等级: "level",
  upline_code: "uplineCode", uplinecode: "uplineCode", 上级邀请码: "uplineCode", 上级: "uplineCode",
};

const ROLE_ALIASES: Record<string, (typeof DISTRIBUTOR_ROLES)[number]> = {
  分销员: "distributor", 团队长: "team_lead", 城市合伙人: "city_partner", 员工: "employee",
};

/** One reason a row was not imported. */
export interface ImportRowIssue {
  /** The column it concerns, or "row" when it concerns no one column. */
  field: Column | "row";
  /** Stable key under network.import.issue, e.g. "level.unknown", "phone.invalid". */
  key: string;
  /** Values the message names, keyed by column (e.g. `{ level: "S" }`), or `message`. */
  params: Record<string, string>;
}

export interface ImportRowResult {
  /** 1-based line number in the file, counting the header as line 1. */
  line: number;
  ok: boolean;
  code?: string;
  name?: string;
  /** The issues in English, for API users. */
  error?: string;
  issues?: ImportRowIssue[];
}

export async function importDistributorsCsv(tx: Tx, actor: Actor, csv: string) {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()] ?? h.trim(),
  });
  const fields = parsed.meta.fields ?? [];
  const missing = ["name", "phone"].filter((f) => !fields.includes(f));
  if (missing.length) {
    throw new AppError("BAD_REQUEST", `The file needs the columns: ${missing.join(", ")} (or 姓名, 手机号).`);
  }
  if (parsed.data.length > MAX_IMPORT_ROWS) {
    throw new AppError("BAD_REQUEST", `At most ${MAX_IMPORT_ROWS} rows per file; this one has ${parsed.data.length}.`);
  }
  const levels = new Map((await listLevels(tx)).map((l) => [l.name.toLowerCase(), l.id]));
  const results: ImportRowResult[] = [];
  for (const [i, row] of parsed.data.entries()) {
    const line = i + 2;
    const roleRaw = row.role?.trim() ?? "";
    const role = ROLE_ALIASES[roleRaw] ?? (roleRaw.toLowerCase() || "distributor");
    const levelName = row.level?.trim();
    const fail = (issues: ImportRowIssue[]) =>
      results.push({ line, ok: false, name: row.name, error: issues.map(englishIssue).join(" "), issues });
    // The import's own checks, together, so a row with several such mistakes is fixed at once.
    const own: ImportRowIssue[] = [];
    if (levelName && !levels.has(levelName.toLowerCase())) own.push(issueFor(row, "level", "level.unknown"));
    if (!(DISTRIBUTOR_ROLES as readonly string[]).includes(role)) own.push(issueFor(row, "role", "role.unknown"));
    if (own.length) {
      fail(own);
      continue;
    }
    try {
      const d = await tx.transaction((sp) =>
        adminCreateDistributor(sp, actor, {
          name: row.name ?? "",
          phone: row.phone ?? "",
          region: row.region,
          role: role as (typeof DISTRIBUTOR_ROLES)[number],
          levelId: levelName ? levels.get(levelName.toLowerCase()) : null,
          uplineCode: row.uplineCode,
        }),
      );
      results.push({ line, ok: true, code: d.code, name: d.name });
    } catch (e) {
      fail(issuesOf(e, row));
    }
  }
  return { total: results.length, created: results.filter((r) => r.ok).length, results };
}

/** Input paths of adminCreateDistributor (schema and service fields) → the file's columns. */
const COLUMN_OF: Record<string, Column> = {
  name: "name", phone: "phone", region: "region", role: "role", levelId: "level", uplineCode: "uplineCode",
};

interface Catalogue {
  [key: string]: string | Catalogue;
}
const ISSUE_MESSAGES_EN: Catalogue = en.import.issue;

/** The English text of a key under network.import.issue, if the catalogue has one. */
export function issueMessageEn(key: string): string | undefined {
  let node: string | Catalogue | undefined = ISSUE_MESSAGES_EN;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

function englishIssue(i: ImportRowIssue): string {
  const text = issueMessageEn(i.key) ?? i.params.message ?? i.key;
  // Issue messages use plain {name} arguments only (no plural / select), so this is enough.
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => i.params[name] ?? whole);
}

function issueFor(row: Record<string, string>, field: Column | "row", key: string, extra: Record<string, string> = {}): ImportRowIssue {
  const value = field === "row" ? undefined : row[field]?.trim();
  return { field, key, params: { ...(value ? { [field]: value } : {}), ...extra } };
}

/**
 * Turns a row's failure into issues. Service errors carry their keys as `fields` and schema
 * errors as zod messages; anything without a key we know becomes "row.rejected" with the
 * English message, so every issue still has a key. Other errors (the database failing) stop
 * the import: they are not the row's fault.
 */
function issuesOf(e: unknown, row: Record<string, string>): ImportRowIssue[] {
  const pairs: [path: string, message: string][] = [];
  if (isAppError(e)) {
    pairs.push(...Object.entries(e.fields ?? {}));
    if (!pairs.length) return [issueFor(row, "row", "row.rejected", { message: e.message })];
  } else if (e && typeof e === "object" && "issues" in e) {
    for (const i of (e as { issues: { path: PropertyKey[]; message: string }[] }).issues) pairs.push([i.path.join("."), i.message]);
  } else {
    throw e;
  }
  return pairs.map(([path, key]) => {
    const field = COLUMN_OF[path] ?? "row";
    return issueMessageEn(key) ? issueFor(row, field, key) : issueFor(row, field, "row.rejected", { message: `${path}: ${key}` });
  });
}
