import { TZDate } from "@date-fns/tz";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellTime, parseWallClock, shanghaiIso } from "./times";

describe("parseWallClock", () => {
  it.each([
    ["2025-11-11 00:03:12", "2025-11-11T00:03:12+08:00"],
    ["2025/11/11 0:03", "2025-11-11T00:03:00+08:00"],
    ["2025-11-11T23:59:59", "2025-11-11T23:59:59+08:00"],
    ["2025年11月11日 08:00:00", "2025-11-11T08:00:00+08:00"],
    ["2025-11-11", "2025-11-11T00:00:00+08:00"],
    ["2025.1.5 9:05:07", "2025-01-05T09:05:07+08:00"],
    ["２０２５-１１-１１ ００:０３:１２", "2025-11-11T00:03:12+08:00"],
  ])("%s → %s", (text, iso) => {
    expect(parseWallClock(text)).toEqual({ ok: true, iso });
  });

  it("agrees with TZDate for any wall-clock time, daylight-saving years included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1980, max: 2040 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        (y, mo, d, h, mi, s) => {
          const expected = new TZDate(y, mo - 1, d, h, mi, s, "Asia/Shanghai")
            .toISOString()
            .replace(".000", "");
          expect(shanghaiIso(y, mo, d, h, mi, s)).toBe(expected);
        },
      ),
    );
    // 1988-04-10 02:30 did not exist (clocks went 02:00 → 03:00); TZDate's answer is kept.
    expect(shanghaiIso(1988, 4, 10, 2, 30)).toBe(
      new TZDate(1988, 3, 10, 2, 30, 0, "Asia/Shanghai").toISOString().replace(".000", ""),
    );
  });

  it("is the absolute instant eight hours ahead of UTC", () => {
    const r = parseWallClock("2025-11-11 00:03:12");
    expect(r.ok && new Date(r.iso).toISOString()).toBe("2025-11-10T16:03:12.000Z");
  });

  it.each(["2025-02-30 10:00:00", "2025-13-01", "2025-11-11 24:00:00", "11/11/2025", "yesterday"])(
    "refuses %s",
    (text) => {
      expect(parseWallClock(text)).toEqual({ ok: false });
    },
  );
});

describe("cellTime", () => {
  it("reads XLSX dates by their wall-clock fields and serials as Excel days", () => {
    expect(cellTime(new Date(Date.UTC(2025, 10, 11, 0, 3, 12)))).toEqual({
      ok: true,
      iso: "2025-11-11T00:03:12+08:00",
    });
    // 45972 = 2025-11-11 in Excel's calendar; .5 is noon.
    expect(cellTime(45972.5)).toEqual({ ok: true, iso: "2025-11-11T12:00:00+08:00" });
    expect(cellTime(123456789012)).toEqual({ ok: false });
  });

  it("treats blanks and the zero date as absent", () => {
    expect(cellTime("")).toBeNull();
    expect(cellTime(null)).toBeNull();
    expect(cellTime("-")).toBeNull();
    expect(cellTime("0000-00-00 00:00:00")).toBeNull();
  });
});
