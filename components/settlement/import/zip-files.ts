/**
 * Two export files picked together (the legacy Taobao 宝贝报表 and its 订单报表) → one ZIP in the
 * browser, so the upload route still takes one body and the import reads the pair as it reads
 * a ZIP the brand made (server/orders/import/legacy-pair.ts). Entries are stored, not
 * compressed (level 0): the bytes only cross to our own server, so deflating them in the
 * browser would cost more time than it saves. fflate writes names in UTF-8 with the flag the
 * server's reader (server/orders/import/zip.ts) honours.
 */
import { zipSync } from "fflate";

/** A stored ZIP of the files; two picked under one name (from different folders) both go in. */
export function zipStored(files: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  files.forEach((f, i) => (entries[f.name in entries ? `${i + 1}-${f.name}` : f.name] = f.data));
  return zipSync(entries, { level: 0 });
}

/** The picked files as one upload: a single file as it is, two as a ZIP named after both. */
export async function asOneUpload(files: readonly File[]): Promise<File> {
  const [first, second] = files;
  if (!first) throw new Error("no file");
  if (!second) return first;
  const data = await Promise.all(
    files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })),
  );
  const name = `${files.map((f) => f.name.replace(/\.[^.]*$/, "")).join(" + ")}.zip`.slice(-255);
  return new File([zipStored(data) as BlobPart], name, { type: "application/zip" });
}
