/** wx.requestMerchantTransfer, whichever bridge the WeChat at hand provides (no React: testable). */

export interface TransferParams {
  mchId: string;
  appId: string;
  package: string;
}

type WxResult = { errMsg?: string; err_msg?: string };

export interface WechatWindow {
  /** Mini program web-view / JS-SDK (base library ≥ 3.3.0). */
  wx?: { requestMerchantTransfer?: (o: TransferParams & { success?: (r: WxResult) => void; fail?: (r: WxResult) => void }) => void };
  /** WeChat's in-app browser (official-account pages). */
  WeixinJSBridge?: { invoke: (name: string, params: TransferParams, cb: (r: WxResult) => void) => void };
}

export function isInsideWechat(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent);
}

export type Outcome = "ok" | "cancel" | { fail: string };

function outcomeOf(r: WxResult): Outcome {
  const msg = r.err_msg ?? r.errMsg ?? "";
  if (/:ok$/.test(msg)) return "ok";
  if (/cancel/.test(msg)) return "cancel";
  return { fail: msg || "unknown" };
}

/** Opens WeChat's confirmation page, through whichever bridge this WeChat provides. */
export function requestMerchantTransfer(w: WechatWindow, params: TransferParams): Promise<Outcome | "unsupported"> {
  return new Promise((resolve) => {
    if (w.wx?.requestMerchantTransfer) {
      w.wx.requestMerchantTransfer({ ...params, success: (r) => resolve(outcomeOf(r)), fail: (r) => resolve(outcomeOf(r)) });
      return;
    }
    if (w.WeixinJSBridge) {
      w.WeixinJSBridge.invoke("requestMerchantTransfer", params, (r) => resolve(outcomeOf(r)));
      return;
    }
    resolve("unsupported");
  });
}

