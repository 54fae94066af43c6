import { describe, expect, it } from "vitest";
import { pickLocale } from "./config";

describe("pickLocale", () => {
  it("prefers the chosen locale, then an English browser, else zh-CN", () => {
    expect(pickLocale("en", "zh-CN,zh")).toBe("en");
    expect(pickLocale("zh-CN", "en-GB,en")).toBe("zh-CN");
    expect(pickLocale(undefined, "en-GB,en;q=0.9")).toBe("en");
    expect(pickLocale("fr", " en")).toBe("en");
    expect(pickLocale(null, "zh-CN,en;q=0.8")).toBe("zh-CN");
    expect(pickLocale(null, "english-ish")).toBe("zh-CN");
    expect(pickLocale(null, null)).toBe("zh-CN");
  });
});
