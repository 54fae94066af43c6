import { createCanvas } from "@napi-rs/canvas";
import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodableImage, MAX_IMAGE_PIXELS, readImageHeader } from "./image-size";
import { loadPosterImage } from "./images";

function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid, blank 1-bit PNG of any size: a few KB however many pixels it declares. */
function blankPng(width: number, height: number) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale
  const row = Math.ceil(width / 8) + 1;
  const raw = Buffer.alloc(row * height); // every row: filter 0, all black
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const canvasOf = (w: number, h: number) => {
  const c = createCanvas(w, h);
  c.getContext("2d").fillRect(0, 0, w, h);
  return c;
};

describe("readImageHeader", () => {
  it("reads the size of PNG, JPEG and WebP as encoded, and of a GIF header", () => {
    const c = canvasOf(37, 21);
    expect(readImageHeader(c.toBuffer("image/png"))).toEqual({ format: "png", width: 37, height: 21 });
    expect(readImageHeader(c.toBuffer("image/jpeg"))).toEqual({ format: "jpeg", width: 37, height: 21 });
    expect(readImageHeader(c.toBuffer("image/webp"))).toEqual({ format: "webp", width: 37, height: 21 });
    const gif = Buffer.from("GIF89a\x25\x00\x15\x00\x00\x00\x00", "latin1");
    expect(readImageHeader(gif)).toEqual({ format: "gif", width: 37, height: 21 });
  });

  it("knows nothing else (SVG, text, truncated headers)", () => {
    for (const b of ["<svg width='9000' height='9000'/>", "hello", "\x89PNG"]) {
      expect(readImageHeader(Buffer.from(b, "latin1"))).toBeNull();
    }
  });
});

describe("the pixel cap", () => {
  it("refuses an image whose header declares more pixels than the budget", () => {
    expect(decodableImage(blankPng(4000, 3000))).not.toBeNull();
    expect(decodableImage(blankPng(8000, 8000))).toBeNull();
    expect(decodableImage(blankPng(10_000, 1))).toBeNull(); // one side too long
    expect(8000 * 8000).toBeGreaterThan(MAX_IMAGE_PIXELS);
  });

  it("a small data: URL declaring 8000 × 8000 is never decoded for a poster", async () => {
    const png = blankPng(8000, 8000);
    expect(png.length).toBeLessThan(20_000);
    expect(await loadPosterImage(`data:image/png;base64,${png.toString("base64")}`)).toBeNull();
    const fine = await loadPosterImage(`data:image/png;base64,${blankPng(64, 48).toString("base64")}`);
    expect([fine?.width, fine?.height]).toEqual([64, 48]);
  });
});
