import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandScientific, parseCode, parseOrderId } from "./order-id";

describe("parseOrderId", () => {
  it.each([
    ["123456789012345678", "123456789012345678"],
    ["'123456789012345678", "123456789012345678"],
    ['="123456789012345678"', "123456789012345678"],
    ["\t4987654321098765432\t", "4987654321098765432"],
    ["１２３４５６７８９０１２", "123456789012"],
    ["251111-098765432101234", "251111-098765432101234"],
    ["1.23456789012345678E+17", "123456789012345678"],
    ["1.2E+01", "12"],
  ])("%j → %s", (cell, id) => {
    expect(parseOrderId(cell)).toEqual({ ok: true, value: id });
  });

  it("reports scientific notation that lost digits instead of padding it", () => {
    expect(parseOrderId("1E+05")).toEqual({ ok: false, key: "scientific", value: "1E+05" });
    expect(parseOrderId("1.23457E+17")).toEqual({
      ok: false,
      key: "scientific",
      value: "1.23457E+17",
    });
    expect(parseOrderId("1.23456789012346E+17")).toEqual({
      ok: false,
      key: "scientific",
      value: "1.23456789012346E+17",
    });
  });

  it("keeps XLSX integers up to 2^53 − 1 and reports larger ones as lost", () => {
    expect(parseOrderId(11729384072)).toEqual({ ok: true, value: "11729384072" });
    expect(parseOrderId(9007199254740991)).toEqual({ ok: true, value: "9007199254740991" });
    expect(parseOrderId(123456789012345678)).toEqual({
      ok: false,
      key: "precisionLost",
      value: "123456789012345680",
    });
    expect(parseOrderId(12.5)).toEqual({ ok: false, key: "invalid", value: "12.5" });
  });

  it("refuses blanks and text that is not an order number", () => {
    expect(parseOrderId("")).toEqual({ ok: false, key: "missing", value: "" });
    expect(parseOrderId(null)).toEqual({ ok: false, key: "missing", value: "" });
    expect(parseOrderId("订单 123")).toEqual({ ok: false, key: "invalid", value: "订单 123" });
  });
});

describe("expandScientific", () => {
  it("round-trips any integer written with all its digits", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n, max: 10n ** 25n }), (n) => {
        const digits = n.toString();
        const text = `${digits[0]}.${digits.slice(1)}E+${String(digits.length - 1).padStart(2, "0")}`;
        expect(expandScientific(text)).toBe(digits);
      }),
    );
  });

  it("gives up on any mantissa shorter than the number", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 10n, max: 10n ** 20n }),
        fc.integer({ min: 1, max: 9 }),
        (n, cut) => {
          const digits = n.toString();
          const kept = digits.slice(1, digits.length - 1 - cut);
          expect(expandScientific(`${digits[0]}.${kept}E+${digits.length - 1}`)).toBeNull();
        },
      ),
    );
  });
});

describe("parseCode", () => {
  it("keeps SKU text but normalises width and spaces", () => {
    expect(parseCode(" ＡＢ-００１  红色 ")).toEqual({ ok: true, value: "AB-001 红色" });
    expect(parseCode("6.9012345E+12")).toEqual({
      ok: false,
      key: "scientific",
      value: "6.9012345E+12",
    });
    expect(parseCode("12E3")).toEqual({ ok: true, value: "12E3" });
  });
});
