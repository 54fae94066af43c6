import { describe, expect, it } from "vitest";
import { findClusters, findRings, type Edge, type Link } from "./graph";

describe("findClusters", () => {
  it("joins members through chains of shared identifiers and keeps components of the minimum size", () => {
    const links: Link[] = [
      // a–b share a device, b–c an address, c–d a card: one component of four.
      { node: "a", kind: "device", value: "D1" },
      { node: "b", kind: "device", value: "D1" },
      { node: "b", kind: "address", value: "A1" },
      { node: "c", kind: "address", value: "A1" },
      { node: "c", kind: "card", value: "C1" },
      { node: "d", kind: "card", value: "C1" },
      // x–y share a phone: a pair, below the minimum.
      { node: "x", kind: "phone", value: "P1" },
      { node: "y", kind: "phone", value: "P1" },
      // Everyone else has their own device.
      ...["p", "q", "r", "s"].map((n) => ({ node: n, kind: "device" as const, value: `own-${n}` })),
    ];
    const clusters = findClusters(links, 3);
    expect(clusters).toEqual([
      {
        nodes: ["a", "b", "c", "d"],
        shared: [
          { kind: "address", value: "A1", nodes: 2 },
          { kind: "card", value: "C1", nodes: 2 },
          { kind: "device", value: "D1", nodes: 2 },
        ],
      },
    ]);
    expect(findClusters(links, 2).map((c) => c.nodes)).toEqual([["a", "b", "c", "d"], ["x", "y"]]);
  });

  it("finds a device farm of many buyers and is independent of link order", () => {
    const farm: Link[] = Array.from({ length: 12 }, (_, i) => ({ node: `buyer-${String(i).padStart(2, "0")}`, kind: "device" as const, value: "FARM" }));
    const noise: Link[] = Array.from({ length: 500 }, (_, i) => ({ node: `honest-${i}`, kind: "address" as const, value: `addr-${i}` }));
    const a = findClusters([...farm, ...noise], 3);
    const b = findClusters([...noise, ...farm].reverse(), 3);
    expect(a).toEqual(b);
    expect(a).toHaveLength(1);
    expect(a[0]!.nodes).toHaveLength(12);
  });
});

describe("findRings", () => {
  it("finds a 2-cycle and a 3-cycle, each with a shortest cycle as evidence", () => {
    const edges: Edge[] = [
      { from: "A", to: "B" },
      { from: "B", to: "A" },
      { from: "P", to: "Q" },
      { from: "Q", to: "R" },
      { from: "R", to: "P" },
      // A tail into the 3-cycle is not part of it.
      { from: "Z", to: "P" },
    ];
    expect(findRings(edges, 4)).toEqual([
      { nodes: ["A", "B"], cycle: ["A", "B"] },
      { nodes: ["P", "Q", "R"], cycle: ["P", "Q", "R"] },
    ]);
  });

  it("finds no ring in a large honest tree where members buy through their uplines only", () => {
    const edges: Edge[] = [];
    // 3,000 distributors, each with an upline: each buys through its upline (and itself, ignored).
    for (let i = 1; i < 3000; i++) {
      const upline = `d${Math.floor((i - 1) / 3)}`;
      edges.push({ from: `d${i}`, to: upline }, { from: `d${i}`, to: `d${i}` });
    }
    // A chain 20,000 long must not overflow the stack.
    for (let i = 0; i < 20_000; i++) edges.push({ from: `c${i}`, to: `c${i + 1}` });
    expect(findRings(edges, 4)).toEqual([]);
  });

  it("a cycle longer than the limit is not reported as a short ring", () => {
    const edges: Edge[] = ["a", "b", "c", "d", "e", "f"].map((n, i, all) => ({ from: n, to: all[(i + 1) % all.length]! }));
    expect(findRings(edges, 4)).toEqual([]);
    expect(findRings(edges, 6)).toEqual([{ nodes: ["a", "b", "c", "d", "e", "f"], cycle: ["a", "b", "c", "d", "e", "f"] }]);
  });
});
