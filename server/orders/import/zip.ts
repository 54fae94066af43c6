/**
 * Just enough ZIP to (a) open the ZIP WeChat Channels downloads, which holds one xlsx, and
 * (b) hand exceljs's streaming reader an XLSX whose parts come in the order it needs. Built on
 * node:zlib, so no new dependency. ZIP64 and encrypted archives are refused (an order export
 * is far below 4 GiB).
 */
import zlib from "node:zlib";
import { isValidUtf8 } from "./decode";
import iconv from "iconv-lite";

export class ZipError extends Error {
  override name = "ZipError";
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Entry names are UTF-8 when flag bit 11 says so; Chinese Windows tools write GBK otherwise. */
function entryName(raw: Uint8Array, flags: number): string {
  if (flags & 0x800 || isValidUtf8(raw)) return new TextDecoder().decode(raw);
  return iconv.decode(Buffer.from(raw), "gb18030");
}

/** The central directory: every entry with its sizes and where its local record starts. */
export function readZipEntries(bytes: Uint8Array): ZipEntry[] {
  const dv = view(bytes);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (dv.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipError("no end-of-central-directory record");
  const count = dv.getUint16(eocd + 10, true);
  let at = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw new ZipError("ZIP64 archives are not supported");
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || dv.getUint32(at, true) !== CENTRAL)
      throw new ZipError("corrupt central directory");
    const flags = dv.getUint16(at + 8, true);
    const nameLength = dv.getUint16(at + 28, true);
    const skip = nameLength + dv.getUint16(at + 30, true) + dv.getUint16(at + 32, true);
    entries.push({
      name: entryName(bytes.subarray(at + 46, at + 46 + nameLength), flags),
      method: dv.getUint16(at + 10, true),
      flags,
      crc32: dv.getUint32(at + 16, true),
      compressedSize: dv.getUint32(at + 20, true),
      uncompressedSize: dv.getUint32(at + 24, true),
      localOffset: dv.getUint32(at + 42, true),
    });
    at += 46 + skip;
  }
  return entries;
}

/** The entry's stored bytes as they sit in the archive (still compressed). */
export function rawEntryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const dv = view(bytes);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || dv.getUint32(at, true) !== LOCAL)
    throw new ZipError(`corrupt entry ${entry.name}`);
  if (entry.flags & 0x1) throw new ZipError(`${entry.name} is encrypted`);
  const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError(`truncated entry ${entry.name}`);
  return bytes.subarray(start, end);
}

/** Larger than any order export (a 100k-row xlsx is tens of MiB): refused rather than inflated. */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

/** The entry decompressed; its declared size caps the output (a ZIP bomb stops there). */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.uncompressedSize > MAX_ENTRY_BYTES) throw new ZipError(`${entry.name} is too large`);
  const raw = rawEntryData(bytes, entry);
  if (entry.method === 0) return raw;
  if (entry.method !== 8)
    throw new ZipError(`${entry.name}: compression method ${entry.method} is not supported`);
  try {
    return zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (e) {
    throw new ZipError(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The first `maxBytes` of an entry, decompressed as far as they go (for peeking at a header). */
export function entryPrefix(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): string {
  const raw = rawEntryData(bytes, entry);
  if (entry.method === 0) return new TextDecoder().decode(raw.subarray(0, maxBytes));
  try {
    const out = zlib.inflateRawSync(raw.subarray(0, maxBytes), {
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
    return new TextDecoder().decode(out);
  } catch {
    return ""; // only a hint (the sheet's size) depends on it
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A fresh local record (header + data) for an entry, under `name`. Sizes and CRC come from
 * the central directory and the data-descriptor flag is cleared, so a sequential reader
 * (unzipper, inside exceljs) knows where the data ends without scanning for a descriptor.
 */
export function localRecord(
  name: string,
  e: Pick<ZipEntry, "method" | "crc32" | "compressedSize" | "uncompressedSize">,
  data: Uint8Array,
): Uint8Array[] {
  const nameBytes = new TextEncoder().encode(name);
  const header = new Uint8Array(30);
  const dv = view(header);
  dv.setUint32(0, LOCAL, true);
  dv.setUint16(4, 20, true);
  dv.setUint16(6, 0x800, true);
  dv.setUint16(8, e.method, true);
  dv.setUint32(14, e.crc32, true);
  dv.setUint32(18, e.compressedSize, true);
  dv.setUint32(22, e.uncompressedSize, true);
  dv.setUint16(26, nameBytes.length, true);
  return [header, nameBytes, data];
}

/** A stored (uncompressed) record holding `text`, for parts an XLSX lacks. */
export function storedRecord(name: string, text: string): Uint8Array[] {
  const data = new TextEncoder().encode(text);
  return localRecord(
    name,
    { method: 0, crc32: crc32(data), compressedSize: data.length, uncompressedSize: data.length },
    data,
  );
}
