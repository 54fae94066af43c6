import { describe, expect, it } from "vitest";
import { formatFen } from "./format";

describe("formatFen", () => {
  it.each([
    [0, "¥0.00"],
    [5, "¥0.05"],
    [1005, "¥10.05"],
    [29900, "¥299.00"],
    [123450, "¥1,234.50"],
    [100_000_000_01, "¥100,000,000.01"],
    [-250, "-¥2.50"],
  ])("%i fen → %s", (fen, shown) => {
    expect(formatFen(fen)).toBe(shown);
  });
});
