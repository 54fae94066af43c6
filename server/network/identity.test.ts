import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { identityHash, maskIdentity, normaliseIdentity } from "./identity";

describe("identities", () => {
  it("hash the same person's phone the same way however it is written", () => {
    expect(identityHash("phone", "+86 138-0013-8000")).toBe(identityHash("phone", "13800138000"));
    expect(identityHash("email", "A@QQ.com")).toBe(identityHash("email", "a@qq.com"));
  });

  it("keep kinds apart: the same string under two kinds is two identities", () => {
    expect(identityHash("jd_pin", "abc123")).not.toBe(identityHash("pdd_uid", "abc123"));
  });

  it("never reveal the raw value in the mask", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9_]{6,40}$/), (v) => {
        const masked = maskIdentity("wechat_unionid", v);
        expect(masked).not.toBe(v);
        expect(masked.length).toBeLessThan(v.length);
      }),
    );
    expect(maskIdentity("phone", "13800138000")).toBe("138****8000");
    expect(maskIdentity("email", "Zhang.San@qq.com")).toBe("z***@qq.com");
    expect(normaliseIdentity("phone", "8613800138000")).toBe("13800138000");
  });
});
