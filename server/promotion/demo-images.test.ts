import { createCanvas, loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { DEMO_TEMPLATES } from "@/server/network/demo-network";
import { readImageHeader } from "./image-size";
import { DEMO_PRODUCTS } from "./demo-catalogue";
import { demoPosterBackground, demoProductImage } from "./demo-images";
import { POSTER_SIZE } from "./templates";

describe("demo product pictures", () => {
  it("are 800 × 800 WebP pictures, the same every time for a product, different between products", async () => {
    const [a, b] = DEMO_PRODUCTS;
    const first = await demoProductImage({ sku: a.sku, name: a.name, shape: a.shape });
    expect(readImageHeader(first)).toEqual({ format: "webp", width: 800, height: 800 });
    expect((await demoProductImage({ sku: a.sku, name: a.name, shape: a.shape })).equals(first)).toBe(true);
    expect((await demoProductImage({ sku: b.sku, name: b.name, shape: b.shape })).equals(first)).toBe(false);
  });
});

/** WCAG relative luminance of an sRGB colour given as 0–255 channels. */
function luminance([r, g, b]: number[]) {
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}
const hexRgb = (hex: string) => [0, 2, 4].map((i) => Number.parseInt(hex.slice(1 + i, 3 + i), 16));

/** The darkest pixel's luminance in a region of a picture (text must read over the worst spot). */
async function darkestIn(picture: Buffer, x: number, y: number, w: number, h: number) {
  const img = await loadImage(picture);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(x, y, w, h).data;
  let min = 1;
  for (let i = 0; i < data.length; i += 4 * 7) min = Math.min(min, luminance([data[i]!, data[i + 1]!, data[i + 2]!]));
  return min;
}

describe("demo poster backgrounds", () => {
  it("are poster-sized WebP pictures, the same every time, different between themes", async () => {
    const [a, b] = DEMO_TEMPLATES;
    const first = await demoPosterBackground(a.theme, a.accentColor);
    expect(readImageHeader(first)).toEqual({ format: "webp", ...POSTER_SIZE });
    expect((await demoPosterBackground(a.theme, a.accentColor)).equals(first)).toBe(true);
    expect((await demoPosterBackground(b.theme, b.accentColor)).equals(first)).toBe(false);
  });

  it.each(DEMO_TEMPLATES.map((tpl) => [tpl.name, tpl] as const))(
    "%s: the template's text colour reads over the headline band and the brand-name area (contrast ≥ 4.5)",
    async (_name, tpl) => {
      const bg = await demoPosterBackground(tpl.theme, tpl.accentColor);
      const text = luminance(hexRgb(tpl.textColor));
      // Where the poster writes its headline (two lines) and, without a product, the brand name.
      for (const [x, y, w, h] of [
        [60, 50, 630, 140],
        [60, 440, 630, 300],
      ] as const) {
        const ratio = (await darkestIn(bg, x, y, w, h) + 0.05) / (text + 0.05);
        expect(ratio).toBeGreaterThanOrEqual(4.5);
      }
    },
  );
});
