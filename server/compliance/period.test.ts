/** Report periods: Shanghai months and day ranges as instants, and what is refused. */
import { describe, expect, it } from "vitest";
import { periodFromQuery, resolvePeriod } from "./period";

describe("report periods", () => {
  it("a month runs from Shanghai midnight on the 1st to the next month's (16:00 UTC the day before)", () => {
    const p = resolvePeriod({ month: "2025-03" });
    expect(p).toEqual({ label: "2025-03", start: new Date("2025-02-28T16:00:00Z"), end: new Date("2025-03-31T16:00:00Z") });
    expect(resolvePeriod({ month: "2024-12" }).end).toEqual(new Date("2024-12-31T16:00:00Z"));
  });

  it("a range includes both days on the Shanghai clock", () => {
    expect(resolvePeriod({ from: "2025-03-01", to: "2025-03-01" })).toEqual({
      label: "2025-03-01..2025-03-01",
      start: new Date("2025-02-28T16:00:00Z"),
      end: new Date("2025-03-01T16:00:00Z"),
    });
    // 2024 is a leap year: 29 February exists.
    expect(resolvePeriod({ from: "2024-02-29", to: "2024-03-01" }).end).toEqual(new Date("2024-03-01T16:00:00Z"));
  });

  it("refuses a day that does not exist, a reversed range and one over 366 days", () => {
    expect(() => resolvePeriod({ from: "2025-02-29", to: "2025-03-01" })).toThrow(RangeError);
    expect(() => resolvePeriod({ from: "2025-03-02", to: "2025-03-01" })).toThrow(RangeError);
    expect(() => resolvePeriod({ from: "2024-01-01", to: "2025-01-01" })).toThrow(RangeError);
    expect(resolvePeriod({ from: "2024-01-01", to: "2024-12-31" }).label).toBe("2024-01-01..2024-12-31");
  });

  it("reads a period from a query string, or nothing", () => {
    expect(periodFromQuery(new URLSearchParams("month=2025-03"))?.label).toBe("2025-03");
    expect(periodFromQuery(new URLSearchParams("from=2025-03-01&to=2025-03-15"))?.label).toBe("2025-03-01..2025-03-15");
    expect(periodFromQuery(new URLSearchParams("month=2025-3"))).toBeNull();
    expect(periodFromQuery(new URLSearchParams("from=2025-03-01"))).toBeNull();
    expect(periodFromQuery(new URLSearchParams("from=2025-04-01&to=2025-03-01"))).toBeNull();
    expect(periodFromQuery(new URLSearchParams(""))).toBeNull();
  });
});
