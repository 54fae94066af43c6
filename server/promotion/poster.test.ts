import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { renderPoster, shade, wrap, type PosterInput } from "./poster";
import { POSTER_SIZE } from "./templates";
import { decodeQrPng, solidPngDataUrl } from "./testing-images";

const url = "http://localhost:3000/s/K7M2Q9P?via=poster";
const labels = {
  recommends: "向你推荐",
  scan: "长按识别二维码，立即选购",
  tagline: "品牌好物 · 扫码选购",
};
const base: PosterInput = {
  url,
  template: null,
  brandName: "好邦茶业",
  distributor: { name: "张小花" },
  labels,
};

describe("posters", () => {
  it("are valid PNGs at phone size carrying a scannable QR code of the short link", async () => {
    const png = await renderPoster(base);
    const img = PNG.sync.read(png);
    expect([img.width, img.height]).toEqual([POSTER_SIZE.width, POSTER_SIZE.height]);
    expect(decodeQrPng(png)).toBe(url);
  });

  it("show a product with its picture and price, on the template's background", async () => {
    const png = await renderPoster({
      ...base,
      template: {
        backgroundUrl: solidPngDataUrl("#1e3a8a"),
        headline: "双11 狂欢价",
        layout: { ...POSTER_SIZE, textColor: "#ffffff", accentColor: "#f59e0b" },
      },
      product: {
        name: "有机高山乌龙茶 250g 礼盒装",
        priceFen: 12990,
        imageUrl: solidPngDataUrl("#16a34a", 80, 60),
      },
      distributor: { name: "Alice", avatarUrl: solidPngDataUrl("#9333ea") },
    });
    const img = PNG.sync.read(png);
    const at = (x: number, y: number) =>
      Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3));
    expect(at(5, 5)).toEqual([0x1e, 0x3a, 0x8a]); // the background image, not the gradient
    expect(at(375, 500)).toEqual([0x16, 0xa3, 0x4a]); // the product picture
    expect(decodeQrPng(png)).toBe(url);
  });

  it("still render when images are missing, unreachable or not images", async () => {
    const png = await renderPoster({
      ...base,
      template: {
        backgroundUrl: "https://127.0.0.1:1/bg.png",
        headline: null,
        layout: { ...POSTER_SIZE, textColor: "#000000", accentColor: "#0ea5e9" },
      },
      product: { name: "Tea", priceFen: 5, imageUrl: "/does-not-exist.png" },
      distributor: { name: "", avatarUrl: "data:image/png;base64,AAAA" },
    });
    expect(decodeQrPng(png)).toBe(url);
  });

  it("wrap long Chinese text by character and cut with an ellipsis", () => {
    const measure = {
      measureText: (s: string) => ({ width: Array.from(s).length * 10 }),
    } as Parameters<typeof wrap>[0];
    expect(wrap(measure, "一二三四五六七八九十", 40, 2)).toEqual(["一二三四", "五六七…"]);
    expect(wrap(measure, "一二三", 40, 2)).toEqual(["一二三"]);
  });

  it("wraps English by words: 'QR code' is never split inside a word", () => {
    const measure = {
      measureText: (s: string) => ({ width: Array.from(s).length * 10 }),
    } as Parameters<typeof wrap>[0];
    // Cutting per character would give "Scan the QR cod" / "e to buy".
    expect(wrap(measure, "Scan the QR code to buy", 150, 3)).toEqual(["Scan the QR", "code to buy"]);
    expect(wrap(measure, "Scan the QR code to buy", 100, 2)).toEqual(["Scan the", "QR code…"]);
    // Mixed: Chinese still breaks per character, the English word stays whole.
    expect(wrap(measure, "扫码购买 Wonderful", 80, 2)).toEqual(["扫码购买", "Wonderf…"]);
    expect(wrap(measure, "长按识别二维码QR code", 60, 3)).toEqual(["长按识别二维", "码QR", "code"]);
    // A single word wider than the line is the only thing broken inside.
    expect(wrap(measure, "Supercalifragilistic", 50, 3)).toEqual(["Super", "calif", "ragi…"]);
    for (const line of wrap(measure, "Scan the QR code with WeChat to open the shop", 120, 5))
      expect(line).not.toMatch(/^\s|\s$/);
    expect(shade("#ff0000", -0.5)).toBe("#800000");
    expect(shade("#000000", 0.5)).toBe("#808080");
  });
});
