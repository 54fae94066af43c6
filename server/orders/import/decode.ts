/**
 * What kind of file the bytes are, and how its text is encoded. Marketplace CSVs come as
 * UTF-8 with a BOM (JD, Excel's "CSV UTF-8"), UTF-8 without one, or GBK (legacy Taobao, PDD);
 * Excel's "Unicode text" is UTF-16LE with a BOM.
 *
 * UTF-8 is decided by validating the WHOLE file strictly, not by sniffing a prefix: GBK text
 * can look like UTF-8 for a few bytes, but Chinese GBK text is practically never valid UTF-8
 * throughout (a GBK lead byte 0x81–0xFE followed by its trail byte breaks UTF-8's
 * continuation rules almost at once). Anything not valid UTF-8 is read as GB18030, the
 * superset of GBK and GB2312.
 */
import iconv from "iconv-lite";
import type { TextEncoding } from "./types";

export type Sniffed = "zip" | "xls" | "text" | "empty";

/** The container by its magic bytes: a ZIP (XLSX or a ZIP holding one), legacy XLS, or text. */
export function sniffBytes(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return "empty";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05))
    return "zip";
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (ole.every((b, i) => bytes[i] === b)) return "xls";
  return "text";
}

const VALIDATE_SLICE = 1 << 20;

/** True when every byte sequence is well-formed UTF-8 (checked slice by slice, output dropped). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for (let at = 0; at < bytes.length; at += VALIDATE_SLICE) {
      decoder.decode(bytes.subarray(at, at + VALIDATE_SLICE), { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8-bom";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return isValidUtf8(bytes) ? "utf-8" : "gb18030";
}

interface Decoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

function decoderFor(encoding: TextEncoding): Decoder {
  if (encoding === "gb18030") {
    const d = iconv.getDecoder("gb18030");
    return {
      write: (b) => d.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength)),
      end: () => d.end() ?? "",
    };
  }
  // TextDecoder drops the BOM itself (ignoreBOM defaults to false: the BOM is consumed).
  const d = new TextDecoder(encoding === "utf-16le" ? "utf-16le" : "utf-8");
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/**
 * The text in slices, so a large file is never one string: each slice says how many bytes
 * have been consumed, for progress. A character split across slices is carried over by the
 * decoder.
 */
export function* decodeSlices(
  bytes: Uint8Array,
  encoding: TextEncoding,
  sliceBytes = 1 << 16,
): Generator<{ text: string; bytesDone: number }> {
  const decoder = decoderFor(encoding);
  for (let at = 0; at < bytes.length; at += sliceBytes) {
    const end = Math.min(bytes.length, at + sliceBytes);
    const text = decoder.write(bytes.subarray(at, end));
    if (text) yield { text, bytesDone: end };
  }
  const rest = decoder.end();
  if (rest) yield { text: rest, bytesDone: bytes.length };
}

/** The whole text and its encoding (for small files and previews; the import streams). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const encoding = detectEncoding(bytes);
  let text = "";
  for (const slice of decodeSlices(bytes, encoding)) text += slice.text;
  return { text, encoding };
}
