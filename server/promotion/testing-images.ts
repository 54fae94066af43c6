/** Test helpers for images: read QR codes back out of PNGs and SVGs; make images offline. */
import { createCanvas, loadImage } from "@napi-rs/canvas";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** The text of the QR code in a PNG (null when none is found); also proves the PNG parses. */
export function decodeQrPng(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return (
    jsQR(
      new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length),
      img.width,
      img.height,
    )?.data ?? null
  );
}

/** Rasterises an SVG (as a browser would show it) and reads its QR code. */
export async function decodeQrSvg(svg: string, size = 512): Promise<string | null> {
  const image = await loadImage(Buffer.from(svg));
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(image, 0, 0, size, size);
  const { data } = ctx.getImageData(0, 0, size, size);
  return jsQR(data, size, size)?.data ?? null;
}

/** A solid-colour PNG as a data: URL (poster backgrounds and product images without a network). */
export function solidPngDataUrl(colour: string, width = 40, height = 40): string {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, width, height);
  return `data:image/png;base64,${canvas.toBuffer("image/png").toString("base64")}`;
}
