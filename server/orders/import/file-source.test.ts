import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { guessDelimiter, openCsv } from "./csv-rows";
import { openFile } from "./file-source";
import { writeZip } from "./fixtures/zip-writer";
import type { SheetRow } from "./xlsx-rows";
import { readZipEntries } from "./zip";

async function allRows(bytes: Uint8Array): Promise<SheetRow[]> {
  const opened = openFile(bytes);
  if (!opened.ok) throw new Error(opened.key);
  const rows: SheetRow[] = [];
  for await (const r of opened.source.rows()) rows.push(r);
  return rows;
}

async function sampleWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("订单列表");
  ws.addRow(["订单号", "数量", "付款时间", "备注", "金额"]);
  ws.addRow([
    "3729174649870123456",
    2,
    new Date(Date.UTC(2025, 10, 11, 0, 3, 12)),
    { richText: [{ text: "fx:" }, { text: "ABC234", font: { bold: true } }] },
    { formula: "1+1", result: 12.5 },
  ]);
  ws.getCell("C2").numFmt = "yyyy-mm-dd hh:mm:ss";
  ws.addRow([123456789012345678, 1]);
  wb.addWorksheet("说明").addRow(["not this sheet"]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("XLSX", () => {
  it("reads the first sheet's values: text, numbers, dates, rich text, formula results", async () => {
    const bytes = await sampleWorkbook();
    // exceljs itself writes the shared strings after the sheets: the case that needs re-ordering.
    const names = readZipEntries(bytes).map((e) => e.name);
    expect(names.indexOf("xl/sharedStrings.xml")).toBeGreaterThan(
      names.indexOf("xl/worksheets/sheet1.xml"),
    );
    const rows = await allRows(bytes);
    expect(rows).toEqual([
      { row: 1, cells: ["订单号", "数量", "付款时间", "备注", "金额"] },
      {
        row: 2,
        cells: [
          "3729174649870123456",
          2,
          new Date(Date.UTC(2025, 10, 11, 0, 3, 12)),
          "fx:ABC234",
          12.5,
        ],
      },
      { row: 3, cells: [123456789012345680, 1] },
    ]);
    const opened = openFile(bytes);
    expect(opened.ok && opened.source.lastRow).toBe(3);
  });

  it("reads a workbook written with inline strings only (no shared-string table)", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(["订单号", "SKU ID"]).commit();
    ws.addRow(["A1", "sku-1"]).commit();
    await wb.commit();
    const bytes = new Uint8Array(Buffer.concat(chunks));
    expect(readZipEntries(bytes).some((e) => e.name === "xl/sharedStrings.xml")).toBe(false);
    expect(await allRows(bytes)).toEqual([
      { row: 1, cells: ["订单号", "SKU ID"] },
      { row: 2, cells: ["A1", "sku-1"] },
    ]);
  });

  it("opens the ZIP WeChat Channels downloads and says it came in one", async () => {
    const zip = writeZip([
      { name: "微信小店订单_wx1234_2025年11月12日10时00分00秒.xlsx", data: await sampleWorkbook() },
    ]);
    const opened = openFile(zip);
    expect(opened.ok && [opened.format, opened.container]).toEqual(["xlsx", "zip"]);
    expect((await allRows(zip))[1]?.cells[0]).toBe("3729174649870123456");
  });

  it("opens a ZIP around a single CSV the same way", async () => {
    const csv = iconv.encode("订单号,数量\r\n251111-1,2\r\n", "gbk");
    const zip = writeZip([
      { name: "__MACOSX/._orders.csv", data: new Uint8Array([0]) },
      { name: "orders.csv", data: new Uint8Array(csv) },
    ]);
    const opened = openFile(zip);
    expect(opened.ok && [opened.format, opened.container, opened.encoding]).toEqual([
      "csv",
      "zip",
      "gb18030",
    ]);
    expect(await allRows(zip)).toEqual([
      { row: 1, cells: ["订单号", "数量"] },
      { row: 2, cells: ["251111-1", "2"] },
    ]);
  });

  it("refuses a ZIP with no single export (or pair) inside, naming what it holds", () => {
    const zip = writeZip([
      { name: "a.xlsx", data: new Uint8Array([1]) },
      { name: "b.xlsx", data: new Uint8Array([2]) },
      { name: "c.csv", data: new Uint8Array([3]) },
    ]);
    expect(openFile(zip)).toEqual({
      ok: false,
      key: "file.zipContents",
      params: { files: "a.xlsx, b.xlsx, c.csv" },
    });
    expect(openFile(writeZip([{ name: "notes.txt", data: new Uint8Array([1]) }]))).toEqual({
      ok: false,
      key: "file.zipContents",
      params: { files: "notes.txt" },
    });
  });

  it("opens a ZIP of two exports as the first with the second beside it (the legacy pair)", async () => {
    const zip = writeZip([
      { name: "订单报表.csv", data: new TextEncoder().encode("订单编号\r\n1\r\n") },
      { name: "宝贝报表.csv", data: new TextEncoder().encode("订单编号,购买数量\r\n1,2\r\n") },
    ]);
    const opened = openFile(zip);
    if (!opened.ok || !opened.companion) throw new Error("not opened as a pair");
    expect([opened.name, opened.container, opened.companion.name]).toEqual([
      "订单报表.csv",
      "zip",
      "宝贝报表.csv",
    ]);
    const rows = [];
    for await (const r of opened.companion.source.rows()) rows.push(r);
    expect(rows).toEqual([
      { row: 1, cells: ["订单编号", "购买数量"] },
      { row: 2, cells: ["1", "2"] },
    ]);
  });

  it("reports a damaged archive instead of throwing", () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]);
    expect(openFile(bytes)).toMatchObject({ ok: false, key: "file.unreadable" });
  });
});

describe("other files", () => {
  it("refuses empty files, legacy XLS and HTML tables", () => {
    expect(openFile(new Uint8Array())).toEqual({ ok: false, key: "file.empty", params: {} });
    expect(openFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toEqual({
      ok: false,
      key: "file.xls",
      params: {},
    });
    expect(
      openFile(new TextEncoder().encode("<html><table><tr><td>订单编号</td></tr></table>")),
    ).toEqual({ ok: false, key: "file.html", params: {} });
  });
});

describe("CSV", () => {
  const text =
    '订单号,备注,金额\r\n"\t3729174649870123456\t","a\tb\r\nsecond line","1,234.50"\r\n\r\n2,x,3\r\n';

  it("numbers rows as a spreadsheet does: a multi-line cell is one row, blank rows count", async () => {
    const rows = await allRows(new Uint8Array(iconv.encode(text, "gbk")));
    expect(rows).toEqual([
      { row: 1, cells: ["订单号", "备注", "金额"] },
      { row: 2, cells: ["\t3729174649870123456\t", "a\tb\r\nsecond line", "1,234.50"] },
      { row: 3, cells: [""] },
      { row: 4, cells: ["2", "x", "3"] },
    ]);
  });

  it("gives the same rows whatever the slice size, even mid-character and mid-quote", async () => {
    const bytes = new TextEncoder().encode(text);
    const whole: SheetRow[] = [];
    for await (const r of openCsv(bytes, "utf-8").rows()) whole.push(r);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (slice) => {
        const got: SheetRow[] = [];
        for await (const r of openCsv(bytes, "utf-8", slice).rows()) got.push(r);
        expect(got).toEqual(whole);
      }),
    );
  });

  it("knows how many rows it has before reading them (the progress bar's end), for any quoting and line ends", async () => {
    const cell = fc.oneof(
      fc.constantFrom("", "订单", "a,b", 'say "hi"', "two\nlines", "cr\r\nlf", "¥1,288.50"),
      fc.string({ maxLength: 6 }),
    );
    const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
    // A header row has no line breaks in it (the line ending is read from it, as the parser does).
    const header = fc.array(fc.constantFrom("订单号", "备注", "a,b", 'say "hi"', ""), {
      minLength: 1,
      maxLength: 4,
    });
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        fc.constantFrom("\r\n", "\n"),
        fc.boolean(),
        async (head, body, newline, trailing) => {
          const rows = [head, ...body];
          const text =
            rows.map((r) => r.map(quote).join(",")).join(newline) + (trailing ? newline : "");
          const bytes = new TextEncoder().encode(text);
          const source = openCsv(bytes, "utf-8");
          let last = 0;
          for await (const r of source.rows()) last = r.row;
          expect(source.lastRow).toBe(last);
        },
      ),
    );
  });

  it("guesses the delimiter from the header, ignoring quoted tabs", () => {
    expect(guessDelimiter("订单号,商品ID,数量")).toBe(",");
    expect(guessDelimiter("订单号\t商品ID\t数量")).toBe("\t");
    expect(guessDelimiter('"a\tb",c')).toBe(",");
    expect(guessDelimiter("a;b;c")).toBe(";");
  });

  it("reports an unterminated quote rather than reading the rest of the file into one cell", async () => {
    const bytes = new TextEncoder().encode(`订单号,备注\n1,"${"x".repeat(1 << 21)}`);
    await expect(allRows(bytes)).rejects.toThrow(/never closed/);
  });
});
