import { describe, expect, it } from "vitest";
import { seal, unseal } from "./seal";

describe("seal", () => {
  it("opens what it sealed, for the same purpose only", () => {
    const s = seal("13800138000", "member.phone");
    expect(s).not.toContain("13800138000");
    expect(unseal(s, "member.phone")).toBe("13800138000");
    expect(unseal(s, "other")).toBeNull();
  });

  it("refuses a tampered value", () => {
    const s = seal("13800138000", "member.phone").split(".");
    s[2] = Buffer.from("13900139000").toString("base64url");
    expect(unseal(s.join("."), "member.phone")).toBeNull();
    expect(unseal("garbage", "member.phone")).toBeNull();
  });
});
