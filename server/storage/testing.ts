/** Test helpers for storage: images made offline, and an in-process S3-compatible server. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCanvas } from "@napi-rs/canvas";
import type { StorageDriver, StoredObject } from "./driver";

export function pngOf(width: number, height: number, colour = "#c2410c"): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, width, height);
  return canvas.toBuffer("image/png");
}

/**
 * A pixel bomb: a valid PNG signature and IHDR declaring width × height, with no image data.
 * A decoder handed this would try to allocate width × height × 4 bytes.
 */
export function pngHeaderDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // RGBA
  const chunk = Buffer.concat([Buffer.from([0, 0, 0, 13]), Buffer.from("IHDR", "latin1"), ihdr, Buffer.alloc(4)]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk]);
}

/**
 * A minimal S3-compatible server for one bucket, path-style (PUT / GET / DELETE object), so the
 * real SDK client is exercised over HTTP. It records the requests it saw.
 */
export async function fakeS3(bucket: string) {
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  const seen: { method: string; path: string; authorization: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    seen.push({ method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization });
    const prefix = `/${bucket}/`;
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404, { "content-type": "application/xml" }).end("<Error><Code>NoSuchBucket</Code></Error>");
      return;
    }
    const key = decodeURIComponent(url.pathname.slice(prefix.length));
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "PUT") {
        objects.set(key, { bytes: Buffer.concat(chunks), contentType: req.headers["content-type"] ?? "" });
        res.writeHead(200, { etag: '"x"' }).end();
      } else if (req.method === "GET") {
        const o = objects.get(key);
        if (!o) {
          res
            .writeHead(404, { "content-type": "application/xml" })
            .end("<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>");
          return;
        }
        res.writeHead(200, { "content-type": o.contentType, "content-length": o.bytes.length }).end(o.bytes);
      } else if (req.method === "DELETE") {
        objects.delete(key);
        res.writeHead(204).end();
      } else {
        res.writeHead(405).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A storage driver in process memory, for tests that store pictures without touching disk. */
export function memoryStorage(): StorageDriver & { objects: Map<string, StoredObject> } {
  const objects = new Map<string, StoredObject>();
  return {
    objects,
    put: (key, bytes, contentType) => {
      objects.set(key, { bytes, contentType });
      return Promise.resolve();
    },
    get: (key) => Promise.resolve(objects.get(key) ?? null),
    delete: (key) => {
      objects.delete(key);
      return Promise.resolve();
    },
  };
}
