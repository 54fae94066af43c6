import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateFen, cellFen, multiplyFen, parseFen } from "./money";

describe("parseFen", () => {
  it.each([
    ["1,234.50", 123450],
    ["¥12.3", 1230],
    ["￥0.29", 29],
    ["12", 1200],
    ["12.00", 1200],
    ["12.300", 1230],
    ["１２.３０元", 1230],
    ["1，234.5", 123450],
    [" 99.9 ", 9990],
    ["0", 0],
    ["1,000,000", 100000000],
  ])("%s → %i fen", (text, fen) => {
    expect(parseFen(text)).toEqual({ ok: true, fen });
  });

  it.each([
    ["12.345", "amount.tooPrecise"],
    ["0.001", "amount.tooPrecise"],
    ["-5.00", "amount.negative"],
    ["12,34", "amount.invalid"],
    ["1.2E+3", "amount.invalid"],
    ["abc", "amount.invalid"],
    ["12.", "amount.invalid"],
    ["1.2.3", "amount.invalid"],
    ["", "amount.invalid"],
    ["99999999999999999", "amount.tooLarge"],
  ])("%s → %s", (text, key) => {
    expect(parseFen(text)).toEqual({ ok: false, key });
  });

  it("reads any fen amount back from its yuan text, grouped or not, with or without ¥", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(0, 1, 2),
        (fen, grouped, yen, places) => {
          // Drop trailing fraction zeros only when the amount allows it (12.30 → 12.3 → 12).
          const whole = (fen / 100n).toString();
          const frac = (fen % 100n).toString().padStart(2, "0");
          const shown =
            places === 2 || frac.slice(places) !== "0".repeat(2 - places)
              ? frac
              : frac.slice(0, places);
          const intPart = grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : whole;
          const text = `${yen ? "¥" : ""}${intPart}${shown ? `.${shown}` : ""}`;
          expect(parseFen(text)).toEqual({ ok: true, fen: Number(fen) });
        },
      ),
    );
  });

  it("refuses any amount with a non-zero third decimal", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10 ** 9 }),
        fc.stringMatching(/^\d{2}[1-9]\d{0,3}$/),
        (yuan, frac) => {
          expect(parseFen(`${yuan}.${frac}`)).toEqual({ ok: false, key: "amount.tooPrecise" });
        },
      ),
    );
  });
});

describe("cellFen", () => {
  it("reads XLSX numbers by their shortest text and treats blanks as absent", () => {
    expect(cellFen(12.3)).toEqual({ ok: true, fen: 1230 });
    expect(cellFen(1234)).toEqual({ ok: true, fen: 123400 });
    expect(cellFen(0.1 + 0.2)).toEqual({ ok: false, key: "amount.tooPrecise" });
    expect(cellFen("")).toBeNull();
    expect(cellFen("-")).toBeNull();
    expect(cellFen(null)).toBeNull();
    expect(cellFen("'12.50")).toEqual({ ok: true, fen: 1250 });
    expect(cellFen('="8.8"')).toEqual({ ok: true, fen: 880 });
  });
});

describe("multiplyFen", () => {
  it("multiplies exactly and refuses overflow", () => {
    expect(multiplyFen(1990, 3)).toBe(5970);
    expect(multiplyFen(Number.MAX_SAFE_INTEGER, 2)).toBeNull();
  });
});

describe("allocateFen", () => {
  it("splits in proportion and always sums to the total", () => {
    expect(allocateFen(1000, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(allocateFen(93245, [75800, 33900])).toEqual([64430, 28815]);
    expect(allocateFen(100, [1, 2])).toEqual([33, 67]);
    expect(allocateFen(10, [0, 0])).toEqual([5, 5]);
    fc.assert(
      fc.property(
        fc.nat({ max: 10 ** 9 }),
        fc.array(fc.nat({ max: 10 ** 7 }), { minLength: 1, maxLength: 8 }),
        (total, weights) => {
          const shares = allocateFen(total, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          expect(shares.every((s) => s >= 0)).toBe(true);
        },
      ),
    );
  });
});
