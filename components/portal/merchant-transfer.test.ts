import { describe, expect, it } from "vitest";
import { isInsideWechat, requestMerchantTransfer, type WechatWindow } from "./merchant-transfer";

const params = { mchId: "1900000109", appId: "wx8888888888888888", package: "affffddafdfafddffda==" };

describe("requestMerchantTransfer", () => {
  it("detects WeChat's browser by its user agent", () => {
    expect(isInsideWechat("Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI")).toBe(true);
    expect(isInsideWechat("Mozilla/5.0 (iPhone) Safari/604.1")).toBe(false);
  });

  it("uses wx.requestMerchantTransfer with the package when present", async () => {
    let got: unknown;
    const w: WechatWindow = { wx: { requestMerchantTransfer: (o) => { got = o; o.success?.({ errMsg: "requestMerchantTransfer:ok" }); } } };
    expect(await requestMerchantTransfer(w, params)).toBe("ok");
    expect(got).toMatchObject(params);
  });

  it("falls back to WeixinJSBridge; reports cancel, failure, and no bridge at all", async () => {
    const bridge = (err_msg: string): WechatWindow => ({ WeixinJSBridge: { invoke: (name, p, cb) => { expect(name).toBe("requestMerchantTransfer"); expect(p).toEqual(params); cb({ err_msg }); } } });
    expect(await requestMerchantTransfer(bridge("requestMerchantTransfer:ok"), params)).toBe("ok");
    expect(await requestMerchantTransfer(bridge("requestMerchantTransfer:cancel"), params)).toBe("cancel");
    expect(await requestMerchantTransfer(bridge("requestMerchantTransfer:fail system"), params)).toEqual({ fail: "requestMerchantTransfer:fail system" });
    expect(await requestMerchantTransfer({}, params)).toBe("unsupported");
  });
});
