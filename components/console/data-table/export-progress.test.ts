import { describe, expect, it } from "vitest";
import { csvLine, UTF8_BOM } from "@/server/export/csv";
import { countCsvChunk, csvRows, dispositionFileName, newCsvCounter } from "./export-progress";

describe("export progress", () => {
  it("counts CSV rows exactly, whatever the chunking, with quoted line breaks and quotes", () => {
    const file =
      UTF8_BOM +
      csvLine(["a", "b"]) +
      csvLine(["x\r\ny", 'say "hi"']) +
      csvLine(["王", 3]) +
      csvLine(['"', "\n"]);
    const bytes = new TextEncoder().encode(file);
    for (const size of [1, 2, 3, 7, bytes.length]) {
      let c = newCsvCounter();
      for (let i = 0; i < bytes.length; i += size)
        c = countCsvChunk(c, bytes.subarray(i, i + size));
      expect(csvRows(c)).toBe(3);
    }
  });

  it("reads the file name from Content-Disposition, preferring filename*", () => {
    expect(
      dispositionFileName(
        `attachment; filename="brand-orders-20261101.csv"; filename*=UTF-8''%E8%AE%A2%E5%8D%95.csv`,
        "x",
      ),
    ).toBe("订单.csv");
    expect(dispositionFileName(`attachment; filename="brand-orders.csv"`, "x")).toBe(
      "brand-orders.csv",
    );
    expect(dispositionFileName(null, "fallback.csv")).toBe("fallback.csv");
  });
});
