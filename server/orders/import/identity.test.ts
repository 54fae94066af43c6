import { describe, expect, it } from "vitest";
import { cellAccount, cellPhone, cellReferral, referralFromText } from "./identity";

describe("cellPhone", () => {
  it("accepts mainland mobiles in the shapes exports write them", () => {
    expect(cellPhone("13812345678")).toEqual({ kind: "phone", value: "13812345678" });
    expect(cellPhone("'13812345678")).toEqual({ kind: "phone", value: "13812345678" });
    expect(cellPhone("+86 138-1234-5678")).toEqual({ kind: "phone", value: "13812345678" });
    expect(cellPhone(13812345678)).toEqual({ kind: "phone", value: "13812345678" });
  });

  it("never takes a masked or malformed number as an identity", () => {
    expect(cellPhone("138****0000")).toEqual({ kind: "masked" });
    expect(cellPhone("138＊＊＊＊0000")).toEqual({ kind: "masked" });
    expect(cellPhone("0571-88888888")).toEqual({ kind: "invalid", value: "0571-88888888" });
    expect(cellPhone("")).toBeNull();
  });
});

describe("cellAccount", () => {
  it("keeps names and drops masked ones", () => {
    expect(cellAccount(" tb_lucy2024 ")).toBe("tb_lucy2024");
    expect(cellAccount("t**1")).toBeNull();
    expect(cellAccount("-")).toBeNull();
  });
});

describe("referralFromText", () => {
  it.each([
    ["请尽快发货 fx:abc234", "ABC234"],
    ["fx：K7M9PQ 谢谢", "K7M9PQ"],
    ["推荐码ABC234", "ABC234"],
    ["邀请码： xyz789", "XYZ789"],
    ["推荐码：ＡＢＣ２３４", "ABC234"],
  ])("%s → %s", (text, code) => {
    expect(referralFromText(text)).toBe(code);
  });

  it("finds nothing in ordinary remarks, and honours a brand's own pattern", () => {
    expect(referralFromText("送货前电话联系")).toBeNull();
    expect(referralFromText("prefix fx is not a code")).toBeNull();
    expect(referralFromText("来自 #D-77AB", /#D-(\w+)/)).toBe("77AB");
  });
});

describe("cellReferral", () => {
  it("upper-cases a column's code and treats blanks as none", () => {
    expect(cellReferral(" abc234 ")).toBe("ABC234");
    expect(cellReferral("")).toBeNull();
  });
});
