import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { childPath, depthOf, movedPath, pathIds, uplinesOf, wouldLoop } from "./tree-path";

describe("tree paths", () => {
  it("build and read chains", () => {
    const a = childPath(null, "a");
    const b = childPath(a, "b");
    const c = childPath(b, "c");
    const d = childPath(c, "d");
    expect(d).toBe("/a/b/c/d/");
    expect(pathIds(d)).toEqual(["a", "b", "c", "d"]);
    expect(uplinesOf(d, 2)).toEqual(["c", "b"]);
    expect(uplinesOf(a, 2)).toEqual([]);
    expect(depthOf(d)).toBe(3);
  });

  it("refuse self-parenting and any move under one's own subtree (four-deep chain)", () => {
    const a = "/a/";
    const b = "/a/b/";
    const c = "/a/b/c/";
    const d = "/a/b/c/d/";
    expect(wouldLoop(a, a)).toBe(true);
    expect(wouldLoop(a, d)).toBe(true);
    expect(wouldLoop(b, c)).toBe(true);
    expect(wouldLoop(d, a)).toBe(false);
    expect(wouldLoop(c, null)).toBe(false);
  });

  it("never mistakes a sibling with a shared id prefix for a descendant", () => {
    expect(wouldLoop("/a/b/", "/a/bb/")).toBe(false);
  });

  it("moving a subtree keeps every node's relative position (property)", () => {
    const id = fc.stringMatching(/^[a-f0-9]{4}$/);
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 6 }), fc.array(id, { maxLength: 4 }), fc.array(id, { maxLength: 6 }), (root, tail, target) => {
        const oldRoot = `/${root.join("/")}/`;
        const path = `${oldRoot}${tail.map((x) => `${x}/`).join("")}`;
        const newRoot = `/${[...target, root.at(-1)!].join("/")}/`;
        const moved = movedPath(path, oldRoot, newRoot);
        expect(pathIds(moved).slice(-tail.length - 1)).toEqual([root.at(-1), ...tail]);
        expect(depthOf(moved) - depthOf(newRoot)).toBe(depthOf(path) - depthOf(oldRoot));
      }),
    );
  });
});
