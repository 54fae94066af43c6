import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fenToYuan, MAX_PRICE_FEN, yuanToFen } from "./price";

describe("yuan ⇄ fen", () => {
  it("round-trips every fen amount through its yuan string", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PRICE_FEN }), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen);
      }),
      { numRuns: 2000 },
    );
  });

  it("parses what people type without float error", () => {
    expect(yuanToFen("0.1")).toBe(10);
    expect(yuanToFen("0.29")).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(yuanToFen("12")).toBe(1200);
    expect(yuanToFen("12.")).toBe(1200);
    expect(yuanToFen(" ¥1,299.90 ")).toBe(129990);
    expect(yuanToFen("￥8.2")).toBe(820);
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(0)).toBe("0.00");
    expect(fenToYuan(129990)).toBe("1299.90");
  });

  it("refuses what is not a price", () => {
    for (const bad of [
      "",
      "abc",
      "-1",
      "1.234",
      ".5",
      "1e3",
      "1,2",
      "12 34",
      "NaN",
      "10000000000.01",
    ]) {
      expect(yuanToFen(bad), bad).toBeNull();
    }
    expect(() => fenToYuan(-1)).toThrow(RangeError);
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
  });
});
