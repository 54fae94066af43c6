import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMessages } from "./messages";

const DIR = path.join(import.meta.dirname, "messages");

function keys(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

const read = (locale: string, file: string) =>
  JSON.parse(readFileSync(path.join(DIR, locale, file), "utf8")) as unknown;

describe("message catalogues", () => {
  it("have the same files and the same keys in zh-CN and en", () => {
    const files = readdirSync(path.join(DIR, "zh-CN")).sort();
    expect(readdirSync(path.join(DIR, "en")).sort()).toEqual(files);
    for (const file of files) {
      expect(keys(read("en", file)).sort(), file).toEqual(keys(read("zh-CN", file)).sort());
    }
  });

  it("registers every catalogue file as a namespace, so no text is shipped without its messages", async () => {
    const files = readdirSync(path.join(DIR, "zh-CN")).map((f) => f.replace(/\.json$/, "")).sort();
    expect(Object.keys(await loadMessages("en")).sort()).toEqual(files);
  });

  it("keeps each file's text at its top level: the file name is already the namespace", () => {
    // A file wrapped in its own name ({"payouts": {...}}) would be read as payouts.payouts.*, and
    // every useTranslations("payouts.…") would render raw keys.
    for (const file of readdirSync(path.join(DIR, "en"))) {
      const ns = file.replace(/\.json$/, "");
      expect(Object.keys(read("en", file) as object), file).not.toEqual([ns]);
    }
  });
});
