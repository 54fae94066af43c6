/** The fingerprint: the same figures in any key order hash the same; any changed figure does not. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, fingerprintOf } from "./fingerprint";

describe("report fingerprint", () => {
  it("does not depend on key order, and changes with any value", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => k !== "__proto__"), fc.oneof(fc.integer(), fc.string(), fc.boolean()), { minKeys: 1 }), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(fingerprintOf({ a: reversed })).toBe(fingerprintOf({ a: obj }));
        const [k, v] = Object.entries(obj)[0]!;
        const changed = { ...obj, [k]: typeof v === "number" ? v + 1 : typeof v === "boolean" ? !v : `${v}x` };
        expect(fingerprintOf({ a: changed })).not.toBe(fingerprintOf({ a: obj }));
      }),
    );
  });

  it("keeps array order and writes plain JSON", () => {
    expect(canonicalJson({ b: [2, 1], a: { d: null, c: "x" } })).toBe('{"a":{"c":"x","d":null},"b":[2,1]}');
    expect(fingerprintOf([1, 2])).not.toBe(fingerprintOf([2, 1]));
    expect(fingerprintOf({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
