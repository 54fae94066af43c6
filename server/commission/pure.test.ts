import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** The engine's files and everything they import at runtime, followed from engine.ts. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = fs.readFileSync(file, "utf8");
  // `import type` and `export type` vanish at compile time; everything else is loaded.
  for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gms)) {
    const spec = m[1]!;
    const resolved = spec.startsWith("@/")
      ? path.resolve(spec.slice(2))
      : spec.startsWith(".")
        ? path.resolve(path.dirname(file), spec)
        : spec;
    if (!resolved.startsWith("/")) seen.add(resolved);
    else if (fs.existsSync(`${resolved}.ts`)) runtimeImports(`${resolved}.ts`, seen);
    else runtimeImports(`${resolved}/index.ts`, seen);
  }
  return seen;
}

describe("the engine is pure", () => {
  it("loads no database, network or server-only code at runtime", () => {
    const loaded = [...runtimeImports(path.resolve("server/commission/engine.ts"))].map((f) =>
      path.relative(process.cwd(), f),
    );
    expect(loaded).toContain("server/commission/select.ts");
    expect(loaded.filter((f) => /^db\/|drizzle|postgres|pglite|node:/.test(f))).toEqual([]);
  });
});
