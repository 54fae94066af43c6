import { describe, expect, it } from "vitest";
import { detectionDue } from "./schedule";

describe("detectionDue", () => {
  it("runs once per Shanghai day, from 02:00 Shanghai", () => {
    // 2026-12-02 17:59 UTC = 03 Dec 01:59 Shanghai: too early for the 3rd; the 2nd already ran.
    expect(detectionDue(new Date("2026-12-02T17:59:00Z"), "2026-12-02")).toBeNull();
    expect(detectionDue(new Date("2026-12-02T18:00:00Z"), "2026-12-02")).toBe("2026-12-03");
    expect(detectionDue(new Date("2026-12-03T09:00:00Z"), "2026-12-03")).toBeNull();
    // A process started in the afternoon runs it on its first sweep.
    expect(detectionDue(new Date("2026-12-03T06:00:00Z"), null)).toBe("2026-12-03");
  });
});
