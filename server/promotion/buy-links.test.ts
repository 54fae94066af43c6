import { describe, expect, it } from "vitest";
import {
  appendParams,
  brandChannelsSchema,
  buyButtons,
  buyLinkProblem,
  miniProgramLink,
  productBuyLinksSchema,
  withReferral,
} from "./buy-links";

const APPID = "wx0123456789abcdef";

describe("buy link validation", () => {
  it("accepts https item pages on each marketplace's own host only", () => {
    expect(buyLinkProblem("tmall", "https://detail.tmall.com/item.htm?id=123")).toBeNull();
    expect(buyLinkProblem("tmall", "https://item.taobao.com/item.htm?id=123")).toBeNull();
    expect(buyLinkProblem("jd", "https://item.jd.com/100012043978.html")).toBeNull();
    expect(buyLinkProblem("pdd", "https://mobile.yangkeduo.com/goods.html?goods_id=1")).toBeNull();
    expect(buyLinkProblem("douyin", "https://haohuo.jinritemai.com/views/product/detail?id=1")).toBeNull();
    expect(buyLinkProblem("h5", "https://shop.hoobang.example/p/1")).toBeNull();

    expect(buyLinkProblem("tmall", "http://detail.tmall.com/item.htm?id=1")).toBe("buyLink.httpsOnly");
    expect(buyLinkProblem("jd", "https://item.jd.com.evil.example/1.html")).toBe("buyLink.wrongHost");
    expect(buyLinkProblem("jd", "https://detail.tmall.com/item.htm?id=1")).toBe("buyLink.wrongHost");
    expect(buyLinkProblem("pdd", "https://evil.example/?mobile.yangkeduo.com")).toBe("buyLink.wrongHost");
    expect(buyLinkProblem("douyin", "javascript:alert(1)")).toBe("buyLink.invalid");
    expect(buyLinkProblem("h5", "https://user:pw@shop.example/")).toBe("buyLink.invalid");
    expect(buyLinkProblem("h5", "https://shop.example:8443/")).toBe("buyLink.invalid");
    expect(buyLinkProblem("h5", "not a url")).toBe("buyLink.invalid");

    expect(buyLinkProblem("miniProgram", "pages/goods/detail?id=123")).toBeNull();
    expect(buyLinkProblem("miniProgram", "/pages/index/index")).toBeNull();
    expect(buyLinkProblem("miniProgram", "https://x.example/")).toBe("buyLink.invalid");
    expect(buyLinkProblem("miniProgram", "pages/../x y")).toBe("buyLink.invalid");
  });

  it("parses a product's links, dropping empty ones and naming the bad field", () => {
    expect(productBuyLinksSchema.parse({ jd: " https://item.jd.com/1.html ", tmall: "" })).toEqual({ jd: "https://item.jd.com/1.html" });
    const bad = productBuyLinksSchema.safeParse({ jd: "https://detail.tmall.com/item.htm?id=1" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["jd"], message: "buyLink.wrongHost" });
    expect(brandChannelsSchema.safeParse({ miniProgramAppId: "wx123" }).error?.issues[0]?.message).toBe("buyLink.appId");
    expect(brandChannelsSchema.parse({ h5Url: "https://shop.example/", miniProgramAppId: "", miniProgramPath: "pages/index/index" })).toEqual({
      h5Url: "https://shop.example/",
      miniProgramPath: "pages/index/index",
    });
  });
});

describe("the referral on buy links", () => {
  it("appends fx_ref, keeping the existing query byte for byte and the fragment last", () => {
    expect(withReferral("tmall", "https://detail.tmall.com/item.htm?id=123&spm=a1z10.1-b%2Cc", "AB12CD")).toBe(
      "https://detail.tmall.com/item.htm?id=123&spm=a1z10.1-b%2Cc&fx_ref=AB12CD",
    );
    expect(withReferral("jd", "https://item.jd.com/100012043978.html", "AB12CD")).toBe("https://item.jd.com/100012043978.html?fx_ref=AB12CD");
    // An old referral in the stored link is replaced, not doubled.
    expect(withReferral("h5", "https://shop.example/p?fx_ref=OLD&a=1#top", "NEW1")).toBe("https://shop.example/p?a=1&fx_ref=NEW1#top");
    expect(withReferral("jd", "https://evil.example/", "X")).toBeNull();
    expect(appendParams(new URL("https://a.example/?q=%E8%8C%B6"), { fx_ref: "C" }).search).toBe("?q=%E8%8C%B6&fx_ref=C");
  });

  it("opens a mini-program page with the referral in its query (WeChat plain-text scheme)", () => {
    const link = miniProgramLink(APPID, "/pages/goods/detail?id=123", "AB12CD")!;
    const u = new URL(link.replace("weixin://", "https://"));
    expect(link.startsWith("weixin://dl/business/?")).toBe(true);
    expect(u.searchParams.get("appid")).toBe(APPID);
    expect(u.searchParams.get("path")).toBe("pages/goods/detail");
    expect(u.searchParams.get("query")).toBe("id=123&fx_ref=AB12CD");
    expect(miniProgramLink("wxnope", "pages/index/index", "A")).toBeNull();
    expect(new URL(miniProgramLink(APPID, "pages/index/index", null)!.replace("weixin://", "https://")).searchParams.has("query")).toBe(false);
  });

  it("gives a product's buttons in a fixed order, falling back to the brand's shop and mini program", () => {
    const brand = { h5Url: "https://shop.example/", miniProgramAppId: APPID, miniProgramPath: "pages/index/index" };
    const buttons = buyButtons(
      { jd: "https://item.jd.com/1.html", tmall: "https://detail.tmall.com/item.htm?id=9", miniProgram: "pages/goods/detail?id=9" },
      brand,
      "AB12CD",
    );
    expect(buttons.map((b) => b.channel)).toEqual(["tmall", "jd", "h5", "miniProgram"]);
    for (const b of buttons) expect(decodeURIComponent(b.href)).toContain("fx_ref=AB12CD");
    expect(buttons.find((b) => b.channel === "miniProgram")!.href).toContain(encodeURIComponent("pages/goods/detail"));
    // Without a product: the brand's own channels.
    expect(buyButtons(null, brand, "AB12CD").map((b) => b.channel)).toEqual(["h5", "miniProgram"]);
    // A stored link that is not valid (any more) is never shown; no mini program without an appid.
    expect(buyButtons({ jd: "https://evil.example/" }, { miniProgramPath: "pages/index/index" }, "X")).toEqual([]);
    // No referral code: the plain links.
    expect(buyButtons({ jd: "https://item.jd.com/1.html" }, {}, null)).toEqual([{ channel: "jd", href: "https://item.jd.com/1.html" }]);
  });
});
