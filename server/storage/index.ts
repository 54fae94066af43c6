/** The storage the app uses, chosen by the environment (STORAGE_DRIVER, server/env.ts). */
import { env } from "@/server/env";
import type { StorageDriver } from "./driver";
import { localDriver } from "./local";
import { s3Driver } from "./s3";

export type { StorageDriver, StoredObject } from "./driver";

let current: StorageDriver | undefined;

export function storageFromEnv(e: typeof env = env): StorageDriver {
  if (e.STORAGE_DRIVER === "local") return localDriver(e.UPLOAD_DIR);
  const missing = (["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter((k) => !e[k]);
  if (missing.length) throw new Error(`STORAGE_DRIVER=s3 needs ${missing.join(", ")}`);
  return s3Driver({
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    bucket: e.S3_BUCKET!,
    accessKeyId: e.S3_ACCESS_KEY_ID!,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === "1",
  });
}

export function appStorage(): StorageDriver {
  return (current ??= storageFromEnv());
}
