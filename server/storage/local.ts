/** The default driver: files in a local directory (UPLOAD_DIR, .data/uploads). */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { StorageDriver } from "./driver";
import { CONTENT_TYPES, parseObjectKey } from "./keys";

export function localDriver(dir: string): StorageDriver {
  const root = path.resolve(dir);
  // Only well-formed keys reach the disk, and never outside the root.
  const fileOf = (key: string) => {
    if (!parseObjectKey(key)) throw new Error("storage: malformed key");
    const file = path.resolve(root, key);
    if (!file.startsWith(root + path.sep)) throw new Error("storage: key escapes the directory");
    return file;
  };
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a reader never sees half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    },
    async get(key) {
      const parsed = parseObjectKey(key);
      if (!parsed) return null;
      try {
        return { bytes: await readFile(fileOf(key)), contentType: CONTENT_TYPES[parsed.ext] };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
