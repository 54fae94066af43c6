import { describe, expect, it } from "vitest";
import { safeNextPath, signInHref } from "./safe-next";

describe("safeNextPath", () => {
  it("keeps paths inside the brand's portal, with query and hash", () => {
    expect(safeNextPath("hoobang", "/d/hoobang")).toBe("/d/hoobang");
    expect(safeNextPath("hoobang", "/d/hoobang/apply?inviter=AB12CD")).toBe(
      "/d/hoobang/apply?inviter=AB12CD",
    );
    expect(safeNextPath("hoobang", "/d/hoobang/team#top")).toBe("/d/hoobang/team#top");
  });

  it.each([
    null,
    undefined,
    "",
    "https://evil.example/d/hoobang",
    "//evil.example/d/hoobang",
    "/\\evil.example",
    "/d/hoobang\\..\\..\\evil",
    "/d/other/apply",
    "/d/hoobangx",
    "/d/hoobang/../other",
    "/d/hoobang/%2e%2e/other",
    "/d/hoobang//evil.example",
    "/d/hoobang/signin",
    "javascript:alert(1)",
    "/d/hoobang/\u0000",
    `/d/hoobang/${"a".repeat(600)}`,
  ])("refuses %j", (next) => {
    expect(safeNextPath("hoobang", next)).toBeNull();
  });

  it("round-trips through the sign-in link", () => {
    const href = signInHref("hoobang", "/d/hoobang/apply?inviter=AB12CD");
    const next = new URL(href, "http://x.test").searchParams.get("next");
    expect(safeNextPath("hoobang", next)).toBe("/d/hoobang/apply?inviter=AB12CD");
  });
});
