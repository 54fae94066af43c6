/**
 * Image sources for posters: data: URLs, files under public/, and remote http(s) images
 * fetched with a short timeout. Every failure resolves to null, so a poster still renders
 * (with a gradient, or without the picture) when an image is missing or slow.
 */
import { lookup } from "node:dns/promises";
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import path from "node:path";
import { loadImage, type Image } from "@napi-rs/canvas";

export const REMOTE_IMAGE_TIMEOUT_MS = 2500;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const PUBLIC_DIR = path.resolve(process.cwd(), "public");

export async function loadPosterImage(source: string | null | undefined): Promise<Image | null> {
  if (!source) return null;
  try {
    const bytes = await imageBytes(source);
    return bytes ? await loadImage(bytes) : null;
  } catch {
    return null;
  }
}

async function imageBytes(source: string): Promise<Buffer | null> {
  if (source.startsWith("data:")) {
    const m = /^data:image\/[a-z+.-]+;base64,([A-Za-z0-9+/=]+)$/i.exec(source);
    return m ? Buffer.from(m[1]!, "base64") : null;
  }
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
 * read internal addresses: only public hosts, no redirects, a size cap and a short timeout.
 */
async function remoteImage(url: string): Promise<Buffer | null> {
  const parsed = new URL(url);
  if (!(await isPublicHost(parsed.hostname))) return null;
  const res = await fetch(parsed, {
    redirect: "error",
    signal: AbortSignal.timeout(REMOTE_IMAGE_TIMEOUT_MS),
  });
  if (!res.ok || !(res.headers.get("content-type") ?? "").startsWith("image/")) return null;
  if (Number(res.headers.get("content-length") ?? 0) > MAX_IMAGE_BYTES) return null;
  const bytes = Buffer.from(await res.arrayBuffer());
  return bytes.length <= MAX_IMAGE_BYTES ? bytes : null;
}

export async function isPublicHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (!host || host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal"))
    return false;
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true, verbatim: true }).catch(() => [])).map((a) => a.address);
  return addresses.length > 0 && addresses.every(isPublicAddress);
}

export function isPublicAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split(".").map(Number);
    return !(
      a === 0 ||
      a === 10 ||
      a === 127 ||
      a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
      (a === 169 && b === 254) || // link-local, cloud metadata
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19))
    );
  }
  const v6 = ip.toLowerCase();
  if (v6.startsWith("::ffff:")) return isPublicAddress(v6.slice(7));
  return !(
    v6 === "::" ||
    v6 === "::1" ||
    /^f[cd]/.test(v6) ||
    /^fe[89ab]/.test(v6) ||
    v6.startsWith("ff")
  );
}
