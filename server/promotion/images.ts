/**
 * Image sources for posters: data: URLs, uploaded pictures (/media/…), files under public/, and remote http(s) images
 * fetched through the SSRF-safe fetcher. Every image is checked by its header (format and
 * pixel count) before it is decoded. Every failure resolves to null, so a poster still renders
 * (with a gradient, or without the picture) when an image is missing, slow or refused.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadImage, type Image } from "@napi-rs/canvas";
import { safeFetch } from "@/server/shared/safe-fetch";
import { appStorage } from "@/server/storage";
import { keyOfMediaUrl, parseObjectKey } from "@/server/storage/keys";
import { decodableImage } from "./image-size";

export const REMOTE_IMAGE_TIMEOUT_MS = 2500;
export const REMOTE_IMAGE_MAX_REDIRECTS = 3;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const PUBLIC_DIR = path.resolve(process.cwd(), "public");

export async function loadPosterImage(source: string | null | undefined): Promise<Image | null> {
  if (!source) return null;
  try {
    const bytes = await imageBytes(source);
    // The decoder only sees images whose header is in budget (server/promotion/image-size.ts).
    return bytes && decodableImage(bytes) ? await loadImage(bytes) : null;
  } catch {
    return null;
  }
}

async function imageBytes(source: string): Promise<Buffer | null> {
  if (source.startsWith("data:")) {
    const m = /^data:image\/[a-z+.-]+;base64,([A-Za-z0-9+/=]+)$/i.exec(source);
    return m ? Buffer.from(m[1]!, "base64") : null;
  }
  const key = keyOfMediaUrl(source);
  // Uploaded pictures: only public ones (a poster is shown to anyone).
  if (key) return parseObjectKey(key)?.visibility === "public" ? ((await appStorage().get(key))?.bytes ?? null) : null;
  if (source.startsWith("/") && !source.startsWith("//")) return publicFile(source);
  if (/^https?:\/\//i.test(source)) return remoteImage(source);
  return null;
}

/** A file under public/ (the same path the browser would use); nothing outside it. */
async function publicFile(urlPath: string): Promise<Buffer | null> {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0]!);
  const file = path.resolve(PUBLIC_DIR, `.${clean}`);
  if (!file.startsWith(PUBLIC_DIR + path.sep)) return null;
  const bytes = await readFile(file);
  return bytes.length <= MAX_IMAGE_BYTES ? bytes : null;
}

/**
 * Remote images come from brand staff and API clients, so the server must not become a way to
 * read internal addresses: server/shared/safe-fetch.ts (public addresses only, pinned to the
 * checked address, each redirect re-checked, size and time capped).
 */
async function remoteImage(url: string): Promise<Buffer | null> {
  const r = await safeFetch(url, {
    maxBytes: MAX_IMAGE_BYTES,
    timeoutMs: REMOTE_IMAGE_TIMEOUT_MS,
    maxRedirects: REMOTE_IMAGE_MAX_REDIRECTS,
    acceptContentType: (type) => type.startsWith("image/"),
  });
  return r.ok ? r.bytes : null;
}
