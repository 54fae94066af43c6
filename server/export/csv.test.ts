import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";

describe("csv", () => {
  it("quotes commas, quotes and line breaks, and doubles quotes", () => {
    expect(csvLine(["a", "b,c", 'say "hi"', "two\nlines", null, 12])).toBe('a,"b,c","say ""hi""","two\nlines",,12\r\n');
  });

  it("keeps Chinese text as it is", () => {
    expect(csvCell("天猫旗舰店")).toBe("天猫旗舰店");
  });

  it("defuses text a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+86 138")).toBe("'+86 138");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell("100.00")).toBe("100.00");
  });
});
