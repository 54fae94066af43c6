import { describe, expect, it } from "vitest";
import { layoutGraph } from "./graph-layout";

describe("layoutGraph", () => {
  it("centres the profile's distributor, keeps every node inside the drawing and is stable", () => {
    const nodes = [
      { id: "b2", kind: "buyer" as const, self: false },
      { id: "self", kind: "distributor" as const, self: true },
      { id: "d1", kind: "distributor" as const, self: false },
      { id: "b1", kind: "buyer" as const, self: false },
    ];
    const a = layoutGraph(nodes, 400);
    expect(a.find((n) => n.self)).toMatchObject({ x: 200, y: 200 });
    for (const n of a) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x).toBeLessThanOrEqual(400);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeLessThanOrEqual(400);
    }
    const b = layoutGraph([...nodes].reverse(), 400);
    const pos = (l: typeof a) => Object.fromEntries(l.map((n) => [n.id, [n.x, n.y]]));
    expect(pos(b)).toEqual(pos(a));
    // Distinct places for distinct nodes.
    expect(new Set(a.map((n) => `${n.x},${n.y}`)).size).toBe(4);
  });
});
