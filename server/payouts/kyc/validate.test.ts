/** DOMAIN.md §5 vectors: GB 11643 resident ID numbers and Luhn, plus the other identity fields. */
import { describe, expect, it } from "vitest";
import { checkBankCard, checkIdNumber, idCheckCharacter, luhnOk, normalizeAlipayAccount, normalizeMobile, normalizeRealName } from "./validate";

describe("resident ID (GB 11643)", () => {
  it("accepts the DOMAIN.md valid vectors, with their birth dates", () => {
    expect(checkIdNumber("11010519491231002X")).toEqual({ ok: true, idNumber: "11010519491231002X", birthDate: "1949-12-31" });
    expect(checkIdNumber("440524188001010014")).toEqual({ ok: true, idNumber: "440524188001010014", birthDate: "1880-01-01" });
  });

  it("refuses the DOMAIN.md invalid vector on its checksum", () => {
    expect(checkIdNumber("110105194912310021")).toEqual({ ok: false, problem: "checksum" });
    expect(idCheckCharacter("11010519491231002")).toBe("X");
  });

  it("normalises a lower-case x and spaces", () => {
    expect(checkIdNumber(" 110105 19491231 002x ")).toMatchObject({ ok: true, idNumber: "11010519491231002X" });
  });

  it("refuses an impossible or future birth date even with a correct check character", () => {
    const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
    expect(checkIdNumber(withCheck("11010519490230002"))).toEqual({ ok: false, problem: "birthDate" }); // 30 February
    expect(checkIdNumber(withCheck("11010519491301002"))).toEqual({ ok: false, problem: "birthDate" }); // month 13
    expect(checkIdNumber(withCheck("11010520230229002"))).toEqual({ ok: false, problem: "birthDate" }); // 2023 not leap
    expect(checkIdNumber(withCheck("11010520240229002"))).toMatchObject({ ok: true, birthDate: "2024-02-29" });
    expect(checkIdNumber(withCheck("11010520261203002"), "2026-12-02")).toEqual({ ok: false, problem: "birthDate" });
    expect(checkIdNumber(withCheck("11010520261202002"), "2026-12-02")).toMatchObject({ ok: true });
  });

  it("refuses the wrong shape", () => {
    for (const bad of ["", "1101051949123100", "1101051949123100XX", "X10105194912310021", "11010519491231002Y", "110105194912310０2X"])
      expect(checkIdNumber(bad)).toEqual({ ok: false, problem: "format" });
  });
});

describe("bank card (Luhn warns, does not block)", () => {
  it("DOMAIN.md vectors", () => {
    expect(luhnOk("4111111111111111")).toBe(true);
    expect(luhnOk("79927398710")).toBe(false);
    expect(luhnOk("79927398713")).toBe(true);
  });

  it("a card failing Luhn is still accepted, flagged", () => {
    expect(checkBankCard("4111 1111 1111 1111")).toEqual({ ok: true, card: "4111111111111111", luhnOk: true });
    expect(checkBankCard("6222-0212-3456-7890-13")).toEqual({ ok: true, card: "622202123456789013", luhnOk: false });
  });

  it("refuses what is not 12–19 digits", () => {
    for (const bad of ["", "12345678901", "12345678901234567890", "4111a11111111111"]) expect(checkBankCard(bad)).toEqual({ ok: false, problem: "format" });
  });
});

describe("other fields", () => {
  it("mobile numbers", () => {
    expect(normalizeMobile("138 0013 8000")).toBe("13800138000");
    expect(normalizeMobile("+8613800138000")).toBe("13800138000");
    expect(normalizeMobile("12800138000")).toBeNull();
    expect(normalizeMobile("1380013800")).toBeNull();
  });

  it("real names", () => {
    expect(normalizeRealName(" 张三 ")).toBe("张三");
    expect(normalizeRealName("阿依古丽•买买提")).toBe("阿依古丽·买买提");
    expect(normalizeRealName("John Smith")).toBe("John Smith");
    expect(normalizeRealName("张")).toBeNull();
    expect(normalizeRealName("张3")).toBeNull();
  });

  it("Alipay accounts: a mobile or an email", () => {
    expect(normalizeAlipayAccount("13800138000")).toBe("13800138000");
    expect(normalizeAlipayAccount("Zhang@Example.com")).toBe("zhang@example.com");
    expect(normalizeAlipayAccount("zhang")).toBeNull();
  });
});
