import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { errorRowsCsv, localiseImportIssues, missingColumns, nameColumn, splitCsv, templateCsv } from "./csv";

describe("distributor import CSV (browser side)", () => {
  it("offers templates the server's headers accept, with a BOM for Excel", () => {
    expect(templateCsv("en").startsWith("\uFEFFname,phone,region,role,level,upline_code\r\n")).toBe(true);
    expect(templateCsv("zh")).toContain("姓名,手机号,地区,角色,等级,上级邀请码");
  });

  it("splits into chunks that keep the header and report their first file line", () => {
    const rows = Array.from({ length: 5 }, (_, i) => `n${i},1380013800${i}`);
    const { chunks, rowCount, rowsByLine, header } = splitCsv(`\uFEFFname,phone\n${rows.join("\n")}\n\n`, 2);
    expect(header).toEqual(["name", "phone"]);
    expect(rowCount).toBe(5);
    expect(chunks.map((c) => [c.firstLine, c.rows])).toEqual([[2, 2], [4, 2], [6, 1]]);
    expect(chunks[1]!.csv).toBe("name,phone\nn2,13800138002\nn3,13800138003");
    expect(rowsByLine.get(6)).toEqual(["n4", "13800138004"]);
  });

  it("keeps quoted commas and newlines inside one field", () => {
    const { chunks, rowCount } = splitCsv('name,phone,region\n"Wang, Jr.",13800138000,"Line 1\nLine 2"\n', 10);
    expect(rowCount).toBe(1);
    expect(Papa.parse<string[]>(chunks[0]!.csv).data[1]).toEqual(["Wang, Jr.", "13800138000", "Line 1\nLine 2"]);
  });

  it("finds the name column in either language, or falls back to the first", () => {
    expect(nameColumn(["phone", " Name "])).toBe(1);
    expect(nameColumn(["手机号", "地区", "姓名"])).toBe(2);
    expect(nameColumn(["phone", "region"])).toBe(0);
  });

  it("names missing required columns in either language", () => {
    expect(missingColumns(["姓名", "手机号"])).toEqual([]);
    expect(missingColumns(["Name", "region"])).toEqual(["phone"]);
    expect(missingColumns([])).toEqual(["name", "phone"]);
  });

  it("writes the failed rows back with an error column", () => {
    const { header, rowsByLine } = splitCsv("name,phone\nA,1\nB\n");
    const out = errorRowsCsv(header, rowsByLine, [{ line: 3, error: "phone: required" }], "error");
    expect(out).toBe("\uFEFFname,phone,error\r\nB,,phone: required");
  });
});

describe("localiseImportIssues", () => {
  const known: Record<string, string> = { "phone.invalid": "「{phone}」不是手机号。", "name.required": "姓名为空。" };
  const translate = (key: string, params: Record<string, string>) =>
    known[key]?.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");

  it("translates each issue by its key, filling in the values it names", () => {
    expect(localiseImportIssues([{ key: "phone.invalid", params: { phone: "12345" } }], "English", translate)).toBe("「12345」不是手机号。");
    expect(
      localiseImportIssues(
        [
          { key: "name.required", params: {} },
          { key: "phone.invalid", params: { phone: "1" } },
        ],
        "English",
        translate,
      ),
    ).toBe("姓名为空。 「1」不是手机号。");
  });

  it("falls back to the server's English when a key is unknown or there are no issues", () => {
    expect(localiseImportIssues([{ key: "name.required", params: {} }, { key: "new.key", params: {} }], "Both, in English.", translate)).toBe(
      "Both, in English.",
    );
    expect(localiseImportIssues(undefined, "Only English.", translate)).toBe("Only English.");
    expect(localiseImportIssues([], undefined, translate)).toBe("");
  });
});
