/**
 * CSV import of distributors with a row-by-row report. Each row runs in its own savepoint, so
 * a bad row is reported and skipped while the good ones land; rows may name an upline created
 * earlier in the same file.
 */
import Papa from "papaparse";
import type { Tx } from "@/db/client";
import { AppError, isAppError } from "@/server/errors";
import type { Actor } from "@/server/tenancy/audit";
import { adminCreateDistributor } from "./distributors";
import { listLevels } from "./levels";
import { DISTRIBUTOR_ROLES } from "./schemas";

export const MAX_IMPORT_ROWS = 5000;

/** Accepted headers (English or Chinese) → field. */
const HEADERS: Record<string, "name" | "phone" | "region" | "role" | "level" | "uplineCode"> = {
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

export interface ImportRowResult {
  /** 1-based line number in the file, counting the header as line 1. */
  line: number;
  ok: boolean;
  code?: string;
  name?: string;
  error?: string;
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
    const role = ROLE_ALIASES[roleRaw] ?? (roleRaw || "distributor");
    const levelName = row.level?.trim();
    try {
      if (levelName && !levels.has(levelName.toLowerCase())) throw new AppError("BAD_REQUEST", `Unknown level "${levelName}".`);
      if (!(DISTRIBUTOR_ROLES as readonly string[]).includes(role)) throw new AppError("BAD_REQUEST", `Unknown role "${roleRaw}".`);
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
      results.push({ line, ok: false, name: row.name, error: describe(e) });
    }
  }
  return { total: results.length, created: results.filter((r) => r.ok).length, results };
}

function describe(e: unknown): string {
  if (isAppError(e)) {
    const f = e.fields ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join("; ") : "";
    return f ? `${e.message} (${f})` : e.message;
  }
  if (e && typeof e === "object" && "issues" in e) {
    return (e as { issues: { path: PropertyKey[]; message: string }[] }).issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  }
  throw e;
}
