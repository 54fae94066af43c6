import { describe, expect, it } from "vitest";
import { shanghaiDayStart, shanghaiIso, shanghaiIsoOrNull, shanghaiWeekStart } from "./time";

describe("shanghaiIso", () => {
  it("shows an instant on the Shanghai clock with its offset, and parses back to the same instant", () => {
    const d = new Date("2026-11-10T16:03:12.000Z");
    expect(shanghaiIso(d)).toBe("2026-11-11T00:03:12.000+08:00");
    expect(new Date(shanghaiIso(d)).getTime()).toBe(d.getTime());
    expect(shanghaiIsoOrNull(null)).toBeNull();
  });
});

describe("shanghaiDayStart / shanghaiWeekStart", () => {
  it("start the day at Shanghai midnight and the week on Monday", () => {
    // Monday 2026-03-09 00:30 in Shanghai is still Sunday in UTC.
    const mondayEarly = new Date("2026-03-08T16:30:00Z");
    expect(shanghaiDayStart(mondayEarly).toISOString()).toBe("2026-03-08T16:00:00.000Z");
    expect(shanghaiWeekStart(mondayEarly).toISOString()).toBe("2026-03-08T16:00:00.000Z");
    // Sunday 2026-03-15 23:59 in Shanghai belongs to the week of the 9th.
    expect(shanghaiWeekStart(new Date("2026-03-15T15:59:00Z")).toISOString()).toBe("2026-03-08T16:00:00.000Z");
  });
});
