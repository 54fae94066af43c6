/**
 * Test files share their worker's modules (vitest.config.ts): a file that replaces a module or
 * the environment must be listed there to get a module graph of its own, or its mock would
 * silently not apply (the module is already loaded) or leak into the next file.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ISOLATED } from "../../vitest.config";

const REPLACES = /\bvi\.(mock|doMock|stubEnv|stubGlobal)\(/;

describe("test isolation list", () => {
  it("names every test file that mocks a module or stubs the environment, and only those", () => {
    const files = execFileSync("git", ["ls-files", "*.test.ts"], { encoding: "utf8" })
      .split("\n")
      .filter((f) => f && !f.startsWith("e2e/") && fs.existsSync(f));
    const replacing = files.filter((f) => REPLACES.test(fs.readFileSync(f, "utf8")));
    expect(replacing.length).toBeGreaterThan(0);
    expect([...ISOLATED].sort()).toEqual(replacing.sort());
  });
});
