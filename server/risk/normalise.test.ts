/** Normalising risk identifiers: both sides of every comparison go through these. */
import { describe, expect, it } from "vitest";
import { normaliseAddress, normaliseIp, normaliseIpRange, normaliseListValue, sharedHash } from "./normalise";

const TENANT = "00000000-0000-7000-8000-000000000001";

describe("normaliseAddress", () => {
  it("spaces, punctuation and full-width digits do not matter", () => {
    const a = normaliseAddress("北京市 朝阳区 建国路８８号，Ｂ座 ３０１室");
    expect(a).toBe(normaliseAddress("北京市朝阳区建国路88号B座301室"));
    expect(a).toBe("北京朝阳区建国路88号b座301室");
  });

  it("the 省 / 市 suffixes are optional", () => {
    const full = normaliseAddress("浙江省杭州市西湖区文三路100号");
    expect(normaliseAddress("浙江杭州西湖区文三路100号")).toBe(full);
    expect(normaliseAddress("浙江省杭州西湖区文三路100号")).toBe(full);
    expect(full).toBe("浙江杭州西湖区文三路100号");
  });

  it("structured and one-line forms meet, and a street line that repeats the region counts once", () => {
    const structured = normaliseAddress({ province: "广东省", city: "深圳市", district: "南山区", detail: "广东省深圳市南山区科技园1栋" });
    expect(structured).toBe(normaliseAddress("广东深圳南山区科技园1栋"));
    expect(normaliseAddress({ province: "北京市", city: "北京市", district: "海淀区", detail: "中关村大街1号" })).toBe(
      normaliseAddress("北京海淀区中关村大街1号"),
    );
  });

  it("different streets, numbers or districts stay different", () => {
    expect(normaliseAddress("浙江省杭州市西湖区文三路100号")).not.toBe(normaliseAddress("浙江省杭州市西湖区文三路101号"));
    expect(normaliseAddress("浙江省杭州市西湖区文三路100号")).not.toBe(normaliseAddress("浙江省杭州市上城区文三路100号"));
    // 市 inside a street name (市场路) is not a suffix.
    expect(normaliseAddress("上海市浦东新区市场路5号")).toContain("市场路5号");
  });
});

describe("IPs", () => {
  it("canonical forms", () => {
    expect(normaliseIp(" 10.001.2.3 ")).toBe(null); // leading zeros are not an IPv4 address in node
    expect(normaliseIp("::ffff:1.2.3.4")).toBe("1.2.3.4");
    expect(normaliseIp("2001:DB8::1")).toBe("2001:db8:0:0:0:0:0:1");
    expect(normaliseIp("nope")).toBe(null);
  });

  it("ranges are masked to their network", () => {
    expect(normaliseIpRange("10.1.2.3/8")).toBe("10.0.0.0/8");
    expect(normaliseIpRange("192.168.1.77")).toBe("192.168.1.77/32");
    expect(normaliseIpRange("2001:db8::ff/32")).toBe("2001:db8:0:0:0:0:0:0/32");
    expect(normaliseIpRange("10.0.0.0/33")).toBe(null);
    expect(normaliseIpRange("10.0.0.0/x")).toBe(null);
  });
});

describe("normaliseListValue", () => {
  it("phones: +86, spaces and dashes are one number; a non-mobile is refused", () => {
    const a = normaliseListValue(TENANT, "phone", "+86 138-0013-8000")!;
    const b = normaliseListValue(TENANT, "phone", "13800138000")!;
    expect(a.hash).toBe(b.hash);
    expect(a.masked).toBe("138****8000");
    expect(normaliseListValue(TENANT, "phone", "12345")).toBe(null);
  });

  it("id numbers and cards: format only, masked, hashed per brand", () => {
    const id = normaliseListValue(TENANT, "id_number", "11010519491231002x")!;
    expect(id.normalised).toBe("11010519491231002X");
    expect(id.masked).toBe("110105********002X");
    const other = normaliseListValue("00000000-0000-7000-8000-000000000002", "id_number", "11010519491231002X")!;
    expect(other.hash).not.toBe(id.hash);
    expect(normaliseListValue(TENANT, "bank_card", "6222 0212 3456 7890")!.masked).toBe("**** 7890");
    expect(normaliseListValue(TENANT, "bank_card", "12ab")).toBe(null);
  });

  it("the masked form never carries the whole value", () => {
    for (const [kind, v] of [
      ["phone", "13912345678"],
      ["device", "A1B2C3D4-E5F6-47A8-9B0C-D1E2F3A4B5C6"],
      ["address", "上海市浦东新区世纪大道100号"],
      ["bank_card", "6222021234567890"],
    ] as const) {
      const n = normaliseListValue(TENANT, kind, v)!;
      expect(n.masked).not.toContain(n.normalised);
      expect(n.hash).not.toContain(n.normalised);
    }
  });

  it("the shared hash is the same for every brand and differs from the brand-side hash", () => {
    const n = normaliseListValue(TENANT, "phone", "13800138000")!;
    expect(sharedHash("phone", n.normalised)).toBe(sharedHash("phone", "13800138000"));
    expect(sharedHash("phone", n.normalised)).not.toBe(n.hash);
    expect(sharedHash("device", n.normalised)).not.toBe(sharedHash("phone", n.normalised));
  });
});
