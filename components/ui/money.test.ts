import { describe, expect, it } from "vitest";
import { formatFen } from "./money";

describe("formatFen", () => {
  it.each([
    [0, "¥0.00"],
    [5, "¥0.05"],
    [1005, "¥10.05"],
    [29900, "¥299.00"],
    [123450, "¥1,234.50"],
    [100_000_000_01, "¥100,000,000.01"],
    [-250, "-¥2.50"],
  ])("%i fen → %s in zh-CN", (fen, shown) => {
    expect(formatFen(fen, "zh-CN")).toBe(shown);
  });

  it("uses the reader's locale and refuses what is not a whole number of fen", () => {
    expect(formatFen(129990, "en")).toBe("CN¥1,299.90");
    expect(formatFen(-1, "en")).toBe("-CN¥0.01");
    expect(() => formatFen(1.5, "zh-CN")).toThrow(RangeError);
  });
});
