import { describe, expect, it } from "vitest";
import { LAYOUTS, type FieldName, type Layout } from "./layouts";
import { layoutFromMapping } from "./mapping";
import { recogniseHeader } from "./recognise";

/** A full export of the layout: the preferred header of every field it maps, and its identifying headers. */
const fullHeader = (l: Layout) => [
  ...new Set([...Object.values(l.columns).map((aliases) => aliases[0] ?? ""), ...l.identify]),
];

/** Only the headers its required fields need (the first option of a "one of"). */
const requiredHeader = (l: Layout) =>
  l.required.map((r) => {
    const field: FieldName = typeof r === "string" ? r : (r[0] as FieldName);
    return l.columns[field]?.[0] ?? "";
  });

/** A joined layout (legacy-pair.ts) is recognised only when named, as the join names it. */
const named = (l: Layout) => (l.joined ? { layouts: LAYOUTS } : {});

describe("recogniseHeader", () => {
  it("never recognises a joined layout unless named: no single file has its headers", () => {
    for (const l of LAYOUTS.filter((x) => x.joined)) {
      const r = recogniseHeader(fullHeader(l));
      expect(r.ok && r.resolved.layout.id, l.id).not.toBe(l.id);
    }
  });

  it.each(LAYOUTS.map((l) => [l.id, l] as const))(
    "recognises a full %s header as that layout",
    (_id, layout) => {
      const r = recogniseHeader(fullHeader(layout), named(layout));
      expect(r.ok && r.resolved.layout.id).toBe(layout.id);
    },
  );

  it.each(LAYOUTS.map((l) => [l.id, l] as const))(
    "recognises %s from its required headers alone",
    (_id, layout) => {
      const r = recogniseHeader(requiredHeader(layout), named(layout));
      expect(r.ok && r.resolved.layout.id).toBe(layout.id);
    },
  );

  it.each(
    LAYOUTS.flatMap((l) =>
      l.required
        .filter((f): f is FieldName => typeof f === "string")
        .map((f) => [l.id, f, l] as const),
    ),
  )("%s without its %s header names that header", (_id, field, layout) => {
    const removed = new Set(layout.columns[field]);
    const r = recogniseHeader(
      fullHeader(layout).filter((h) => !removed.has(h)),
      named(layout),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.layout?.id).toBe(layout.id);
      expect(r.missing).toContain(layout.columns[field]?.[0]);
    }
  });

  it("maps columns by name wherever they are, across BOM, quotes, spaces and full-width brackets", () => {
    const r = recogniseHeader([
      '\uFEFF"备注"',
      "商品数量（件） ",
      " 订单号",
      "'支付时间",
      "订单状态",
      "商家实收金额（元）",
      "用户实付金额(元)",
      "商家编码-商品维度",
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.resolved.layout.id).toBe("pdd-orders");
    expect(r.resolved.columns).toMatchObject({
      orderId: [2],
      quantity: [1],
      paidAt: [3],
      status: [4],
      lineAmount: [5, 6],
      merchantSku: [7],
      remark: [0],
    });
    expect(r.resolved.headers).toMatchObject({
      lineAmount: "商家实收金额（元）",
      quantity: "商品数量（件）",
    });
  });

  it("tells the per-line item report from the order report by their headers", () => {
    const items = recogniseHeader([
      "订单编号",
      "标题",
      "价格",
      "购买数量",
      "外部系统编号",
      "商品属性",
      "套餐信息",
      "备注",
      "订单状态",
      "商家编码",
      "订单付款时间",
    ]);
    expect(items.ok && items.resolved.layout.id).toBe("taobao-items");
    const orders = recogniseHeader([
      "订单编号",
      "订单状态",
      "买家实付金额",
      "订单付款时间",
      "商品标题",
      "商家编码",
      "宝贝总数量",
    ]);
    expect(orders.ok && orders.resolved.layout.id).toBe("taobao-orders");
  });

  it("names what the legacy item report lacks (it has no payment time)", () => {
    const r = recogniseHeader([
      "订单编号",
      "标题",
      "价格",
      "购买数量",
      "外部系统编号",
      "商品属性",
      "套餐信息",
      "备注",
      "订单状态",
      "商家编码",
    ]);
    expect(r).toMatchObject({ ok: false, missing: ["订单付款时间"] });
    expect(!r.ok && r.layout?.id).toBe("taobao-items");
  });

  it("recognises nothing in a header no layout knows", () => {
    expect(recogniseHeader(["姓名", "手机号", "地区"])).toEqual({
      ok: false,
      layout: null,
      missing: [],
      score: 0,
      distinctive: 0,
    });
  });

  it("tells a layout's own headers from generic ones another system's export shares", () => {
    // A PDD export missing columns still shows PDD's own headers (商家编码-规格维度, 商品数量(件)).
    const pdd = recogniseHeader([
      "商品",
      "订单号",
      "商品数量(件)",
      "支付时间",
      "商家编码-规格维度",
      "售后状态",
    ]);
    expect(!pdd.ok && pdd.layout?.id).toBe("pdd-orders");
    expect(!pdd.ok && pdd.distinctive).toBeGreaterThan(0);
    // An ERP's export shares only headers several platforms use: a resemblance, not a layout.
    const erp = recogniseHeader(["订单号", "下单时间", "付款时间", "数量", "实付金额", "仓库"]);
    expect(!erp.ok && erp.layout).not.toBeNull();
    expect(!erp.ok && erp.distinctive).toBe(0);
  });

  it("uses a mapping's single layout and names its missing headers", () => {
    const mapping = layoutFromMapping({
      channel: "other",
      columns: {
        orderId: "单号",
        status: "状态",
        paidAt: "付款",
        lineAmount: "金额",
        merchantSku: "编码",
      },
    });
    const ok = recogniseHeader(["单号", "状态", "付款", "金额", "编码"], { layouts: [mapping] });
    expect(ok.ok && ok.resolved.columns).toEqual({
      orderId: [0],
      status: [1],
      paidAt: [2],
      lineAmount: [3],
      merchantSku: [4],
    });
    const missing = recogniseHeader(["单号", "状态", "金额"], { layouts: [mapping] });
    expect(missing).toMatchObject({ ok: false, missing: ["付款", "编码"] });
  });
});
