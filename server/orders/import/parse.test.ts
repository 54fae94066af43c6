import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { brief, fixture, parseAll, sh } from "./fixtures/parse-all";
import { parseOrderFile } from "./parse";

const FIXTURES = [
  "taobao-orders-legacy.gbk.csv",
  "tmall-orders-2025.xlsx",
  "taobao-items.csv",
  "taobao-refunds.csv",
  "pdd-orders.gbk.csv",
  "pdd-refunds.gbk.csv",
  "jd-orders.utf8-bom.csv",
  "douyin-orders.csv",
  "wechat-channels-orders.zip",
];

const utf8 = (s: string) => new TextEncoder().encode(s);
const records = (p: Awaited<ReturnType<typeof parseAll>>) => ({
  orders: p.orders,
  refunds: p.refunds,
  afterSalesOpen: p.afterSalesOpen,
  issues: p.issues,
});

/** A Douyin-style per-line export (UTF-8) built from rows of [主订单编号, 商家编码, 数量, 商品金额, 状态, 支付完成时间]. */
function douyinCsv(rows: string[][], extraHeader: string[] = []): Uint8Array {
  const header = [
    "主订单编号",
    "商家编码",
    "商品数量",
    "商品金额",
    "订单状态",
    "支付完成时间",
    "订单完成时间",
    ...extraHeader,
  ];
  return utf8([header, ...rows].map((r) => r.join(",")).join("\n"));
}

describe("chunking", () => {
  it("gives the same records in the same order whatever the chunk size", async () => {
    for (const name of FIXTURES) {
      const bytes = fixture(name);
      const whole = records(await parseAll(bytes, { chunkSize: 100_000 }));
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 16 }), async (chunkSize) => {
          expect(records(await parseAll(bytes, { chunkSize }))).toEqual(whole);
        }),
        { numRuns: 12 },
      );
    }
  });

  it("yields a chunk every chunkSize rows with growing progress, the last one done", async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => [
      `69${String(i).padStart(17, "0")}`,
      `SKU-${i % 7}`,
      "1",
      "9.90",
      "已完成",
      "2025-11-11 10:00:00",
      "2025-11-18 10:00:00",
    ]);
    const bytes = douyinCsv(rows);
    const chunks = [];
    for await (const c of parseOrderFile(bytes, { chunkSize: 500, now: new Date("2026-01-01") }))
      chunks.push(c);
    expect(chunks.map((c) => c.progress.rowsDone)).toEqual([500, 1000, 1500, 2000, 2500, 2500]);
    expect(chunks.map((c) => c.done)).toEqual([false, false, false, false, false, true]);
    const bytesDone = chunks.map((c) => c.progress.bytesDone);
    expect(bytesDone).toEqual([...bytesDone].sort((a, b) => a - b));
    expect(chunks.at(-1)?.progress).toMatchObject({
      bytesDone: bytes.length,
      bytesTotal: bytes.length,
    });
    // Streamed: the first chunk came out before most of the file was even decoded.
    expect(chunks[0]?.progress.bytesDone).toBeLessThan(bytes.length / 2);
    // Each order comes out once its last row is read; the last one only at the end.
    expect(chunks.map((c) => c.orders.length)).toEqual([499, 500, 500, 500, 500, 1]);
  });

  it("reports the XLSX sheet's row count for progress", async () => {
    const p = await parseAll(fixture("tmall-orders-2025.xlsx"), { chunkSize: 4 });
    expect(p.chunks.map((c) => [c.progress.rowsDone, c.progress.rowsTotal])).toEqual([
      [4, 10],
      [8, 10],
      [10, 10],
    ]);
  });
});

describe("determinism", () => {
  it("gives identical records and refund ids when the same bytes are parsed twice", async () => {
    for (const name of FIXTURES) {
      const first = await parseAll(fixture(name));
      const second = await parseAll(fixture(name));
      expect(records(second)).toEqual(records(first));
      expect(second.refunds.map((r) => r.event.refundId)).toEqual(
        first.refunds.map((r) => r.event.refundId),
      );
    }
  });

  it("keeps an order-export refund id when the refunded total grows, so a later export never refunds twice", async () => {
    const row = (refund: string) =>
      [
        "订单编号,订单状态,买家实付金额,订单付款时间,确认收货时间,商家编码,退款金额",
        `4112233445566778804,交易成功,299.00,2025-11-11 02:00:30,2025-11-20 12:00:00,DRS-RED-S,${refund}`,
      ].join("\n");
    const before = await parseAll(utf8(row("50.00")));
    const after = await parseAll(utf8(row("80.00")));
    expect(before.refunds[0]?.event.refundId).toBe(after.refunds[0]?.event.refundId);
    expect(after.refunds[0]?.event.items).toEqual([{ sku: "DRS-RED-S", amountFen: 8000 }]);
  });
});

describe("encodings and quirks", () => {
  const header = "订单编号,订单状态,买家实付金额,订单付款时间,商家编码,订单备注";

  it("reads the same file in UTF-8, UTF-8 with BOM and GBK identically", async () => {
    const text = `${header}\n4112233445566778801,买家已付款，等待卖家发货,"1,234.50",2025/11/11 0:03,围巾-灰,推荐码ABC234\n`;
    const parsed = await Promise.all(
      [utf8(text), utf8(`\uFEFF${text}`), new Uint8Array(iconv.encode(text, "gbk"))].map((b) =>
        parseAll(b),
      ),
    );
    expect(parsed.map((p) => p.file.encoding)).toEqual(["utf-8", "utf-8-bom", "gb18030"]);
    for (const p of parsed) {
      expect(p.orders.map((o) => o.order)).toEqual([
        {
          channel: "taobao",
          externalId: "4112233445566778801",
          status: "paid",
          buyer: { identities: [] },
          referralCode: "ABC234",
          items: [{ sku: "围巾-灰", quantity: 1, amountFen: 123450 }],
          paidAt: sh("2025-11-11 00:03:00"),
        },
      ]);
    }
  });

  it('strips \', ="…", tabs, full-width digits and separators from ids, amounts and codes', async () => {
    const rows = [
      `'4112233445566778801,交易关闭,88.00,2025-11-11 00:00:01,A1,`,
      `"=""4112233445566778802""",交易关闭,"1,088.00",2025-11-11 00:00:02,A2,`,
      `"\t4112233445566778803\t",交易关闭,"\t99.90\t",2025-11-11 00:00:03,"\tA3\t",`,
      `４１１２２３３４４５５６６７７８８０４,交易关闭,１２.５,２０２５-１１-１１ ００:００:０４,Ａ４,`,
      `1.23456789012345678E+17,交易关闭,1,2025-11-11 00:00:05,A5,`,
    ];
    const p = await parseAll(utf8([header, ...rows].join("\r\n")));
    expect(
      p.orders.map((o) => [
        o.order.externalId,
        o.order.items[0]?.amountFen,
        o.order.items[0]?.sku,
        o.order.paidAt,
      ]),
    ).toEqual([
      ["4112233445566778801", 8800, "A1", sh("2025-11-11 00:00:01")],
      ["4112233445566778802", 108800, "A2", sh("2025-11-11 00:00:02")],
      ["4112233445566778803", 9990, "A3", sh("2025-11-11 00:00:03")],
      ["4112233445566778804", 1250, "A4", sh("2025-11-11 00:00:04")],
      ["123456789012345678", 100, "A5", sh("2025-11-11 00:00:05")],
    ]);
    expect(p.issues).toEqual([]);
  });

  it("reports amounts it cannot read exactly, by column, and skips those orders", async () => {
    const rows = [
      "1001,交易关闭,12.345,2025-11-11 00:00:01,A,",
      "1002,交易关闭,-5.00,2025-11-11 00:00:01,A,",
      "1003,交易关闭,12，34,2025-11-11 00:00:01,A,",
      "1004,交易关闭,,2025-11-11 00:00:01,A,",
    ];
    const p = await parseAll(utf8([header, ...rows].join("\n")));
    expect(p.orders).toEqual([]);
    expect(brief(p.issues)).toEqual([
      [2, "error", "amount.tooPrecise", { column: "买家实付金额", value: "12.345" }],
      [3, "error", "amount.negative", { column: "买家实付金额", value: "-5.00" }],
      [4, "error", "amount.invalid", { column: "买家实付金额", value: "12，34" }],
      [5, "error", "amount.missing", { column: "买家实付金额" }],
    ]);
    expect(p.issues[0]?.message).toBe("“12.345” in 买家实付金额 has more than two decimal places.");
  });

  it("matches headers and statuses across full-width brackets, hyphens, commas and stray spaces", async () => {
    const text = [
      "订单号 ,订单状态,商品数量（件）,商家实收金额（元）,支付时间,商家编码－规格维度 ,售后状态",
      "251111-1, 已发货，待签收 ,1,10.00,2025-11-11 00:00:01,X,无售后或售后取消",
      '251111-2,"已发货, 待签收",1,10.00,2025-11-11 00:00:01,X,无售后或售后取消',
    ].join("\n");
    const p = await parseAll(utf8(text));
    expect(p.file.layout).toBe("pdd-orders");
    expect(p.file.columns).toMatchObject({
      quantity: "商品数量（件）",
      merchantSku: "商家编码－规格维度",
    });
    expect(p.orders.map((o) => o.order.status)).toEqual(["paid", "paid"]);
  });

  it("reads an Excel 'Unicode text' export (UTF-16LE, tab-separated)", async () => {
    const text =
      "主订单编号\t商家编码\t商品数量\t商品金额\t订单状态\t支付完成时间\r\n6900000000000000001\tA\t2\t5.50\t待发货\t2025-11-11 10:00:00\r\n";
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const p = await parseAll(bytes);
    expect(p.file).toMatchObject({ encoding: "utf-16le", layout: "douyin-orders" });
    expect(p.orders[0]?.order.items).toEqual([{ sku: "A", quantity: 2, amountFen: 1100 }]);
  });

  it("finds the header below title rows and numbers rows as the file does", async () => {
    const text = [
      "抖店订单导出 2025-11-20",
      "",
      "主订单编号,商家编码,商品数量,商品金额,订单状态,支付完成时间",
      "6900000000000000001,A,1,5.00,已完成,2025-11-11 10:00:00",
    ].join("\n");
    const p = await parseAll(utf8(text));
    expect(p.file.headerRow).toBe(3);
    expect(brief(p.issues)).toEqual([[4, "warning", "completedAt.missing", {}]]);
    expect(p.orders[0]?.rows).toEqual([4]);
  });

  it("flags times after `now` as probably misread", async () => {
    const p = await parseAll(
      douyinCsv([["6900000000000000001", "A", "1", "5.00", "待发货", "2026-11-11 10:00:00"]]),
      { now: new Date("2025-12-01T00:00:00+08:00") },
    );
    expect(brief(p.issues)).toEqual([
      [2, "warning", "time.future", { column: "支付完成时间", value: "2026-11-11 10:00:00" }],
    ]);
    expect(p.orders).toHaveLength(1);
  });

  it("reports an order number Excel shortened to scientific notation", async () => {
    const p = await parseAll(
      douyinCsv([["6.92346E+18", "A", "1", "5.00", "待发货", "2025-11-11 10:00:00"]]),
    );
    expect(p.orders).toEqual([]);
    expect(p.issues[0]).toMatchObject({
      row: 2,
      field: "orderId",
      key: "orderId.scientific",
      params: { value: "6.92346E+18" },
      severity: "error",
    });
  });
});

describe("Douyin line amounts", () => {
  it("is 商品金额 (unit price) × quantity when the export has no sub-order ids", async () => {
    const p = await parseAll(
      douyinCsv([["6900000000000000001", "A", "3", "29.90", "待发货", "2025-11-11 10:00:00"]]),
    );
    expect(p.orders[0]?.order.items).toEqual([{ sku: "A", quantity: 3, amountFen: 8970 }]);
  });

  it("ignores a repeated order-level 订单应付金额 without sub-order ids", async () => {
    const header = "主订单编号,商家编码,商品数量,商品金额,订单应付金额,订单状态,支付完成时间";
    const rows = [
      "6900000000000000001,A,1,10.00,25.00,待发货,2025-11-11 10:00:00",
      "6900000000000000001,B,1,15.00,25.00,待发货,2025-11-11 10:00:00",
    ];
    const p = await parseAll(utf8([header, ...rows].join("\n")));
    expect(p.orders[0]?.order.items).toEqual([
      { sku: "A", quantity: 1, amountFen: 1000 },
      { sku: "B", quantity: 1, amountFen: 1500 },
    ]);
  });
});

describe("JD order amounts", () => {
  const header = "订单号,商品ID,订购数量,京东价,应付金额,运费金额,订单状态,付款确认时间";

  it("split by 京东价 × 数量, exactly, after freight", async () => {
    const p = await parseAll(
      utf8(
        [
          header,
          "1,A,1,10.00,100.00,10.00,等待出库,2025-11-11 10:00:00",
          "1,B,2,10.00,100.00,10.00,等待出库,2025-11-11 10:00:00",
        ].join("\n"),
      ),
    );
    expect(p.orders[0]?.order.items).toEqual([
      { sku: "A", quantity: 1, amountFen: 3000 },
      { sku: "B", quantity: 2, amountFen: 6000 },
    ]);
  });

  it("split by quantity when a row has no 京东价", async () => {
    const p = await parseAll(
      utf8(
        [
          header,
          "1,A,1,,100.00,0,等待出库,2025-11-11 10:00:00",
          "1,B,3,50.00,100.00,0,等待出库,2025-11-11 10:00:00",
        ].join("\n"),
      ),
    );
    expect(p.orders[0]?.order.items).toEqual([
      { sku: "A", quantity: 1, amountFen: 2500 },
      { sku: "B", quantity: 3, amountFen: 7500 },
    ]);
  });
});

describe("brand column mapping", () => {
  const erp = [
    "单号,货品编码,件数,成交金额,状态,付款日期,完成日期,分销码",
    "E-1001,SKU-1,2,100.00,已完成,2025-11-11 10:00:00,2025-11-15 10:00:00,k7m9pq",
    "E-1002,SKU-2,1,50.00,已出库,2025-11-12 10:00:00,,",
  ].join("\n");
  const mapping = {
    channel: "mini_program" as const,
    columns: {
      orderId: "单号",
      merchantSku: "货品编码",
      quantity: "件数",
      lineAmount: "成交金额",
      status: "状态",
      paidAt: "付款日期",
      completedAt: "完成日期",
      referralCode: "分销码",
    },
    statuses: { 已出库: "paid" as const },
  };

  it("replaces recognition: its columns, channel and status labels apply", async () => {
    expect((await parseAll(utf8(erp))).issues.map((i) => i.key)).toEqual(["header.unrecognised"]);
    const p = await parseAll(utf8(erp), { mapping });
    expect(p.file).toMatchObject({ layout: "mapping", columns: mapping.columns });
    expect(p.orders.map((o) => [o.order, o.attribution])).toEqual([
      [
        {
          channel: "mini_program",
          externalId: "E-1001",
          status: "completed",
          buyer: { identities: [] },
          referralCode: "K7M9PQ",
          items: [{ sku: "SKU-1", quantity: 2, amountFen: 10000 }],
          paidAt: sh("2025-11-11 10:00:00"),
          completedAt: sh("2025-11-15 10:00:00"),
        },
        "referral_column",
      ],
      [
        {
          channel: "mini_program",
          externalId: "E-1002",
          status: "paid",
          buyer: { identities: [] },
          items: [{ sku: "SKU-2", quantity: 1, amountFen: 5000 }],
          paidAt: sh("2025-11-12 10:00:00"),
        },
        "none",
      ],
    ]);
  });

  it("overrides a file a built-in layout would recognise", async () => {
    const bytes = fixture("jd-orders.utf8-bom.csv");
    const p = await parseAll(bytes, {
      mapping: {
        channel: "jd",
        columns: {
          orderId: "订单号",
          itemId: "商品ID",
          quantity: "订购数量",
          lineAmount: "结算金额",
          status: "订单状态",
          paidAt: "付款确认时间",
        },
      },
    });
    expect(p.file.layout).toBe("mapping");
    // Per-line 结算金额 as the brand says, no split, item ids as SKUs.
    expect(p.orders[0]?.order.items).toEqual([
      { sku: "100012345678", quantity: 1, amountFen: 93245 },
      { sku: "100012345679", quantity: 3, amountFen: 93245 },
    ]);
  });

  it("names the mapped headers the file lacks", async () => {
    const p = await parseAll(utf8(erp), {
      mapping: { ...mapping, columns: { ...mapping.columns, lineAmount: "实收" } },
    });
    expect(brief(p.issues)).toEqual([[0, "error", "header.mappingMissing", { headers: "实收" }]]);
    expect(p.issues[0]?.message).toBe(
      "The file lacks the column(s) your saved column mapping names: 实收. Check the header row, or update the mapping.",
    );
  });
});

describe("a file no layout fits", () => {
  it("calls a resemblance of generic headers only the closest layout, and offers mapping by hand", async () => {
    const erp = [
      "订单号,下单时间,付款时间,数量,实付金额,仓库",
      "E-1,2025-11-11 10:00:00,2025-11-11 10:01:00,1,88.00,华东仓",
    ].join("\n");
    const p = await parseAll(utf8(erp));
    expect(brief(p.issues)).toEqual([
      [
        0,
        "error",
        "header.closest",
        {
          layout: "wechat-channels-orders",
          headers: "订单状态, 商品实付金额, 商家编码 / SKU ID / 商品ID",
        },
      ],
    ]);
    expect(p.issues[0]?.message).toContain("map its columns by hand");
    expect(p.orders).toEqual([]);
  });
});

describe("referral codes", () => {
  const text = [
    "订单编号,订单状态,买家实付金额,订单付款时间,商家编码,订单备注,推广人",
    "4112233445566778801,交易关闭,10.00,2025-11-11 00:00:01,A,代下单 #FX-Q8R2,ABC234",
  ].join("\n");

  it("reads a column the brand names, over any remark", async () => {
    const p = await parseAll(utf8(text), { referralColumn: "推广人" });
    expect([p.orders[0]?.order.referralCode, p.orders[0]?.attribution]).toEqual([
      "ABC234",
      "referral_column",
    ]);
  });

  it("requires that column when it is named", async () => {
    const p = await parseAll(utf8(text), { referralColumn: "分销员" });
    expect(brief(p.issues)).toEqual([
      [0, "error", "header.missing", { layout: "taobao-orders", headers: "分销员" }],
    ]);
  });

  it("uses the brand's own remark pattern", async () => {
    const p = await parseAll(utf8(text), { referralPattern: /#FX-([A-Z0-9]+)/ });
    expect([p.orders[0]?.order.referralCode, p.orders[0]?.attribution]).toEqual([
      "Q8R2",
      "referral_remark",
    ]);
  });
});

describe("files that cannot be imported", () => {
  it.each([
    [new Uint8Array(), "file.empty"],
    [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "file.xls"],
    [utf8("<html><body><table></table></body></html>"), "file.html"],
    [utf8("姓名,手机号\n张三,13800000000\n"), "header.unrecognised"],
    [utf8("\n\n\n"), "file.empty"],
  ])("%#: %s", async (bytes, key) => {
    const p = await parseAll(bytes);
    expect(p.issues.map((i) => [i.row, i.key])).toEqual([[0, key]]);
    expect(p.chunks).toHaveLength(1);
  });

  it("stops at a broken quote, keeping the orders finished before it and dropping the one still open", async () => {
    // Order 2 might have had more rows after the break, so it is not imported half-read.
    const rows = [
      ["6900000000000000001", "A", "1", "5.00", "待发货", "2025-11-11 10:00:00"],
      ["6900000000000000002", "A", "1", "5.00", "待发货", "2025-11-11 10:00:00"],
      [
        "6900000000000000003",
        `"B${"x".repeat(1 << 21)}`,
        "1",
        "5.00",
        "待发货",
        "2025-11-11 10:00:00",
      ],
    ];
    const p = await parseAll(douyinCsv(rows));
    expect(p.orders.map((o) => o.order.externalId)).toEqual(["6900000000000000001"]);
    expect(p.issues.map((i) => [i.row, i.key])).toEqual([[4, "file.unreadable"]]);
  });
});

describe("XLSX", () => {
  it("reads a sheet with a title row above the header and numeric order numbers that fit", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("订单");
    ws.addRow(["京东订单导出"]);
    ws.addRow(["订单号", "商品ID", "订购数量", "应付金额", "订单状态", "付款确认时间", "京东价"]);
    ws.addRow([
      31234567890,
      100012345678,
      1,
      99.5,
      "等待出库",
      new Date(Date.UTC(2025, 10, 11, 8, 0, 0)),
      99.5,
    ]);
    ws.getCell("F3").numFmt = "yyyy/m/d h:mm";
    const p = await parseAll(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(p.file).toMatchObject({ format: "xlsx", layout: "jd-orders", headerRow: 2 });
    expect(p.orders.map((o) => o.order)).toEqual([
      {
        channel: "jd",
        externalId: "31234567890",
        status: "paid",
        buyer: { identities: [] },
        items: [{ sku: "100012345678", quantity: 1, amountFen: 9950 }],
        paidAt: sh("2025-11-11 08:00:00"),
      },
    ]);
  });
});
