/**
 * An image's format and pixel size read from its header, before anything decodes it. A few
 * kilobytes can declare 8000 × 8000 pixels (256 MB once decoded), so the decoder is only
 * handed images that are one of the formats we accept and within the pixel budget.
 */

export type ImageFormat = "png" | "jpeg" | "gif" | "webp";

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** A phone photo (4000 × 3000) fits; a poster is 750 × 1334. */
export const MAX_IMAGE_PIXELS = 16_000_000;
export const MAX_IMAGE_SIDE = 8192;

const ascii = (b: Buffer, at: number, len: number) => b.toString("latin1", at, at + len);

function png(b: Buffer): ImageHeader | null {
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || ascii(b, 12, 4) !== "IHDR") return null;
  return { format: "png", width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function gif(b: Buffer): ImageHeader | null {
  if (b.length < 10 || !/^GIF8[79]a$/.test(ascii(b, 0, 6))) return null;
  return { format: "gif", width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
}

function webp(b: Buffer): ImageHeader | null {
  if (b.length < 30 || ascii(b, 0, 4) !== "RIFF" || ascii(b, 8, 4) !== "WEBP") return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8 ") {
    return { format: "webp", width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === "VP8L") {
    const bits = b.readUInt32LE(21);
    return { format: "webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") {
    return { format: "webp", width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  }
  return null;
}

// Start-of-frame markers carry the size; C4 (Huffman), C8 (reserved) and CC (arithmetic) do not.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(b: Buffer): ImageHeader | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2; // markers without a length
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    if (SOF.has(marker)) {
      if (i + 9 > b.length) return null;
      return { format: "jpeg", height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    if (marker === 0xd9 || marker === 0xda || length < 2) return null; // end or scan before a frame
    i += 2 + length;
  }
  return null;
}

export function readImageHeader(bytes: Buffer): ImageHeader | null {
  return png(bytes) ?? jpeg(bytes) ?? gif(bytes) ?? webp(bytes);
}

/** The header when the image may be decoded: a known format, non-empty and within budget. */
export function decodableImage(bytes: Buffer): ImageHeader | null {
  const h = readImageHeader(bytes);
  if (!h || h.width < 1 || h.height < 1) return null;
  if (h.width > MAX_IMAGE_SIDE || h.height > MAX_IMAGE_SIDE) return null;
  return h.width * h.height <= MAX_IMAGE_PIXELS ? h : null;
}
