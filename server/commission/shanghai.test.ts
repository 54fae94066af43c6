import { TZDate } from "@date-fns/tz";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_HOURS, hourMask, shanghaiHour } from "./shanghai";

describe("shanghaiHour", () => {
  it("is the hour on a Shanghai wall clock (UTC+8)", () => {
    expect(shanghaiHour(Date.parse("2025-11-10T13:59:59.999Z"))).toBe(21);
    expect(shanghaiHour(Date.parse("2025-11-10T14:00:00Z"))).toBe(22);
    expect(shanghaiHour(Date.parse("2025-11-10T16:00:00Z"))).toBe(0);
    expect(shanghaiHour(Date.parse("1960-01-01T00:00:00Z"))).toBe(8);
  });

  it("agrees with the tz database's Asia/Shanghai for any instant since 1992 (property)", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1992-01-01T00:00:00Z"),
          max: new Date("2100-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        (d) => {
          expect(shanghaiHour(d.getTime())).toBe(
            new TZDate(d.getTime(), "Asia/Shanghai").getHours(),
          );
        },
      ),
    );
  });
});

describe("hourMask", () => {
  const hoursIn = (mask: number) =>
    Array.from({ length: 24 }, (_, h) => h).filter((h) => (mask & (1 << h)) !== 0);

  it("is [from, to), wrapping past midnight when from > to", () => {
    expect(hoursIn(hourMask({ from: 9, to: 12 }))).toEqual([9, 10, 11]);
    expect(hoursIn(hourMask({ from: 22, to: 2 }))).toEqual([0, 1, 22, 23]);
    expect(hoursIn(hourMask({ from: 0, to: 24 }))).toHaveLength(24);
    expect(hoursIn(hourMask({ from: 23, to: 24 }))).toEqual([23]);
    expect(hourMask({ from: 5, to: 5 })).toBe(0);
    expect(hourMask(undefined)).toBe(ALL_HOURS);
    expect(hoursIn(ALL_HOURS)).toHaveLength(24);
  });

  it("refuses hours outside the day", () => {
    expect(() => hourMask({ from: 24, to: 2 })).toThrow(RangeError);
    expect(() => hourMask({ from: 0, to: 0 })).toThrow(RangeError);
    expect(() => hourMask({ from: 1.5, to: 3 })).toThrow(RangeError);
  });
});
