/**
 * All-staff marketing (issue 12): a brand imports its staff as distributors of role employee,
 * each with a department. The rows go through the distributor CSV import (its checks, its
 * per-row savepoints and its row report); this adds the role and the department column.
 */
import Papa from "papaparse";
import { inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributors } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { jsonParam } from "@/server/ledger/post";
import { importDistributorsCsv } from "@/server/network/csv-import";
import { audit, type Actor } from "@/server/tenancy/audit";

const DEPARTMENT_HEADERS = new Set(["department", "dept", "部门"]);
const ROLE_HEADERS = new Set(["role", "角色"]);

export async function importEmployeesCsv(tx: Tx, actor: Actor, csv: string) {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: "greedy" });
  const fields = parsed.meta.fields ?? [];
  const deptField = fields.find((f) => DEPARTMENT_HEADERS.has(f.trim().toLowerCase()));
  if (!deptField) throw new AppError("BAD_REQUEST", "The file needs a department column (or 部门).", { fields: { file: "employees.departmentMissing" } });
  const departments = parsed.data.map((r) => (r[deptField] ?? "").trim().slice(0, 60));
  // Every row is an employee whatever the file says; the department is ours to keep.
  const kept = fields.filter((f) => f !== deptField && !ROLE_HEADERS.has(f.trim().toLowerCase()));
  const rows = parsed.data.map((r) => [...kept.map((f) => r[f] ?? ""), "employee"]);
  const report = await importDistributorsCsv(tx, actor, Papa.unparse({ fields: [...kept, "role"], data: rows }));

  // The report's line numbers count the header as line 1, as the file's rows do.
  const placed = report.results
    .filter((r) => r.ok && r.code)
    .map((r) => ({ code: r.code!, department: departments[r.line - 2] ?? "" }))
    .filter((r) => r.department);
  if (placed.length) await setDepartmentsByCode(tx, placed);
  await audit(tx, actor, { action: "employees.imported", targetType: "brand", data: { total: report.total, created: report.created } });
  return report;
}

/** Sets (or moves) distributors' departments, by their codes. */
export async function setDepartmentsByCode(tx: Tx, rows: { code: string; department: string }[]) {
  const ids = await tx.select({ id: distributors.id, code: distributors.code }).from(distributors).where(inArray(distributors.code, rows.map((r) => r.code)));
  const byCode = new Map(ids.map((r) => [r.code, r.id]));
  const values = rows.flatMap((r) => (byCode.has(r.code) ? [{ distributor_id: byCode.get(r.code)!, department: r.department }] : []));
  if (!values.length) return 0;
  const tenantId = await currentTenantId(tx);
  await tx.execute(sql`
    insert into distributor_departments (tenant_id, distributor_id, department)
    select ${tenantId}::uuid, x.distributor_id, x.department from jsonb_to_recordset(${jsonParam(values)}) as x(distributor_id uuid, department text)
    on conflict (tenant_id, distributor_id) do update set department = excluded.department, updated_at = now()`);
  return values.length;
}
