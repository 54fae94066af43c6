/**
 * Any S3-compatible store (AWS S3, Aliyun OSS, Tencent COS, MinIO) through @aws-sdk/client-s3.
 * Objects are written without a public ACL: the bucket stays private and the app serves them.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { StorageDriver } from "./driver";
import { parseObjectKey } from "./keys";

export interface S3Config {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export function s3Driver(config: S3Config, client?: S3Client): StorageDriver {
  const s3 =
    client ??
    new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Many S3-compatible stores reject or do not send the SDK's default CRC checksums.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  const checked = (key: string) => {
    if (!parseObjectKey(key)) throw new Error("storage: malformed key");
    return key;
  };
  return {
    async put(key, bytes, contentType) {
      await s3.send(
        new PutObjectCommand({ Bucket: config.bucket, Key: checked(key), Body: bytes, ContentType: contentType }),
      );
    },
    async get(key) {
      if (!parseObjectKey(key)) return null;
      try {
        const r = await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
        if (!r.Body) return null;
        return {
          bytes: Buffer.from(await r.Body.transformToByteArray()),
          contentType: r.ContentType ?? "application/octet-stream",
        };
      } catch (e) {
        if (e instanceof S3ServiceException && (e.name === "NoSuchKey" || e.$metadata.httpStatusCode === 404))
          return null;
        throw e;
      }
    },
    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: checked(key) }));
    },
  };
}
