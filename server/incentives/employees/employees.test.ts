/** Employees: CSV import with departments, and the department / person performance report. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributorDepartments, distributors } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN, nextPhone } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, moneyBrand, orderInput } from "@/server/orders/testing";
import { outcomeOf } from "@/server/testing/outcomes";
import { importEmployeesCsv } from "./import";
import { employeePerformance } from "./performance";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("employees", () => {
  it("imports staff as employees with departments, reports bad rows, and counts their settled sales per department and person", async () => {
    const tenantId = await moneyBrand(t, { commissionLevels: 1, afterSalesDays: 0 });
    const other = await moneyBrand(t);
    await addRule(t, tenantId, FLAT_RULE);
    const [p1, p2, p3] = [nextPhone(), nextPhone(), nextPhone()];
    const csv = `姓名,手机号,部门,角色\n王一,${p1},销售部,团队长\n李二,${p2},市场部,\n坏行,123,销售部,\n张三,${p3},销售部,`;
    const report = await withTenant(t.db, tenantId, (tx) => importEmployeesCsv(tx, ADMIN, csv));
    expect(report).toMatchObject({ total: 4, created: 3 });
    expect(report.results[2]).toMatchObject({ line: 4, ok: false });
    const staff = await withTenant(t.db, tenantId, (tx) =>
      tx.select({ code: distributors.code, name: distributors.name, role: distributors.role, department: distributorDepartments.department })
        .from(distributors)
        .leftJoin(distributorDepartments, eq(distributorDepartments.distributorId, distributors.id)),
    );
    expect(staff.map((s) => [s.name, s.role, s.department]).sort()).toEqual([
      ["张三", "employee", "销售部"],
      ["李二", "employee", "市场部"],
      ["王一", "employee", "销售部"],
    ]);
    const code = (name: string) => staff.find((s) => s.name === name)!.code;
    const done = { status: "completed" as const, paidAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), completedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() };
    await ingest(t, tenantId, [
      orderInput({ referralCode: code("王一"), items: [{ sku: "A", quantity: 1, amountFen: 30_000 }], ...done }),
      orderInput({ referralCode: code("张三"), items: [{ sku: "A", quantity: 1, amountFen: 20_000 }], ...done }),
      orderInput({ referralCode: code("李二"), items: [{ sku: "A", quantity: 1, amountFen: 5_000 }], ...done }),
      orderInput({ referralCode: code("李二"), items: [{ sku: "A", quantity: 1, amountFen: 9_000 }] }), // not completed: not yet a sale
    ]);
    const period = { from: new Date(Date.now() - 30 * 86_400_000), to: new Date(), limit: 10, offset: 0 };
    const r = await withTenant(t.db, tenantId, (tx) => employeePerformance(tx, period));
    expect(r.departments).toEqual([
      { department: "销售部", people: 2, gmvFen: 50_000, orders: 2 },
      { department: "市场部", people: 1, gmvFen: 5_000, orders: 1 },
    ]);
    expect(r.rows.map((p) => [p.name, p.gmvFen])).toEqual([["王一", 30_000], ["张三", 20_000], ["李二", 5_000]]);
    const sales = await withTenant(t.db, tenantId, (tx) => employeePerformance(tx, { ...period, department: "市场部" }));
    expect(sales).toMatchObject({ total: 1, rows: [{ name: "李二" }] });
    // Another brand sees none of it.
    const theirs = await withTenant(t.db, other, (tx) => employeePerformance(tx, period));
    expect(theirs).toEqual({ departments: [], total: 0, rows: [] });
  });

  it("refuses a file without a department column", async () => {
    const tenantId = await moneyBrand(t);
    expect(await outcomeOf(withTenant(t.db, tenantId, (tx) => importEmployeesCsv(tx, ADMIN, `name,phone\nA,${nextPhone()}`)))).toBe("BAD_REQUEST");
  });
});
