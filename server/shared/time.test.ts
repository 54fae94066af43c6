import { describe, expect, it } from "vitest";
import { shanghaiIso, shanghaiIsoOrNull } from "./time";

describe("shanghaiIso", () => {
  it("shows an instant on the Shanghai clock with its offset, and parses back to the same instant", () => {
    const d = new Date("2026-11-10T16:03:12.000Z");
    expect(shanghaiIso(d)).toBe("2026-11-11T00:03:12.000+08:00");
    expect(new Date(shanghaiIso(d)).getTime()).toBe(d.getTime());
    expect(shanghaiIsoOrNull(null)).toBeNull();
  });
});
