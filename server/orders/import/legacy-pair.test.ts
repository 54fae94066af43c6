/**
 * The legacy Taobao pair (fixtures/samples/taobao.ts: PAIR_ORDERS and LEGACY_ITEMS): a 宝贝报表
 * with no payment time, buyer or amounts, imported joined with its 订单报表 from one ZIP.
 * Expected values are worked out by hand from the rows.
 */
import { describe, expect, it } from "vitest";
import { brief, fixture, parseAll, sh } from "./fixtures/parse-all";
import { xlsx, type Cell } from "./fixtures/samples/write";
import { writeZip } from "./fixtures/zip-writer";
import { openFile } from "./file-source";
import { issueMessage } from "./issues";
import { entryData, readZipEntries } from "./zip";

const code = (sku: string, rows: number[]) => ({ sku, source: "merchant_code", rows });

const EXPECTED_ORDERS = [
  {
    // 210.00 paid less 10.00 postage = 20000 fen over three lines of equal list value
    // (100.00 × 1, 50.00 × 2, 100.00 × 1): 6666 each and 2 fen left, which go to the first two
    // lines (equal remainders: earlier lines first). The 订单报表 says 交易成功 while the
    // 宝贝报表 still says shipped: the order report's status wins. The third line has no 商家编码:
    // its 外部系统编号 is the SKU.
    order: {
      channel: "taobao",
      externalId: "4071111111111111111",
      status: "completed",
      buyer: {
        identities: [
          { kind: "tmall_buyer", value: "tb_lucy2024" },
          { kind: "phone", value: "13812345678" },
        ],
      },
      items: [
        { sku: "SCF-GRY", quantity: 1, amountFen: 6667 },
        { sku: "GLV-GRY", quantity: 2, amountFen: 6667 },
        { sku: "HAT-GRY", quantity: 1, amountFen: 6666 },
      ],
      paidAt: sh("2025-11-11 00:03:12"),
      completedAt: sh("2025-11-16 10:20:00"),
    },
    rows: [2, 3, 4],
    attribution: "buyer_identity",
    lines: [code("SCF-GRY", [2]), code("GLV-GRY", [3]), code("HAT-GRY", [4])],
  },
  {
    // One line: it gets the whole 399.00 paid (after the discount on its 459.00 list price).
    // Masked phone: no identity. The code is in the 订单报表's 订单备注.
    order: {
      channel: "taobao",
      externalId: "4072222222222222222",
      status: "paid",
      buyer: { identities: [{ kind: "tmall_buyer", value: "小猫咪mimi" }] },
      referralCode: "K7M9PQ",
      items: [{ sku: "PJ-001", quantity: 1, amountFen: 39900 }],
      paidAt: sh("2025-11-11 09:15:00"),
    },
    rows: [5],
    attribution: "referral_remark",
    lines: [code("PJ-001", [5])],
  },
  {
    // 100.00 paid less 8.00 postage = 9200 fen, by list value 39.90 × 3 = 11970 and 12.50 × 1
    // = 1250 (of 13220): 9200 × 11970 / 13220 = 8330 rest 1400/13220, 9200 × 1250 / 13220 =
    // 869 rest 11820/13220. The one fen left goes to the larger remainder: the SECOND line.
    order: {
      channel: "taobao",
      externalId: "4073333333333333333",
      status: "paid",
      buyer: {
        identities: [
          { kind: "tmall_buyer", value: "tb_wang" },
          { kind: "phone", value: "13900001111" },
        ],
      },
      referralCode: "ABC234",
      items: [
        { sku: "SOCK-5", quantity: 3, amountFen: 8330 },
        { sku: "CUP-01", quantity: 1, amountFen: 870 },
      ],
      paidAt: sh("2025-11-12 20:30:00"),
    },
    rows: [6, 7],
    attribution: "referral_remark",
    lines: [code("SOCK-5", [6]), code("CUP-01", [7])],
  },
];

const EXPECTED_ISSUES = [
  // 4075555555555555555 is 等待买家付款 in the 订单报表.
  [8, "note", "status.unpaid", { value: "等待买家付款" }],
  [9, "error", "order.notInOrderReport", { orderId: "4079999999999999999" }],
  // Row 5 of the 订单报表: paid, but no 宝贝报表 row names it.
  [0, "error", "order.noItemRows", { orderId: "4074444444444444444", row: "5" }],
];

describe("legacy Taobao 宝贝报表 + 订单报表 in one ZIP", () => {
  it("gives the 宝贝报表's lines with the 订单报表's buyer, status, times and amount paid", async () => {
    const p = await parseAll(fixture("taobao-legacy-pair.zip"));
    expect(p.file).toMatchObject({
      format: "csv",
      container: "zip",
      encoding: "gb18030",
      layout: "taobao-items-legacy",
      headerRow: 1,
    });
    expect(p.file.columns).toMatchObject({
      orderId: "订单编号",
      merchantSku: "商家编码",
      unitPrice: "价格",
      quantity: "购买数量",
      status: "订单报表·订单状态",
      lineAmount: "订单报表·买家实际支付金额",
      paidAt: "订单报表·订单付款时间",
    });
    expect(p.orders).toEqual(EXPECTED_ORDERS);
    expect(p.refunds).toEqual([]);
    expect(brief(p.issues)).toEqual(EXPECTED_ISSUES);
  });

  it("does not depend on which file comes first in the ZIP, nor on the chunk size", async () => {
    const zip = fixture("taobao-legacy-pair.zip");
    const files = readZipEntries(zip).map((e) => ({ name: e.name, data: entryData(zip, e) }));
    expect(files.length).toBe(2);
    const swapped = await parseAll(writeZip([...files].reverse()), { chunkSize: 1 });
    expect(swapped.orders).toEqual(EXPECTED_ORDERS);
    expect(brief(swapped.issues)).toEqual(EXPECTED_ISSUES);
    expect(swapped.chunks.length).toBeGreaterThan(3);
  });

  it("reads an XLSX 宝贝报表 (prices and quantities as numbers) beside a CSV 订单报表 the same", async () => {
    const zip = fixture("taobao-legacy-pair.zip");
    const [orders] = readZipEntries(zip).filter((e) => e.name.startsWith("ExportOrderList"));
    const opened = openFile(fixture("taobao-items-legacy.gbk.csv"));
    if (!opened.ok) throw new Error("fixture unreadable");
    const rows: Cell[][] = [];
    for await (const { cells } of opened.source.rows())
      rows.push(
        cells.map(
          (c) =>
            (typeof c === "string" && /^\d+(\.\d+)?$/.test(c) && c.length < 10
              ? Number(c)
              : c) as Cell,
        ),
      );
    const items = await xlsx("宝贝报表", rows, []);
    const p = await parseAll(
      writeZip([
        { name: "宝贝报表.xlsx", data: items },
        { name: "订单报表.csv", data: entryData(zip, orders!) },
      ]),
    );
    expect(p.file).toMatchObject({
      format: "xlsx",
      container: "zip",
      layout: "taobao-items-legacy",
    });
    expect(p.orders).toEqual(EXPECTED_ORDERS);
    expect(brief(p.issues)).toEqual(EXPECTED_ISSUES);
  });

  it("refuses a legacy 宝贝报表 alone, saying to upload it with its 订单报表", async () => {
    const p = await parseAll(fixture("taobao-items-legacy.gbk.csv"));
    expect(p.orders).toEqual([]);
    expect(brief(p.issues)).toEqual([[0, "error", "header.needsOrderReport", {}]]);
    expect(issueMessage("header.needsOrderReport", {}, "zh-CN")).toContain("订单报表");
    expect(issueMessage("header.needsOrderReport", {}, "zh-CN")).toContain("ZIP");
  });

  it("refuses two files that are not the pair, naming them", async () => {
    const items = fixture("taobao-items-legacy.gbk.csv");
    const zip = writeZip([
      { name: "a.csv", data: items },
      { name: "b.csv", data: items },
    ]);
    const p = await parseAll(zip);
    expect(brief(p.issues)).toEqual([[0, "error", "file.zipContents", { files: "a.csv, b.csv" }]]);
  });
});
