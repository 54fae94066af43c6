import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rsaPair } from "./fake/keys";
import { payoutConfigProblems, pemFrom } from "./registry";

describe("payout gateway settings", () => {
  it("names a channel that is only partly configured", () => {
    expect(payoutConfigProblems({})).toEqual([]);
    expect(payoutConfigProblems({ WECHATPAY_MCHID: "1900000109" })[0]).toMatch(/wechat payouts are partly configured: missing WECHATPAY_APPID/);
    expect(payoutConfigProblems({ ALIPAY_APP_ID: "1", ALIPAY_PRIVATE_KEY: "k" })).toEqual([expect.stringMatching(/ALIPAY_PUBLIC_KEY/)]);
    expect(payoutConfigProblems({ ALIPAY_APP_ID: "1", ALIPAY_PRIVATE_KEY: "k", ALIPAY_PUBLIC_KEY: "p" })).toEqual([]);
    expect(payoutConfigProblems({ FLEXIBLE_GATEWAY_URL: "https://x" })[0]).toMatch(/FLEXIBLE_APP_ID, FLEXIBLE_SECRET/);
  });

  it("reads PEM keys inline (with \\n escapes) or from a file", () => {
    const { publicKey } = rsaPair();
    expect(pemFrom(publicKey.trim().replace(/\n/g, "\\n"))).toBe(publicKey.trim());
    const file = path.join(os.tmpdir(), `pem-${process.pid}.pem`);
    writeFileSync(file, publicKey);
    expect(pemFrom(file)).toBe(publicKey);
    expect(pemFrom(`file://${file}`)).toBe(publicKey);
  });
});
