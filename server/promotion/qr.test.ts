import { describe, expect, it } from "vitest";
import { qrPng, qrSvg } from "./qr";
import { decodeQrPng, decodeQrSvg } from "./testing-images";

const url = "http://localhost:3000/s/K7M2Q9P?via=qr";

describe("QR codes", () => {
  it("PNG decodes to the short link", async () => {
    const png = await qrPng(url);
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(decodeQrPng(png)).toBe(url);
  });

  it("SVG decodes to the short link", async () => {
    const svg = await qrSvg(url);
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
    expect(svg).not.toMatch(/<script/i);
    expect(await decodeQrSvg(svg)).toBe(url);
  });
});
