/**
 * The upload image pipeline: the type is read from the bytes (never the file name or the
 * client's content type), the pixel size from the header before anything decodes it (a few
 * kilobytes can declare 50000 × 50000 pixels), then the picture is scaled down to a bounded edge
 * and re-encoded as WebP, which also drops whatever else the file carried (metadata, trailing
 * payloads, animation frames).
 */
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { decodableImage, readImageHeader, type ImageFormat } from "@/server/promotion/image-size";

/** Longest edge stored: sharp on a phone, a poster is 750 px wide. */
export const MAX_STORED_EDGE = 1600;
const WEBP_QUALITY = 85;

export type ImageRefusal = "notImage" | "tooManyPixels" | "undecodable";

export type PreparedImage =
  | { ok: true; bytes: Buffer; contentType: "image/webp"; ext: "webp"; width: number; height: number; source: ImageFormat }
  | { ok: false; reason: ImageRefusal };

export async function prepareImage(input: Uint8Array, maxEdge = MAX_STORED_EDGE): Promise<PreparedImage> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const header = readImageHeader(bytes);
  if (!header) return { ok: false, reason: "notImage" };
  if (!decodableImage(bytes)) return { ok: false, reason: "tooManyPixels" };
  let image;
  try {
    image = await loadImage(bytes);
  } catch {
    return { ok: false, reason: "undecodable" };
  }
  // The decoder's own size must agree with the header that was checked.
  if (!image.width || !image.height || image.width * image.height > header.width * header.height)
    return { ok: false, reason: "undecodable" };
  const scale = Math.min(1, maxEdge / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const canvas = createCanvas(width, height);
  canvas.getContext("2d").drawImage(image, 0, 0, width, height);
  const out = await canvas.encode("webp", WEBP_QUALITY);
  return { ok: true, bytes: out, contentType: "image/webp", ext: "webp", width, height, source: header.format };
}
