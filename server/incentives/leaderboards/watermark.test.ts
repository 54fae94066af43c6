/** The folds read order events by id range: a uuidv7 made at or after T sorts at or after uuidv7Floor(T). */
import { describe, expect, it } from "vitest";
import { uuidv7 } from "uuidv7";
import { uuidv7Floor } from "./watermark";

describe("uuidv7Floor", () => {
  it("sorts below every id made from that millisecond on, above every id made before it", () => {
    const before = uuidv7();
    const at = new Date(Date.now() + 2);
    while (Date.now() < at.getTime()) {
      // wait for the clock to pass `at`
    }
    const after = uuidv7();
    const floor = uuidv7Floor(at);
    // Postgres compares uuids bytewise, which for lower-case hex is string order.
    expect(before < floor).toBe(true);
    expect(floor <= after).toBe(true);
    expect(uuidv7Floor(new Date(0))).toBe("00000000-0000-0000-0000-000000000000");
  });
});
