import { describe, expect, it } from "vitest";
import { labelKey } from "./cell-text";
import { LAYOUTS, type FieldName } from "./layouts";
import { ALL_AFTER_SALES, ALL_STATUSES, layoutFromMapping } from "./mapping";

describe("layouts", () => {
  it("have unique ids and a header for every field they require", () => {
    expect(new Set(LAYOUTS.map((l) => l.id)).size).toBe(LAYOUTS.length);
    for (const l of LAYOUTS) {
      for (const r of l.required) {
        const options: readonly FieldName[] = typeof r === "string" ? [r] : r;
        expect(
          options.some((f) => (l.columns[f]?.length ?? 0) > 0),
          `${l.id}: ${options.join("/")}`,
        ).toBe(true);
      }
    }
  });

  it("never map one header to two fields of the same layout", () => {
    for (const l of LAYOUTS) {
      const seen = new Map<string, string>();
      for (const [field, aliases] of Object.entries(l.columns)) {
        for (const a of aliases) {
          expect(
            seen.get(labelKey(a)),
            `${l.id}: ${a} in ${field} and ${seen.get(labelKey(a))}`,
          ).toBeUndefined();
          seen.set(labelKey(a), field);
        }
      }
    }
  });

  it("agree on what every status label means, so a mapping can default to all of them", () => {
    for (const kind of ["statuses", "afterSales"] as const) {
      const meaning = new Map<string, string>();
      for (const l of LAYOUTS) {
        for (const [label, m] of Object.entries(l[kind])) {
          const key = labelKey(label);
          expect(meaning.get(key) ?? m, `${kind} ${label} in ${l.id}`).toBe(m);
          meaning.set(key, m);
        }
      }
    }
    expect(ALL_STATUSES["交易成功"]).toBe("completed");
    expect(ALL_AFTER_SALES["售后处理中"]).toBe("open");
  });

  it("know every status value PLATFORMS.md §1 lists, written as it lists them", () => {
    const listed: Record<string, { statuses: string[]; afterSales?: string[] }> = {
      "taobao-orders-legacy": { statuses: ["等待买家付款", "买家已付款,等待卖家发货", "卖家已发货，等待买家确认", "交易成功", "交易关闭"] },
      "taobao-orders": { statuses: ["等待买家付款", "买家已付款,等待卖家发货", "卖家已发货，等待买家确认", "交易成功", "交易关闭"] },
      "pdd-orders": {
        statuses: ["待发货", "已发货，待签收", "已发货，待收货", "已签收", "已收货", "未发货退款成功"],
        afterSales: ["无售后或售后取消", "售后处理中", "退款成功"],
      },
      "douyin-orders": { statuses: ["已完成", "已关闭"] },
    };
    const knows = (table: Readonly<Record<string, string>>, label: string) => Object.keys(table).some((k) => labelKey(k) === labelKey(label));
    for (const [id, want] of Object.entries(listed)) {
      const l = LAYOUTS.find((x) => x.id === id)!;
      for (const s of want.statuses) expect(knows(l.statuses, s), `${id}: ${s}`).toBe(true);
      for (const s of want.afterSales ?? []) expect(knows(l.afterSales, s), `${id}: ${s}`).toBe(true);
    }
  });

  it("put the paid orders' statuses in every order layout, and unpaid ones where the platform has them", () => {
    for (const l of LAYOUTS.filter((x) => x.kind === "orders")) {
      const meanings = new Set(Object.values(l.statuses));
      expect([...meanings].sort(), l.id).toEqual(["cancelled", "completed", "paid", "unpaid"]);
    }
  });
});

describe("layoutFromMapping", () => {
  it("takes the brand's headers, statuses over the built-in ones, and the base layout's tables", () => {
    const m = layoutFromMapping({
      channel: "jd",
      columns: { orderId: "单号", status: "状态" },
      statuses: { 已出库: "paid", 交易成功: "paid" },
      basedOn: "jd-orders",
    });
    expect(m).toMatchObject({
      id: "mapping",
      kind: "orders",
      channel: "jd",
      grain: "line",
      columns: { orderId: ["单号"], status: ["状态"] },
      accountKind: "jd_pin",
    });
    expect(m.statuses).toMatchObject({ 已出库: "paid", 交易成功: "paid", 完成: "completed" });
    expect(m.statuses["已收货"]).toBeUndefined();
    const refunds = layoutFromMapping({ channel: "pdd", kind: "refunds", columns: {} });
    expect(refunds.required).toEqual(["refundId", "orderId", "afterSalesStatus", "refundAmount"]);
    expect(refunds.afterSales).toMatchObject(ALL_AFTER_SALES);
  });
});
