import { describe, expect, it } from "vitest";
import { safeNextPath, safeSitePath, signInHref } from "./safe-next";

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

describe("safeSitePath", () => {
  it("keeps paths on this site, with query and hash", () => {
    expect(safeSitePath("/console")).toBe("/console");
    expect(safeSitePath("/console/distributors?status=applied#list")).toBe(
      "/console/distributors?status=applied#list",
    );
  });

  it.each([
    null,
    "",
    "https://evil.example/console",
    "//evil.example",
    "/\\evil.example",
    // Browsers drop tabs and newlines, which would leave "//evil.example".
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
  ])("refuses %j", (next) => {
    expect(safeSitePath(next)).toBeNull();
  });
});
