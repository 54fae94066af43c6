import { describe, expect, it } from "vitest";
import { isMainlandMobile, maskPhone, normalisePhone, phoneHash } from "./phone";

describe("normalisePhone", () => {
  it.each([
    ["13800138000", "13800138000"],
    ["+86 138 0013 8000", "13800138000"],
    ["+8613800138000", "13800138000"],
    ["8613800138000", "13800138000"],
    [" 199-0000-1111 ", "19900001111"],
  ])("accepts %j", (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    "",
    "1380013800",
    "138001380001",
    "12800138000",
    "23800138000",
    "+1 13800138000",
    "1380013800a",
  ])("rejects %j", (input) => {
    expect(normalisePhone(input)).toBeNull();
    expect(isMainlandMobile(input)).toBe(false);
  });
});

describe("maskPhone", () => {
  it("keeps the first three and last four digits", () => {
    expect(maskPhone("13800138000")).toBe("138****8000");
    expect(maskPhone("+86 138 0013 8000")).toBe("138****8000");
  });
});

describe("phoneHash", () => {
  it("is the same for every spelling of a number and hides the number", () => {
    const h = phoneHash("13800138000");
    expect(phoneHash("+86 138-0013-8000")).toBe(h);
    expect(h).not.toContain("13800138000");
    expect(phoneHash("13800138001")).not.toBe(h);
  });
});
